package io.meridian.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * The media agent's configuration. Every key maps to an environment variable by Quarkus' rule
 * ({@code meridian.agent.media-port} ⇄ {@code MERIDIAN_AGENT_MEDIA_PORT}); the controller address and
 * the fleet secret live outside this prefix, in {@link FleetConfig}.
 */
@ConfigMapping(prefix = "meridian.agent")
public interface AgentConfig {

    /**
     * Unique id of this agent in the fleet, 1-128 chars of [A-Za-z0-9._-] ({@code MERIDIAN_AGENT_ID});
     * empty → derived from the host name and the media port, see {@link AgentIdentity}.
     */
    Optional<String> id();

    /** Region name as known to the controller's region catalog ({@code MERIDIAN_AGENT_REGION}). */
    @WithDefault("us-east-1")
    String region();

    /** Port of the HTTP server carrying the signaling WebSocket ({@code MERIDIAN_AGENT_HTTP_PORT}). */
    @WithName("http-port")
    @WithDefault("8081")
    int httpPort();

    /** The one UDP port for all browsers' WebRTC media ({@code MERIDIAN_AGENT_MEDIA_PORT}). */
    @WithName("media-port")
    @WithDefault("10000")
    int mediaPort();

    /**
     * TCP port for ICE-TCP (RFC 6544 passive candidate at the public host, RFC 4571 framing) for browsers whose
     * network blocks UDP; 0 → no TCP candidate ({@code MERIDIAN_AGENT_MEDIA_TCP_PORT}).
     */
    @WithName("media-tcp-port")
    @WithDefault("0")
    int mediaTcpPort();

    /** UDP port for relay links from other agents ({@code MERIDIAN_AGENT_RELAY_PORT}). */
    @WithName("relay-port")
    @WithDefault("10001")
    int relayPort();

    /**
     * Where other agents send relay traffic, {@code host:port} ({@code [v6]:port} for IPv6), when that is not the
     * public host and the relay port — behind a NAT 1:1 mapping, a port forward or a UDP proxy
     * ({@code MERIDIAN_AGENT_RELAY_ANNOUNCED_ADDRESS}); empty → public-host:relay-port.
     */
    @WithName("relay-announced-address")
    Optional<String> relayAnnouncedAddress();

    /**
     * The signaling WebSocket URL announced to the controller, which hands it to browsers
     * ({@code MERIDIAN_AGENT_SIGNALING_URL}): a {@code ws://} or {@code wss://} URL with a host, e.g.
     * {@code wss://agent-1.eu.example:443/signaling} when the HTTP server speaks TLS under a DNS name;
     * empty → {@code ws://<public-host>:<http-port>/signaling}. Anything else stops the agent at start.
     */
    @WithName("signaling-url")
    Optional<String> signalingUrl();

    /** Address announced in ICE candidates and the default signaling URL ({@code MERIDIAN_AGENT_PUBLIC_HOST}). */
    @WithName("public-host")
    @WithDefault("127.0.0.1")
    String publicHost();

    /** Most participants this agent accepts, all conferences ({@code MERIDIAN_AGENT_CAPACITY}). */
    @WithDefault("100")
    int capacity();

    /** Process CPU share (0..1 of the machine) counted as full stress ({@code MERIDIAN_AGENT_CPU_LIMIT}). */
    @WithName("cpu-limit")
    @WithDefault("0.8")
    double cpuLimit();

    /** Packets per second (in + out) counted as full stress ({@code MERIDIAN_AGENT_PACKET_RATE_LIMIT}). */
    @WithName("packet-rate-limit")
    @WithDefault("200000")
    double packetRateLimit();

    /** Load reporting ({@code MERIDIAN_AGENT_REPORT_*}). */
    Report report();

    /** The link to the controller ({@code MERIDIAN_AGENT_CONTROL_*}). */
    Control control();

    /** Join-token checks ({@code MERIDIAN_AGENT_TOKEN_*}). */
    Token token();

    /** Limits on signaling sessions ({@code MERIDIAN_AGENT_SIGNALING_*}). */
    Signaling signaling();

    /** Abuse limits on the media port ({@code MERIDIAN_AGENT_UDP_*}). */
    Udp udp();

    /** Load reporting settings; the controller's Welcome sets the actual interval. */
    interface Report {
        /** Interval used when Welcome says 0 ({@code MERIDIAN_AGENT_REPORT_DEFAULT_INTERVAL}). */
        @WithName("default-interval")
        @WithDefault("1s")
        Duration defaultInterval();

        /** Shortest interval accepted from Welcome, protecting the agent ({@code MERIDIAN_AGENT_REPORT_MIN_INTERVAL}). */
        @WithName("min-interval")
        @WithDefault("100ms")
        Duration minInterval();
    }

    /** Controller link settings. */
    interface Control {
        /** False → the agent runs without a controller, e.g. in isolated tests ({@code MERIDIAN_AGENT_CONTROL_ENABLED}). */
        @WithDefault("true")
        boolean enabled();

        /** First reconnect delay; doubles per failed attempt ({@code MERIDIAN_AGENT_CONTROL_BACKOFF_INITIAL}). */
        @WithName("backoff-initial")
        @WithDefault("500ms")
        Duration backoffInitial();

        /** Longest reconnect delay ({@code MERIDIAN_AGENT_CONTROL_BACKOFF_MAX}). */
        @WithName("backoff-max")
        @WithDefault("10s")
        Duration backoffMax();

        /** A session without Welcome after this long is abandoned and retried ({@code MERIDIAN_AGENT_CONTROL_WELCOME_TIMEOUT}). */
        @WithName("welcome-timeout")
        @WithDefault("10s")
        Duration welcomeTimeout();

        /**
         * HTTP/2 keepalive ping period that detects a vanished controller; must be longer than the
         * controller's permitted keepalive time (grpc-java's default is 5 minutes), or the controller answers
         * the pings with GOAWAY "too_many_pings"
         * ({@code MERIDIAN_AGENT_CONTROL_KEEPALIVE}).
         */
        @WithDefault("6m")
        Duration keepalive();

        /**
         * How often the names in {@code MERIDIAN_CONTROLLER} are looked up again: a new address gets a link, a
         * vanished one's link is closed ({@code MERIDIAN_AGENT_CONTROL_RESOLVE_INTERVAL}).
         */
        @WithName("resolve-interval")
        @WithDefault("30s")
        Duration resolveInterval();
    }

    /** Join-token verification settings. */
    interface Token {
        /** Clock skew tolerated on exp, nbf and iat ({@code MERIDIAN_AGENT_TOKEN_LEEWAY}). */
        @WithDefault("5s")
        Duration leeway();
    }

    /** What one client may hold of the signaling endpoint. */
    interface Signaling {
        /**
         * How long the agent waits for each negotiation step (publish offer, subscribe answer, transport
         * connected) before closing the session with 4408 ({@code MERIDIAN_AGENT_SIGNALING_NEGOTIATION_TIMEOUT}).
         */
        @WithDefault("20s")
        Duration negotiationTimeout();

        /**
         * Concurrent sessions one source address may hold; more are closed with 4429
         * ({@code MERIDIAN_AGENT_SIGNALING_MAX_SESSIONS_PER_SOURCE}). A NAT may put a whole office behind one
         * address, hence a generous default.
         */
        @WithDefault("50")
        int maxSessionsPerSource();
    }

    /** What senders may cost the media port; docs/security.md explains each limit. */
    interface Udp {
        /**
         * Datagrams per second one source address may send to the media port before an ICE check from it is
         * validated; more are dropped and counted as {@code udp-rate-limited}
         * ({@code MERIDIAN_AGENT_UDP_UNVALIDATED_PACKETS_PER_SECOND}).
         */
        @WithDefault("50")
        double unvalidatedPacketsPerSecond();

        /** Datagrams such a source may send at once ({@code MERIDIAN_AGENT_UDP_UNVALIDATED_BURST}). */
        @WithDefault("100")
        double unvalidatedBurst();

        /**
         * Source addresses rate-limited at once (fixed memory); a new source takes the slot idle the longest
         * ({@code MERIDIAN_AGENT_UDP_SOURCE_TABLE_SIZE}).
         */
        @WithDefault("4096")
        int sourceTableSize();

        /**
         * Retransmissions (and upstream NACKs) one subscriber's NACKs may cause per second, also the burst; the
         * rest are dropped and counted as {@code nack-budget} ({@code MERIDIAN_AGENT_UDP_NACK_PACKETS_PER_SECOND}).
         */
        @WithDefault("300")
        int nackPacketsPerSecond();

        /**
         * Sequence numbers honoured from one NACK packet; the rest are dropped and counted as {@code nack-budget}
         * ({@code MERIDIAN_AGENT_UDP_NACK_MAX_PER_REQUEST}).
         */
        @WithDefault("100")
        int nackMaxPerRequest();
    }
}
