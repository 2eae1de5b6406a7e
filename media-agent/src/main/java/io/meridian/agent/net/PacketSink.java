package io.meridian.agent.net;

import java.net.InetSocketAddress;

/**
 * Receives classified, structurally pre-checked datagrams from a {@link MediaSocket} on its receive thread.
 * The buffer is the socket's own and is reused for the next datagram: use or copy the bytes before returning.
 * It has at least {@link MediaSocket#HEADROOM} writable bytes after {@code off + len}, so in-place processing
 * may grow the packet (e.g. SRTP protect). Return false to have the datagram counted as dropped; never block.
 */
public interface PacketSink {
    /** A datagram that looks like STUN (header, cookie and length check out). */
    boolean onStun(byte[] buf, int off, int len, InetSocketAddress from);

    /** A datagram that looks like a DTLS record. */
    boolean onDtls(byte[] buf, int off, int len, InetSocketAddress from);

    /** A datagram that looks like (S)RTP. */
    boolean onRtp(byte[] buf, int off, int len, InetSocketAddress from);

    /** A datagram that looks like (S)RTCP. */
    boolean onRtcp(byte[] buf, int off, int len, InetSocketAddress from);

    /** Called on the receive thread about every tick interval, even when no packets arrive. */
    default void onTick(long nowNanos) {
    }
}
