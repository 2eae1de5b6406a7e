package io.meridian.agent.sfu;

/**
 * How the router sends to a transport: the transport protects (SRTP) and sends to its selected address.
 * Called on the media thread only. The buffer belongs to the caller and is reused after the call returns; it
 * has at least {@link #HEADROOM} writable bytes after {@code off + len} so the transport may protect in place.
 */
public interface MediaSender {
    /** Writable bytes the router guarantees after every packet it hands over. */
    int HEADROOM = 64;

    /** Sends one plaintext RTP packet. */
    void sendRtp(byte[] buf, int off, int len);

    /** Sends one plaintext RTCP compound packet. */
    void sendRtcp(byte[] buf, int off, int len);
}
