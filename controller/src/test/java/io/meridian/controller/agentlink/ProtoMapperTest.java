package io.meridian.controller.agentlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.controller.fleet.Admission;
import io.meridian.controller.fleet.AgentHello;
import io.meridian.controller.fleet.HostPort;
import io.meridian.controller.fleet.LoadSample;
import io.meridian.controller.support.FakeAgent;
import io.meridian.proto.agent.v1.ConferenceLoad;
import io.meridian.proto.agent.v1.HostedConference;
import io.meridian.proto.agent.v1.LoadReport;
import io.meridian.proto.agent.v1.PeerRtt;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ProtoMapperTest {
    static final Predicate<String> KNOWN = Set.of("eu-west-1", "us-east-1")::contains;

    @Test
    void mapsAValidHelloWithItsHostedConferences() throws Exception {
        AgentHello hello = ProtoMapper.hello(FakeAgent.hello("agent-1", "eu-west-1", 8081)
                .addHosted(HostedConference.newBuilder().setConferenceId("c1").addParticipants(io.meridian.proto.agent.v1.HostedParticipant.newBuilder().setParticipantId("p1")).addParticipants(io.meridian.proto.agent.v1.HostedParticipant.newBuilder().setParticipantId("p2")))
                .build(), KNOWN);
        assertThat(hello.agentId()).isEqualTo("agent-1");
        assertThat(hello.signalingUrl()).isEqualTo("ws://127.0.0.1:8081/signaling");
        assertThat(hello.mediaAddress()).isEqualTo(new HostPort("127.0.0.1", 9081));
        assertThat(hello.relayAddress()).isEqualTo(new HostPort("127.0.0.1", 10081));
        assertThat(hello.capacity()).isEqualTo(100);
        assertThat(hello.hosted()).isEqualTo(Map.of("c1", List.of(new Admission("p1", ""), new Admission("p2", ""))));
    }

    @Test
    void refusesHellosThatBreakTheRulesNamingTheField() {
        assertThatThrownBy(() -> ProtoMapper.hello(FakeAgent.hello("", "eu-west-1", 1).build(), KNOWN))
                .hasMessage("Hello.agent_id is missing");
        assertThatThrownBy(() -> ProtoMapper.hello(FakeAgent.hello("a", "", 1).build(), KNOWN))
                .hasMessage("Hello.region is missing");
        assertThatThrownBy(() -> ProtoMapper.hello(FakeAgent.hello("a", "eu-west-1", 1).clearRelayAddress().build(), KNOWN))
                .hasMessage("Hello.relay_address is missing");
        assertThatThrownBy(() -> ProtoMapper.hello(FakeAgent.hello("a", "eu-west-1", 1).setSignalingUrl("ws://").build(),
                KNOWN)).hasMessageContaining("signaling_url");
        assertThatThrownBy(() -> ProtoMapper.hello(FakeAgent.hello("a", "eu-west-1", 1)
                .addHosted(HostedConference.newBuilder().setConferenceId("c1"))
                .addHosted(HostedConference.newBuilder().setConferenceId("c1")).build(), KNOWN))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> ProtoMapper.hello(FakeAgent.hello("a", "eu-west-1", 1)
                .addHosted(HostedConference.newBuilder().setConferenceId("c1").addParticipants(io.meridian.proto.agent.v1.HostedParticipant.newBuilder().setParticipantId("bad id"))).build(), KNOWN))
                .hasMessageContaining("participant_id");
    }

    @Test
    void mapsALoadReportWithConferencesAndPeerRtts() throws Exception {
        LoadSample sample = ProtoMapper.loadReport(LoadReport.newBuilder().setSequence(3).setStress(1.2).setCpu(0.5)
                .setPacketsInPerSecond(1000).setBitrateOutBps(2e6).setParticipants(9)
                .addConferences(ConferenceLoad.newBuilder().setConferenceId("c1").setParticipants(4))
                .addPeerRtts(PeerRtt.newBuilder().setAgentId("agent-2").setRttMs(72.5)).build());
        assertThat(sample.sequence()).isEqualTo(3);
        assertThat(sample.stress()).isEqualTo(1.2);
        assertThat(sample.participants()).isEqualTo(9);
        assertThat(sample.conferences()).isEqualTo(Map.of("c1", 4));
        assertThat(sample.peerRttMs()).isEqualTo(Map.of("agent-2", 72.5));
    }

    @Test
    void refusesReportsOutOfRange() {
        assertThatThrownBy(() -> ProtoMapper.loadReport(LoadReport.newBuilder().build()))
                .hasMessageContaining("sequence must start at 1");
        assertThatThrownBy(() -> ProtoMapper.loadReport(LoadReport.newBuilder().setSequence(1).setStress(Double.NaN).build()))
                .hasMessageContaining("stress");
        assertThatThrownBy(() -> ProtoMapper.loadReport(LoadReport.newBuilder().setSequence(1).setCpu(1.5).build()))
                .hasMessageContaining("cpu must be 0..1");
        assertThatThrownBy(() -> ProtoMapper.loadReport(LoadReport.newBuilder().setSequence(1)
                .setBitrateInBps(Double.POSITIVE_INFINITY).build())).hasMessageContaining("bitrate_in_bps");
        assertThatThrownBy(() -> ProtoMapper.loadReport(LoadReport.newBuilder().setSequence(1)
                .addPeerRtts(PeerRtt.newBuilder().setAgentId("b").setRttMs(0)).build()))
                .hasMessageContaining("rtt_ms must be > 0");
        assertThatThrownBy(() -> ProtoMapper.loadReport(LoadReport.newBuilder().setSequence(1)
                .addConferences(ConferenceLoad.newBuilder().setConferenceId("x/y")).build()))
                .hasMessageContaining("conference_id");
    }
}
