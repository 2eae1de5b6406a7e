package io.meridian.agent.srtp;

import io.meridian.agent.rtp.Rtcp;
import io.meridian.agent.rtp.RtpHeader;
import java.util.Arrays;

/**
 * One SRTP session of a transport: protects what we send with the local keys and unprotects what we receive with
 * the remote keys, in place on a byte array. Tracks the rollover counter per SSRC, keeps 1024-packet replay
 * windows per SSRC for SRTP and SRTCP, and counts what it drops. Packets never throw: a bad packet returns -1.
 * <p>Threading: the protect side (protectRtp/protectRtcp) must be used by one thread at a time and the unprotect
 * side by one thread at a time; the two sides share no state, so they may run on different threads.
 * <p>Buffers: protect appends {@link SrtpProfile#rtpOverhead()} / {@link SrtpProfile#rtcpOverhead()} bytes after
 * the packet, so the array needs that much room after {@code off + len}; otherwise the call returns -1.
 */
public final class SrtpContext {
    /** Most SSRCs tracked per direction; SSRC state is only created after a packet authenticates (receive side). */
    static final int MAX_STREAMS = 4096;

    private final SrtpProfile profile;
    private final SrtpTransform sender;
    private final SrtpTransform receiver;
    private final SsrcStreams sendStreams = new SsrcStreams(MAX_STREAMS);
    private final SsrcStreams receiveStreams = new SsrcStreams(MAX_STREAMS);
    private int srtcpSendIndex;

    // plain counters: each written by one thread, read racily for metrics
    private long protectFailures;
    private long authFailures;
    private long replayDrops;
    private long malformedDrops;

    /**
     * A context from explicit master keys and salts: local ones protect what we send, remote ones unprotect what
     * we receive. Lengths must match the profile.
     */
    public SrtpContext(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {
        this(profile, transform(profile, localKey, localSalt, true), transform(profile, remoteKey, remoteSalt, false));
    }

    SrtpContext(SrtpProfile profile, SrtpTransform sender, SrtpTransform receiver) {
        this.profile = profile;
        this.sender = sender;
        this.receiver = receiver;
    }

    /**
     * A context from the DTLS-SRTP exporter output (label "EXTRACTOR-dtls_srtp", RFC 5764 §4.2), laid out as
     * client key | server key | client salt | server salt. The DTLS server (the agent) sends with the server keys.
     */
    public static SrtpContext fromKeyingMaterial(SrtpProfile profile, byte[] material, boolean localIsDtlsServer) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        if (material == null || material.length < profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material must be " + profile.keyingMaterialLength()
                    + " bytes for " + profile);
        }
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return localIsDtlsServer
                ? new SrtpContext(profile, serverKey, serverSalt, clientKey, clientSalt)
                : new SrtpContext(profile, clientKey, clientSalt, serverKey, serverSalt);
    }

    private static SrtpTransform transform(SrtpProfile profile, byte[] key, byte[] salt, boolean encrypt) {
        if (key.length != profile.keyLength() || salt.length != profile.saltLength()) {
            throw new IllegalArgumentException("key/salt length does not match " + profile);
        }
        return profile.aead() ? new AesGcmTransform(key, salt, encrypt) : new AesCmTransform(profile, key, salt);
    }

    /** The negotiated profile. */
    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Encrypts and tags the RTP packet at {@code b[off..off+len)} in place.
     *
     * @return the SRTP length (len + rtpOverhead), or -1 if the packet is malformed or the buffer too small
     */
    public int protectRtp(byte[] b, int off, int len) {
        int hdr = RtpHeader.headerLength(b, off, len);
        if (hdr < 0 || b.length - off - len < profile.rtpOverhead()) {
            protectFailures++;
            return -1;
        }
        int ssrc = RtpHeader.ssrc(b, off);
        SsrcStreams.Stream s = sendStreams.getOrCreate(ssrc);
        if (s == null) {
            protectFailures++;
            return -1;
        }
        long index = s.estimateIndex(RtpHeader.sequenceNumber(b, off));
        if (index < 0) {
            protectFailures++;
            return -1;
        }
        s.advance(index);
        int n = sender.protectRtp(b, off, len, hdr, ssrc, index);
        if (n < 0) {
            protectFailures++;
        }
        return n;
    }

    /**
     * Authenticates, replay-checks and decrypts the SRTP packet at {@code b[off..off+len)} in place.
     *
     * @return the RTP length, or -1 (malformed, replayed or failed authentication; counted)
     */
    public int unprotectRtp(byte[] b, int off, int len) {
        int tag = profile.rtpTagLength();
        int hdr = off >= 0 && len >= tag ? RtpHeader.headerLength(b, off, len - tag) : -1;
        if (hdr < 0) {
            malformedDrops++;
            return -1;
        }
        int ssrc = RtpHeader.ssrc(b, off);
        int seq = RtpHeader.sequenceNumber(b, off);
        SsrcStreams.Stream s = receiveStreams.get(ssrc);
        long index = s == null ? seq : s.estimateIndex(seq);
        if (index < 0 || (s != null && s.rtpWindow != null && !s.rtpWindow.accepts(index))) {
            replayDrops++;
            return -1;
        }
        int n = receiver.unprotectRtp(b, off, len, hdr, ssrc, index);
        if (n < 0) {
            authFailures++;
            return -1;
        }
        if (s == null) {
            s = receiveStreams.getOrCreate(ssrc);
            if (s == null) {
                malformedDrops++;
                return -1;
            }
            s.rtpWindow = new ReplayWindow();
        } else if (s.rtpWindow == null) {
            s.rtpWindow = new ReplayWindow();
        }
        s.rtpWindow.mark(index);
        s.advance(index);
        return n;
    }

    /**
     * Encrypts and tags the RTCP compound packet at {@code b[off..off+len)} in place with the next SRTCP index.
     *
     * @return the SRTCP length (len + rtcpOverhead), or -1 if malformed or the buffer is too small
     */
    public int protectRtcp(byte[] b, int off, int len) {
        if (off < 0 || len < 8 || off + len > b.length || b.length - off - len < profile.rtcpOverhead()) {
            protectFailures++;
            return -1;
        }
        int index = srtcpSendIndex;
        srtcpSendIndex = (srtcpSendIndex + 1) & 0x7FFFFFFF;
        int n = sender.protectRtcp(b, off, len, Rtcp.senderSsrc(b, off), index);
        if (n < 0) {
            protectFailures++;
        }
        return n;
    }

    /**
     * Authenticates, replay-checks and decrypts the SRTCP packet at {@code b[off..off+len)} in place.
     *
     * @return the RTCP length, or -1 (malformed, replayed or failed authentication; counted)
     */
    public int unprotectRtcp(byte[] b, int off, int len) {
        if (off < 0 || off + len > b.length || len < 8 + 4 + profile.rtcpTagLength()) {
            malformedDrops++;
            return -1;
        }
        int w = off + receiver.srtcpIndexOffset(len);
        int word = RtpHeader.readInt(b, w);
        boolean encrypted = word < 0;
        int index = word & 0x7FFFFFFF;
        int ssrc = Rtcp.senderSsrc(b, off);
        SsrcStreams.Stream s = receiveStreams.get(ssrc);
        if (s != null && s.rtcpWindow != null && !s.rtcpWindow.accepts(index)) {
            replayDrops++;
            return -1;
        }
        int n = receiver.unprotectRtcp(b, off, len, ssrc, index, encrypted);
        if (n < 0) {
            authFailures++;
            return -1;
        }
        if (s == null) {
            s = receiveStreams.getOrCreate(ssrc);
            if (s == null) {
                malformedDrops++;
                return -1;
            }
        }
        if (s.rtcpWindow == null) {
            s.rtcpWindow = new ReplayWindow();
        }
        s.rtcpWindow.mark(index);
        return n;
    }

    /** Packets dropped because their tag did not verify. */
    public long authFailures() {
        return authFailures;
    }

    /** Packets dropped as replays or too old for the window. */
    public long replayDrops() {
        return replayDrops;
    }

    /** Received packets dropped as malformed (too short, bad header). */
    public long malformedDrops() {
        return malformedDrops;
    }

    /** Outgoing packets that could not be protected (malformed, no room, IV reuse). */
    public long protectFailures() {
        return protectFailures;
    }

    /** Test hook: the SRTCP index the next protectRtcp uses. */
    void setSrtcpSendIndex(int index) {
        this.srtcpSendIndex = index & 0x7FFFFFFF;
    }

    /** Test hook: pretend the sender already sent {@code index} on {@code ssrc} (sets its ROC). */
    void setSendIndex(int ssrc, long index) {
        sendStreams.getOrCreate(ssrc).highestIndex = index;
    }
}
