package io.meridian.agent.ice;

import io.meridian.agent.stun.Stun;
import io.meridian.agent.stun.StunMessage;
import io.meridian.agent.stun.StunWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.crypto.Mac;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All ICE-lite agents on one media socket, found by local ufrag (for checks) and by validated remote address
 * (for DTLS, RTP and RTCP demultiplexing). {@link #handleStun} and {@link #tick} run on the media thread;
 * {@link #register}/{@link #unregister} and {@link #byAddress} may be called from any thread.
 */
public final class IceRegistry {
    /** What became of a STUN datagram. */
    public enum Outcome {
        /** A valid binding request, answered with a success response. */
        ANSWERED,
        /** An authenticated request we refused with an authenticated error response (role conflict). */
        REJECTED,
        /**
         * A binding request without USERNAME and MESSAGE-INTEGRITY, naming no registered agent, or whose integrity
         * does not verify: not answered at all, so nobody can use the media port to reflect or amplify traffic.
         */
        UNAUTHENTICATED,
        /** Malformed, failed fingerprint, or a response we never asked for: dropped silently. */
        DROPPED,
        /** A binding indication (keepalive): nothing to do. */
        IGNORED
    }

    /** RFC 7675 §5.1: consent expires 30 s after the last successful check. */
    public static final Duration DEFAULT_CONSENT_TIMEOUT = Duration.ofSeconds(30);

    private final ConcurrentHashMap<String, IceLiteAgent> byUfrag = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetSocketAddress, IceLiteAgent> byAddress = new ConcurrentHashMap<>();
    private final long consentTimeoutNanos;
    private final String software;
    private final StunMessage message = new StunMessage();
    private final StunWriter writer = new StunWriter();
    private final byte[] response = new byte[256];

    /** A registry with the RFC 7675 consent timeout. */
    public IceRegistry() {
        this(DEFAULT_CONSENT_TIMEOUT);
    }

    /** A registry with a given consent timeout. */
    public IceRegistry(Duration consentTimeout) {
        this.consentTimeoutNanos = consentTimeout.toNanos();
        this.software = "meridian";
    }

    /** Makes an agent reachable by its local ufrag. Throws if the ufrag is taken. */
    public void register(IceLiteAgent agent) {
        if (byUfrag.putIfAbsent(agent.localUfrag(), agent) != null) {
            throw new IllegalArgumentException("ufrag already registered: " + agent.localUfrag());
        }
    }

    /**
     * ICE restart of a registered agent: gives it fresh credentials (8-character ufrag, 24-character password) and
     * re-keys it here, so checks with the old ufrag are no longer answered and checks with the new one are. Addresses
     * that passed a check keep mapping to it: DTLS and SRTP go on over the old path during the restart.
     *
     * @return false when the agent is not registered (closed or expired meanwhile); nothing changes then
     */
    public boolean restart(IceLiteAgent agent) {
        String old = agent.localUfrag();
        if (byUfrag.get(old) != agent || agent.state() == IceLiteAgent.State.CLOSED
                || agent.state() == IceLiteAgent.State.EXPIRED) {
            return false;
        }
        String ufrag;
        do {
            ufrag = IceLiteAgent.randomIceString(8);
        } while (byUfrag.putIfAbsent(ufrag, agent) != null);
        agent.replaceCredentials(ufrag, IceLiteAgent.randomIceString(24));
        byUfrag.remove(old, agent);
        return true;
    }

    /** Forgets an agent and every address that mapped to it; it is then closed. */
    public void unregister(IceLiteAgent agent) {
        byUfrag.remove(agent.localUfrag(), agent);
        byAddress.values().removeIf(a -> a == agent);
        agent.markClosed();
    }

    /** The agent registered under {@code localUfrag}, or null. */
    public IceLiteAgent byUfrag(String localUfrag) {
        return byUfrag.get(localUfrag);
    }

    /** The agent whose valid checks came from {@code from}, or null: the demux lookup for non-STUN packets. */
    public IceLiteAgent byAddress(InetSocketAddress from) {
        return byAddress.get(from);
    }

    /** Number of registered agents. */
    public int size() {
        return byUfrag.size();
    }

    /**
     * Handles one STUN datagram from {@code from}: answers a valid binding request addressed to a registered
     * agent (XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY with the local password, FINGERPRINT) and updates that agent;
     * answers an authenticated request it refuses with an authenticated error; leaves unauthenticated requests
     * unanswered ({@link Outcome#UNAUTHENTICATED}); drops the rest. Never throws on bad input.
     */
    public Outcome handleStun(byte[] b, int off, int len, InetSocketAddress from, long nowNanos,
            StunResponder responder) {
        StunMessage m = message;
        if (!m.parse(b, off, len) || m.method() != Stun.BINDING) {
            return Outcome.DROPPED;
        }
        if (m.hasFingerprint() && !m.verifyFingerprint()) {
            return Outcome.DROPPED; // RFC 5389 §7.3: a bad fingerprint means "not STUN"
        }
        if (m.messageClass() == Stun.CLASS_INDICATION) {
            return Outcome.IGNORED;
        }
        if (m.messageClass() != Stun.CLASS_REQUEST) {
            return Outcome.DROPPED; // a lite agent sends no requests, so expects no responses
        }
        // RFC 5389 §10.1.2 would answer 400/401 here, but an error response is longer than the bare 20-byte
        // request that provokes it: an amplifier for spoofed sources. Browsers retransmit checks, so silence is safe.
        if (!m.hasUsername() || !m.hasMessageIntegrity()) {
            return Outcome.UNAUTHENTICATED;
        }
        IceLiteAgent agent = agentFor(b, m);
        Mac mac = agent == null ? null : agent.mac(); // read once: an ICE restart may replace it meanwhile
        if (agent == null || agent.state() == IceLiteAgent.State.CLOSED || !m.verifyMessageIntegrity(mac)) {
            return Outcome.UNAUTHENTICATED;
        }
        if (m.hasIceControlled()) { // both sides controlled: a lite agent cannot take the controlling role
            reject(m, from, responder, Stun.ERROR_ROLE_CONFLICT, "Role Conflict", mac);
            return Outcome.REJECTED;
        }
        writer.start(response, 0, Stun.BINDING_SUCCESS, b, m.transactionIdOffset())
                .addXorMappedAddress(from)
                .addMessageIntegrity(mac)
                .addFingerprint();
        responder.send(response, 0, writer.length(), from);
        InetSocketAddress evicted = agent.onValidCheck(from, m.hasUseCandidate(), nowNanos);
        if (evicted != null) {
            byAddress.remove(evicted, agent);
        }
        byAddress.put(from, agent);
        return Outcome.ANSWERED;
    }

    /** Expires agents whose checks stopped (or never came) for longer than the consent timeout. */
    public void tick(long nowNanos) {
        for (IceLiteAgent agent : byUfrag.values()) {
            if (agent.expireIfSilent(nowNanos, consentTimeoutNanos)) {
                byAddress.values().removeIf(a -> a == agent);
            }
        }
    }

    private IceLiteAgent agentFor(byte[] b, StunMessage m) {
        int start = m.usernameOffset();
        int end = start + m.usernameLength();
        int colon = -1;
        for (int i = start; i < end; i++) {
            if (b[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= start) {
            return null;
        }
        IceLiteAgent agent = byUfrag.get(new String(b, start, colon - start, StandardCharsets.UTF_8));
        if (agent == null) {
            return null;
        }
        String remote = agent.remoteUfrag();
        if (remote != null && !remote.equals(new String(b, colon + 1, end - colon - 1, StandardCharsets.UTF_8))) {
            return null;
        }
        return agent;
    }

    private void reject(StunMessage m, InetSocketAddress from, StunResponder responder, int code, String reason,
            Mac mac) {
        writer.start(response, 0, Stun.BINDING_ERROR, m.buffer(), m.transactionIdOffset())
                .addErrorCode(code, reason)
                .addSoftware(software)
                .addMessageIntegrity(mac) // only authenticated requests get an error (RFC 5389 §10.1.2)
                .addFingerprint();
        responder.send(response, 0, writer.length(), from);
    }
}
