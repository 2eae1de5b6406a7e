package io.meridian.benchmarks.forwarding;

import io.meridian.agent.srtp.SrtpProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;

/**
 * One simulated browser's UDP socket on loopback and the SRTP keying material it would have exported from
 * DTLS ("EXTRACTOR-dtls_srtp"); the agent side of the same transport is keyed with the same bytes.
 */
final class ClientSocket implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Receive and send buffer asked for every benchmark socket (the agent asks the same; the kernel may cap it). */
    static final int BUFFER_BYTES = 4 << 20;

    final DatagramChannel channel;
    final InetSocketAddress address;
    final byte[] keyingMaterial;

    private ClientSocket(DatagramChannel channel, byte[] keyingMaterial) throws IOException {
        this.channel = channel;
        this.address = (InetSocketAddress) channel.getLocalAddress();
        this.keyingMaterial = keyingMaterial;
    }

    /** A non-blocking IPv4 loopback socket on a free port with fresh random keying material for {@code profile}. */
    static ClientSocket open(SrtpProfile profile) {
        try {
            DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
            ch.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER_BYTES);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, BUFFER_BYTES);
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ch.configureBlocking(false);
            byte[] material = new byte[profile.keyingMaterialLength()];
            RANDOM.nextBytes(material);
            return new ClientSocket(ch, material);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback UDP socket", e);
        }
    }

    int port() {
        return address.getPort();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a datagram socket: nothing to recover
        }
    }
}
