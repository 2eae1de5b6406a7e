package io.meridian.agent.control;

import io.meridian.agent.report.HostedConference;
import io.meridian.agent.report.LoadSample;
import io.meridian.agent.report.PeerRtts;
import io.meridian.proto.agent.v1.AgentMessage;
import io.meridian.proto.agent.v1.CommandAck;
import io.meridian.proto.agent.v1.ConferenceLoad;
import io.meridian.proto.agent.v1.FleetPeers;
import io.meridian.proto.agent.v1.Hello;
import io.meridian.proto.agent.v1.HostedParticipant;
import io.meridian.proto.agent.v1.LoadReport;
import io.meridian.proto.agent.v1.OpenRelay;
import io.meridian.proto.agent.v1.ParticipantJoined;
import io.meridian.proto.agent.v1.ParticipantLeft;
import io.meridian.proto.agent.v1.PeerRtt;
import io.meridian.proto.agent.v1.SrtpKey;
import io.meridian.proto.agent.v1.UdpAddress;
import java.util.List;

/** Maps between the agent's records and the agent-link protobuf messages; proto types stop here. */
final class LinkMessages {

    private LinkMessages() {
    }

    static AgentMessage hello(Announcement a, List<HostedConference> hosted) {
        Hello.Builder hello = Hello.newBuilder()
                .setAgentId(a.agentId())
                .setRegion(a.region())
                .setSignalingUrl(a.signalingUrl())
                .setMediaAddress(address(a.mediaHost(), a.mediaPort()))
                .setRelayAddress(address(a.relayHost(), a.relayPort()))
                .setCapacityParticipants(a.capacity())
                .setVersion(a.version());
        for (HostedConference conference : hosted) {
            hello.addHosted(io.meridian.proto.agent.v1.HostedConference.newBuilder()
                    .setConferenceId(conference.conferenceId())
                    .addAllParticipants(conference.participants().stream()
                            .map(p -> HostedParticipant.newBuilder().setParticipantId(p.participantId())
                                    .setJoinToken(p.joinToken()).build()).toList()));
        }
        return AgentMessage.newBuilder().setHello(hello).build();
    }

    static AgentMessage loadReport(long sequence, LoadSample sample) {
        LoadReport.Builder report = LoadReport.newBuilder()
                .setSequence(sequence)
                .setStress(sample.stress())
                .setCpu(sample.cpu())
                .setPacketsInPerSecond(sample.packetsInPerSecond())
                .setPacketsOutPerSecond(sample.packetsOutPerSecond())
                .setBitrateInBps(sample.bitrateInBps())
                .setBitrateOutBps(sample.bitrateOutBps())
                .setParticipants(sample.participants());
        for (LoadSample.ConferenceCount conference : sample.conferences()) {
            report.addConferences(ConferenceLoad.newBuilder()
                    .setConferenceId(conference.conferenceId())
                    .setParticipants(conference.participants()));
        }
        for (PeerRtts.PeerRtt peer : sample.peerRtts()) {
            report.addPeerRtts(PeerRtt.newBuilder().setAgentId(peer.agentId()).setRttMs(peer.rttMs()));
        }
        return AgentMessage.newBuilder().setLoadReport(report).build();
    }

    static AgentMessage joined(String conferenceId, String participantId, String joinToken) {
        return AgentMessage.newBuilder().setParticipantJoined(ParticipantJoined.newBuilder()
                .setConferenceId(conferenceId)
                .setParticipantId(participantId)
                .setJoinToken(joinToken)).build();
    }

    static AgentMessage left(String conferenceId, String participantId, LeaveReason reason) {
        return AgentMessage.newBuilder().setParticipantLeft(ParticipantLeft.newBuilder()
                .setConferenceId(conferenceId)
                .setParticipantId(participantId)
                .setReason(switch (reason) {
                    case CLOSED -> io.meridian.proto.agent.v1.LeaveReason.LEAVE_REASON_CLOSED;
                    case TIMEOUT -> io.meridian.proto.agent.v1.LeaveReason.LEAVE_REASON_TIMEOUT;
                    case ERROR -> io.meridian.proto.agent.v1.LeaveReason.LEAVE_REASON_ERROR;
                    case REMOVED -> io.meridian.proto.agent.v1.LeaveReason.LEAVE_REASON_REMOVED;
                })).build();
    }

    static AgentMessage ack(long commandId, RelayCommands.CommandResult result) {
        return AgentMessage.newBuilder().setCommandAck(CommandAck.newBuilder()
                .setCommandId(commandId)
                .setOk(result.ok())
                .setError(result.ok() || result.error() == null ? "" : result.error())).build();
    }

    static RelayCommands.OpenRelayCommand openRelay(OpenRelay open) {
        return new RelayCommands.OpenRelayCommand(open.getConferenceId(), open.getPeerAgentId(),
                endpoint(open.getPeerRelayAddress()), keying(open.getSendKey()), keying(open.getReceiveKey()));
    }

    static RelayCommands.CloseRelayCommand closeRelay(io.meridian.proto.agent.v1.CloseRelay close) {
        return new RelayCommands.CloseRelayCommand(close.getConferenceId(), close.getPeerAgentId());
    }

    static List<RelayCommands.FleetPeer> fleetPeers(FleetPeers peers) {
        return peers.getPeersList().stream()
                .map(p -> new RelayCommands.FleetPeer(p.getAgentId(), p.getRegion(), endpoint(p.getRelayAddress())))
                .toList();
    }

    private static UdpAddress address(String host, int port) {
        return UdpAddress.newBuilder().setHost(host).setPort(port).build();
    }

    private static RelayCommands.UdpEndpoint endpoint(UdpAddress address) {
        return new RelayCommands.UdpEndpoint(address.getHost(), address.getPort());
    }

    private static RelayCommands.SrtpKeying keying(SrtpKey key) {
        return new RelayCommands.SrtpKeying(key.getProfile(), key.getMasterKey().toByteArray(),
                key.getMasterSalt().toByteArray());
    }
}
