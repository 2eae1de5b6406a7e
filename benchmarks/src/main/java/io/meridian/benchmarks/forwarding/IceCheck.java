package io.meridian.benchmarks.forwarding;

import io.meridian.agent.sdp.IceParameters;
import io.meridian.agent.stun.Stun;
import io.meridian.agent.stun.StunWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The browser's side of ICE for one simulated transport: a nominating binding request (USERNAME, PRIORITY,
 * ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT) to the agent's ICE-lite port, so that the
 * agent's real registry selects the socket's address; waits for the success response.
 */
final class IceCheck {
    private static final SecureRandom RANDOM = new SecureRandom();

    private IceCheck() {
    }

    /** Runs one check from {@code client} (non-blocking) to {@code agent}; throws if no success answer comes in 2 s. */
    static void connect(ClientSocket client, InetSocketAddress agent, IceParameters agentIce) {
        byte[] txId = new byte[12];
        RANDOM.nextBytes(txId);
        byte[] msg = new byte[256];
        int len = new StunWriter().start(msg, 0, Stun.BINDING_REQUEST, txId, 0)
                .addUsername(agentIce.ufrag() + ":bench")
                .addUint32(Stun.ATTR_PRIORITY, 0x6E7F1EFF)
                .addUint64(Stun.ATTR_ICE_CONTROLLING, RANDOM.nextLong())
                .addFlag(Stun.ATTR_USE_CANDIDATE)
                .addMessageIntegrity(agentIce.pwd().getBytes(StandardCharsets.UTF_8))
                .addFingerprint()
                .length();
        ByteBuffer rx = ByteBuffer.allocate(1500);
        long deadline = System.nanoTime() + 2_000_000_000L;
        try {
            client.channel.send(ByteBuffer.wrap(msg, 0, len), agent);
            while (System.nanoTime() - deadline < 0) {
                rx.clear();
                if (client.channel.receive(rx) == null) {
                    LockSupport.parkNanos(200_000);
                    continue;
                }
                byte[] r = rx.array();
                int type = ((r[0] & 0xFF) << 8) | (r[1] & 0xFF);
                if (rx.position() >= Stun.HEADER_LENGTH && type == Stun.BINDING_SUCCESS
                        && java.util.Arrays.equals(r, 8, 20, txId, 0, 12)) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ICE check from " + client.address + " failed", e);
        }
        throw new IllegalStateException("no ICE answer from the agent at " + agent + " for " + client.address);
    }
}
