package io.meridian.controller.agentlink;

import io.meridian.controller.Ids;
import io.meridian.controller.fleet.Admission;
import io.meridian.controller.fleet.AgentHello;
import io.meridian.controller.fleet.HostPort;
import io.meridian.controller.fleet.LoadSample;
import io.meridian.proto.agent.v1.ConferenceLoad;
import io.meridian.proto.agent.v1.Hello;
import io.meridian.proto.agent.v1.HostedConference;
import io.meridian.proto.agent.v1.HostedParticipant;
import io.meridian.proto.agent.v1.LoadReport;
import io.meridian.proto.agent.v1.PeerRtt;
import io.meridian.proto.agent.v1.UdpAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Validates agent protocol messages and maps them to domain records; proto types stop here. */
public final class ProtoMapper {
    /** Highest plausible round-trip time between agents, milliseconds. */
    static final double MAX_RTT_MS = 10_000;
    /** Longest join token an agent may relay (real ones are a few hundred characters). */
    static final int MAX_TOKEN_CHARS = 4096;

    private ProtoMapper() {
    }

    /** A validated Hello; {@code knownRegion} says which region names the catalog has. */
    public static AgentHello hello(Hello hello, Predicate<String> knownRegion) throws InvalidAgentMessage {
        require(Ids.valid(hello.getAgentId()), "Hello." + Ids.problem("agent_id", hello.getAgentId()));
        require(!hello.getRegion().isEmpty(), "Hello.region is missing");
        require(knownRegion.test(hello.getRegion()), "Hello.region '" + clip(hello.getRegion())
                + "' is not in the controller's region catalog");
        String url = signalingUrl(hello.getSignalingUrl());
        HostPort media = address("Hello.media_address", hello.hasMediaAddress(), hello.getMediaAddress());
        HostPort relay = address("Hello.relay_address", hello.hasRelayAddress(), hello.getRelayAddress());
        require(hello.getCapacityParticipants() > 0 && hello.getCapacityParticipants() <= 1_000_000,
                "Hello.capacity_participants must be 1..1000000");
        require(hello.getVersion().length() <= 128, "Hello.version is longer than 128 characters");
        Map<String, List<Admission>> hosted = new LinkedHashMap<>();
        for (HostedConference conference : hello.getHostedList()) {
            require(Ids.valid(conference.getConferenceId()),
                    "Hello.hosted." + Ids.problem("conference_id", conference.getConferenceId()));
            List<Admission> participants = new ArrayList<>();
            for (HostedParticipant hostedParticipant : conference.getParticipantsList()) {
                String participant = hostedParticipant.getParticipantId();
                require(Ids.valid(participant), "Hello.hosted." + Ids.problem("participant_id", participant));
                require(hostedParticipant.getJoinToken().length() <= MAX_TOKEN_CHARS,
                        "Hello.hosted.join_token is longer than " + MAX_TOKEN_CHARS + " characters");
                participants.add(new Admission(participant, hostedParticipant.getJoinToken()));
            }
            require(hosted.put(conference.getConferenceId(), List.copyOf(participants)) == null,
                    "Hello.hosted lists conference '" + conference.getConferenceId() + "' twice");
        }
        return new AgentHello(hello.getAgentId(), hello.getRegion(), url, media, relay,
                hello.getCapacityParticipants(), hello.getVersion(), hosted);
    }

    /** A validated load report. */
    public static LoadSample loadReport(LoadReport report) throws InvalidAgentMessage {
        require(report.getSequence() > 0, "LoadReport.sequence must start at 1");
        require(finiteAtLeastZero(report.getStress()) && report.getStress() <= 1000,
                "LoadReport.stress must be a finite number 0..1000");
        require(finiteAtLeastZero(report.getCpu()) && report.getCpu() <= 1, "LoadReport.cpu must be 0..1");
        require(finiteAtLeastZero(report.getPacketsInPerSecond()), "LoadReport.packets_in_per_second must be >= 0");
        require(finiteAtLeastZero(report.getPacketsOutPerSecond()), "LoadReport.packets_out_per_second must be >= 0");
        require(finiteAtLeastZero(report.getBitrateInBps()), "LoadReport.bitrate_in_bps must be >= 0");
        require(finiteAtLeastZero(report.getBitrateOutBps()), "LoadReport.bitrate_out_bps must be >= 0");
        require(report.getParticipants() <= 10_000_000, "LoadReport.participants is implausible");
        Map<String, Integer> conferences = new HashMap<>();
        for (ConferenceLoad load : report.getConferencesList()) {
            require(Ids.valid(load.getConferenceId()),
                    "LoadReport.conferences." + Ids.problem("conference_id", load.getConferenceId()));
            require(load.getParticipants() <= 10_000_000, "LoadReport.conferences.participants is implausible");
            conferences.merge(load.getConferenceId(), load.getParticipants(), Integer::sum);
        }
        Map<String, Double> rtt = new HashMap<>();
        for (PeerRtt peer : report.getPeerRttsList()) {
            require(Ids.valid(peer.getAgentId()), "LoadReport.peer_rtts." + Ids.problem("agent_id", peer.getAgentId()));
            require(Double.isFinite(peer.getRttMs()) && peer.getRttMs() > 0 && peer.getRttMs() <= MAX_RTT_MS,
                    "LoadReport.peer_rtts.rtt_ms must be > 0 and <= 10000");
            rtt.put(peer.getAgentId(), peer.getRttMs());
        }
        return new LoadSample(report.getSequence(), report.getStress(), report.getCpu(),
                report.getPacketsInPerSecond(), report.getPacketsOutPerSecond(), report.getBitrateInBps(),
                report.getBitrateOutBps(), report.getParticipants(), conferences, rtt);
    }

    /** Checks the join token an agent relays with an event. */
    public static void joinToken(String kind, String token) throws InvalidAgentMessage {
        require(token.length() <= MAX_TOKEN_CHARS, kind + ".join_token is longer than " + MAX_TOKEN_CHARS
                + " characters");
    }

    /** Checks a conference and participant id pair of an event. */
    public static void participantEvent(String kind, String conferenceId, String participantId)
            throws InvalidAgentMessage {
        require(Ids.valid(conferenceId), kind + "." + Ids.problem("conference_id", conferenceId));
        require(Ids.valid(participantId), kind + "." + Ids.problem("participant_id", participantId));
    }

    private static String signalingUrl(String value) throws InvalidAgentMessage {
        require(!value.isEmpty(), "Hello.signaling_url is missing");
        require(value.length() <= 2048, "Hello.signaling_url is longer than 2048 characters");
        try {
            URI uri = new URI(value);
            require("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme()),
                    "Hello.signaling_url must be a ws:// or wss:// URL");
            require(uri.getHost() != null, "Hello.signaling_url has no host");
            return value;
        } catch (URISyntaxException e) {
            throw new InvalidAgentMessage("Hello.signaling_url is not a URL");
        }
    }

    private static HostPort address(String field, boolean present, UdpAddress address) throws InvalidAgentMessage {
        require(present, field + " is missing");
        require(!address.getHost().isBlank() && address.getHost().length() <= 255, field + ".host is missing or too long");
        require(address.getPort() >= 1 && address.getPort() <= 65535, field + ".port must be 1..65535");
        return new HostPort(address.getHost(), address.getPort());
    }

    private static boolean finiteAtLeastZero(double value) {
        return Double.isFinite(value) && value >= 0;
    }

    private static String clip(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }

    private static void require(boolean condition, String description) throws InvalidAgentMessage {
        if (!condition) {
            throw new InvalidAgentMessage(description);
        }
    }
}
