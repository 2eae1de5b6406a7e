package io.meridian.agent.dtls;

/** Where a DTLS endpoint writes its records: the transport's current remote address over the media socket. */
@FunctionalInterface
public interface DatagramOut {
    /** Sends one datagram; the bytes may be reused once this returns. */
    void send(byte[] buf, int off, int len);
}
