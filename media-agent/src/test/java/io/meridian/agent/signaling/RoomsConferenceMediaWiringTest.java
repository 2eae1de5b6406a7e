package io.meridian.agent.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.control.RelayCommands;
import io.meridian.agent.relay.ConferenceMedia;
import io.meridian.agent.relay.RelayService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent's relay finds signaling's conferences: links are accepted and hold the conference's router. */
@QuarkusTest
@TestProfile(SignalingTestProfile.class)
@Timeout(60)
class RoomsConferenceMediaWiringTest {
    @Inject
    ConferenceMedia media;

    @Inject
    RelayService relay;

    @Test
    void theRelayOpensALinkIntoSignalingsConferencesAndReleasesItsRouterOnClose() {
        RelayCommands.OpenRelayCommand open = new RelayCommands.OpenRelayCommand("conf-wired", "agent-peer",
                new RelayCommands.UdpEndpoint("127.0.0.1", 9), key(), key());
        RelayCommands.CommandResult opened = relay.open(open);
        assertThat(opened.ok()).as("open: %s", opened.error()).isTrue();
        assertThat(media.existingRouter("conf-wired")).isNotNull();
        assertThat(media.existingRouter("conf-wired").transports()).hasSize(1);

        assertThat(relay.close(new RelayCommands.CloseRelayCommand("conf-wired", "agent-peer")).ok()).isTrue();
        assertThat(media.existingRouter("conf-wired")).isNull();
    }

    private static RelayCommands.SrtpKeying key() {
        SecureRandom random = new SecureRandom();
        byte[] k = new byte[16];
        byte[] s = new byte[12];
        random.nextBytes(k);
        random.nextBytes(s);
        return new RelayCommands.SrtpKeying("AEAD_AES_128_GCM", k, s);
    }
}
