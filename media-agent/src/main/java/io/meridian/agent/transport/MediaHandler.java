package io.meridian.agent.transport;

/**
 * Receives a transport's decrypted RTP and RTCP on the media thread (the forwarding core). The buffer is the
 * media socket's and is reused after the call: use or copy before returning; never block.
 */
public interface MediaHandler {
    /** A decrypted RTP packet at {@code b[off..off+len)}. */
    void onRtp(WebRtcTransport transport, byte[] b, int off, int len);

    /** A decrypted RTCP compound packet at {@code b[off..off+len)}. */
    void onRtcp(WebRtcTransport transport, byte[] b, int off, int len);

    /** Drops everything: the handler of a transport not attached to a router yet. */
    MediaHandler NONE = new MediaHandler() {
        @Override
        public void onRtp(WebRtcTransport transport, byte[] b, int off, int len) {
        }

        @Override
        public void onRtcp(WebRtcTransport transport, byte[] b, int off, int len) {
        }
    };
}
