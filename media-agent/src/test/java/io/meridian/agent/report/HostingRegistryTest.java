package io.meridian.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostingRegistryTest {

    private final HostingRegistry registry = new HostingRegistry();

    @Test
    void listsConferencesWithTheirParticipantsInAStableOrder() {
        registry.add("conf-b", "p2", "token-p2");
        registry.add("conf-a", "p1", "token-p1");
        registry.add("conf-b", "p3", "token-p3");

        assertThat(registry.hosted()).containsExactly(
                new HostedConference("conf-a", List.of(new HostedConference.Participant("p1", "token-p1"))),
                new HostedConference("conf-b", List.of(new HostedConference.Participant("p2", "token-p2"),
                        new HostedConference.Participant("p3", "token-p3"))));
        assertThat(registry.participants()).isEqualTo(3);
    }

    @Test
    void forgetsAConferenceWhenItsLastParticipantLeaves() {
        registry.add("conf", "p1", "token-p1");

        assertThat(registry.remove("conf", "p1")).isTrue();
        assertThat(registry.hosted()).isEmpty();
    }

    @Test
    void ignoresDuplicateJoinsAndUnknownLeaves() {
        assertThat(registry.add("conf", "p1", "token-p1")).isTrue();
        assertThat(registry.add("conf", "p1", "token-p1")).isFalse();
        assertThat(registry.remove("conf", "nobody")).isFalse();
        assertThat(registry.remove("other", "p1")).isFalse();
        assertThat(registry.participants()).isEqualTo(1);
    }

    @Test
    void snapshotsDoNotChangeAfterwards() {
        registry.add("conf", "p1", "token-p1");
        List<HostedConference> snapshot = registry.hosted();
        registry.add("conf", "p2", "token-p2");

        assertThat(snapshot.get(0).participantIds()).containsExactly("p1");
    }
}
