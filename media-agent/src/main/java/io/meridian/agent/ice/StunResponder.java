package io.meridian.agent.ice;

import java.net.InetSocketAddress;

/** Sends a STUN response datagram; {@code net.MediaSocket::send} fits. */
@FunctionalInterface
public interface StunResponder {
    /** Sends {@code b[off..off+len)} to {@code to}. */
    void send(byte[] b, int off, int len, InetSocketAddress to);
}
