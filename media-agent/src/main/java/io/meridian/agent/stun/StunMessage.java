package io.meridian.agent.stun;

import static io.meridian.agent.stun.Stun.readInt;
import static io.meridian.agent.stun.Stun.readShort;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A reusable, parsed view of one STUN message in a caller's buffer. {@link #parse} validates the header and the
 * attribute TLVs and records where the attributes ICE needs are; accessors then read them in place. Attributes
 * after MESSAGE-INTEGRITY other than FINGERPRINT are ignored, as RFC 5389 §15.4 requires. Not thread-safe;
 * the buffer must not change between parse and the accessors.
 */
public final class StunMessage {
    private final CRC32 crc = new CRC32();
    private byte[] buf;
    private int off;
    private int len;
    private int type;
    private int username = -1;
    private int usernameLength;
    private int integrity = -1;
    private int fingerprint = -1;
    private int xorMapped = -1;
    private int xorMappedLength;
    private int priority = -1;
    private int errorCode = -1;
    private int errorCodeLength;
    private boolean useCandidate;
    private int iceControlling = -1;
    private int iceControlled = -1;
    private int unknownRequired;

    /**
     * Parses the datagram at {@code b[off..off+len)}. Returns false, leaving the view unusable, when it is not a
     * well-formed STUN message (bad header, cookie, length, TLV overrun, wrongly sized known attributes,
     * FINGERPRINT not last).
     */
    public boolean parse(byte[] b, int off, int len) {
        reset();
        if (b == null || off < 0 || len < 0 || off + len > b.length || !Stun.looksLikeStun(b, off, len)) {
            return false;
        }
        this.buf = b;
        this.off = off;
        this.len = len;
        this.type = readShort(b, off);
        int p = off + Stun.HEADER_LENGTH;
        int end = off + len;
        while (p < end) {
            if (end - p < 4) {
                return fail();
            }
            int at = readShort(b, p);
            int alen = readShort(b, p + 2);
            int value = p + 4;
            int next = value + ((alen + 3) & ~3);
            if (next > end) {
                return fail();
            }
            if (fingerprint >= 0) { // nothing may follow FINGERPRINT
                return fail();
            }
            if (integrity >= 0 && at != Stun.ATTR_FINGERPRINT) {
                p = next; // ignored per RFC 5389 §15.4
                continue;
            }
            switch (at) {
                case Stun.ATTR_USERNAME -> {
                    if (alen > 513) {
                        return fail();
                    }
                    username = value;
                    usernameLength = alen;
                }
                case Stun.ATTR_MESSAGE_INTEGRITY -> {
                    if (alen != 20) {
                        return fail();
                    }
                    integrity = p;
                }
                case Stun.ATTR_FINGERPRINT -> {
                    if (alen != 4) {
                        return fail();
                    }
                    fingerprint = p;
                }
                case Stun.ATTR_XOR_MAPPED_ADDRESS -> {
                    if (alen != 8 && alen != 20) {
                        return fail();
                    }
                    xorMapped = value;
                    xorMappedLength = alen;
                }
                case Stun.ATTR_PRIORITY -> {
                    if (alen != 4) {
                        return fail();
                    }
                    priority = value;
                }
                case Stun.ATTR_USE_CANDIDATE -> {
                    if (alen != 0) {
                        return fail();
                    }
                    useCandidate = true;
                }
                case Stun.ATTR_ICE_CONTROLLING -> {
                    if (alen != 8) {
                        return fail();
                    }
                    iceControlling = value;
                }
                case Stun.ATTR_ICE_CONTROLLED -> {
                    if (alen != 8) {
                        return fail();
                    }
                    iceControlled = value;
                }
                case Stun.ATTR_ERROR_CODE -> {
                    if (alen < 4) {
                        return fail();
                    }
                    errorCode = value;
                    errorCodeLength = alen;
                }
                default -> {
                    if (at < 0x8000) { // comprehension-required but unknown to us
                        unknownRequired++;
                    }
                }
            }
            p = next;
        }
        return true;
    }

    private boolean fail() {
        reset();
        return false;
    }

    private void reset() {
        buf = null;
        off = 0;
        len = 0;
        type = -1;
        username = -1;
        usernameLength = 0;
        integrity = -1;
        fingerprint = -1;
        xorMapped = -1;
        xorMappedLength = 0;
        priority = -1;
        errorCode = -1;
        errorCodeLength = 0;
        useCandidate = false;
        iceControlling = -1;
        iceControlled = -1;
        unknownRequired = 0;
    }

    /** The 16-bit message type (e.g. {@link Stun#BINDING_REQUEST}). */
    public int type() {
        return type;
    }

    /** The message class (one of Stun.CLASS_*). */
    public int messageClass() {
        return Stun.messageClass(type);
    }

    /** The method (Stun.BINDING for ICE). */
    public int method() {
        return Stun.method(type);
    }

    /** Offset of the 12-byte transaction id in the buffer. */
    public int transactionIdOffset() {
        return off + 8;
    }

    /** Copies the transaction id into {@code dst[at..at+12)}. */
    public void copyTransactionId(byte[] dst, int at) {
        System.arraycopy(buf, off + 8, dst, at, 12);
    }

    /** The buffer the message was parsed from. */
    public byte[] buffer() {
        return buf;
    }

    /** Whether a USERNAME attribute is present. */
    public boolean hasUsername() {
        return username >= 0;
    }

    /** Offset of the USERNAME value in the buffer. */
    public int usernameOffset() {
        return username;
    }

    /** Length of the USERNAME value. */
    public int usernameLength() {
        return usernameLength;
    }

    /** USERNAME as a String (allocates), or null. */
    public String username() {
        return username < 0 ? null : new String(buf, username, usernameLength, StandardCharsets.UTF_8);
    }

    /** Whether MESSAGE-INTEGRITY is present. */
    public boolean hasMessageIntegrity() {
        return integrity >= 0;
    }

    /** Whether FINGERPRINT is present. */
    public boolean hasFingerprint() {
        return fingerprint >= 0;
    }

    /** Whether USE-CANDIDATE is present. */
    public boolean hasUseCandidate() {
        return useCandidate;
    }

    /** Whether ICE-CONTROLLING is present. */
    public boolean hasIceControlling() {
        return iceControlling >= 0;
    }

    /** Whether ICE-CONTROLLED is present. */
    public boolean hasIceControlled() {
        return iceControlled >= 0;
    }

    /** Tie-breaker of ICE-CONTROLLING or ICE-CONTROLLED, or 0 if neither. */
    public long tieBreaker() {
        int v = iceControlling >= 0 ? iceControlling : iceControlled;
        return v < 0 ? 0 : ((long) readInt(buf, v) << 32) | (readInt(buf, v + 4) & 0xFFFFFFFFL);
    }

    /** PRIORITY as unsigned 32 bits, or -1 if absent. */
    public long priority() {
        return priority < 0 ? -1 : readInt(buf, priority) & 0xFFFFFFFFL;
    }

    /** Number of comprehension-required attributes we do not understand. */
    public int unknownRequiredAttributes() {
        return unknownRequired;
    }

    /** ERROR-CODE number (e.g. 401), or -1. */
    public int errorCode() {
        return errorCode < 0 ? -1 : (buf[errorCode + 2] & 0x07) * 100 + (buf[errorCode + 3] & 0xFF);
    }

    /** ERROR-CODE reason phrase, or null (allocates). */
    public String errorReason() {
        return errorCode < 0 ? null
                : new String(buf, errorCode + 4, errorCodeLength - 4, StandardCharsets.UTF_8);
    }

    /** XOR-MAPPED-ADDRESS decoded (allocates), or null if absent or of an unknown family. */
    public InetSocketAddress xorMappedAddress() {
        if (xorMapped < 0) {
            return null;
        }
        int family = buf[xorMapped + 1] & 0xFF;
        int port = readShort(buf, xorMapped + 2) ^ (Stun.MAGIC_COOKIE >>> 16);
        byte[] addr;
        if (family == 0x01 && xorMappedLength == 8) {
            addr = new byte[4];
        } else if (family == 0x02 && xorMappedLength == 20) {
            addr = new byte[16];
        } else {
            return null;
        }
        for (int i = 0; i < addr.length; i++) { // cookie then transaction id form the 16-byte xor pad
            addr[i] = (byte) (buf[xorMapped + 4 + i] ^ buf[off + 4 + i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(addr), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Verifies FINGERPRINT; false when absent or wrong. */
    public boolean verifyFingerprint() {
        if (fingerprint < 0) {
            return false;
        }
        crc.reset();
        crc.update(buf, off, fingerprint - off);
        return ((int) crc.getValue() ^ Stun.FINGERPRINT_XOR) == readInt(buf, fingerprint + 4);
    }

    /**
     * Verifies MESSAGE-INTEGRITY with a Mac already keyed (HmacSHA1 with the password for short-term
     * credentials). False when absent or wrong; compares in constant time.
     */
    public boolean verifyMessageIntegrity(Mac keyedMac) {
        if (integrity < 0) {
            return false;
        }
        // the length field covers up to and including MESSAGE-INTEGRITY, not a FINGERPRINT after it
        int adjusted = integrity + 24 - off - Stun.HEADER_LENGTH;
        keyedMac.update(buf, off, 2);
        keyedMac.update((byte) (adjusted >> 8));
        keyedMac.update((byte) adjusted);
        keyedMac.update(buf, off + 4, integrity - off - 4);
        byte[] expected = keyedMac.doFinal();
        byte[] actual = new byte[20];
        System.arraycopy(buf, integrity + 4, actual, 0, 20);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Verifies MESSAGE-INTEGRITY with {@code key} (the UTF-8 password for ICE's short-term credentials). */
    public boolean verifyMessageIntegrity(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return verifyMessageIntegrity(mac);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Length of the parsed message. */
    public int length() {
        return len;
    }
}
