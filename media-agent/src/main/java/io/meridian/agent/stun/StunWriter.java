package io.meridian.agent.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds a STUN message into a caller's buffer, keeping the header length current after each attribute so that
 * MESSAGE-INTEGRITY and FINGERPRINT are computed over the right bytes. Reusable: call {@link #start} again.
 * Callers size the buffer (a binding response with IPv6 address, integrity and fingerprint is 20+24+24+8 bytes).
 */
public final class StunWriter {
    private final CRC32 crc = new CRC32();
    private byte[] buf;
    private int off;
    private int pos;

    /** Starts a message of {@code type} with the transaction id at {@code txId[txOff..txOff+12)}. */
    public StunWriter start(byte[] b, int off, int type, byte[] txId, int txOff) {
        this.buf = b;
        this.off = off;
        this.pos = off + Stun.HEADER_LENGTH;
        b[off] = (byte) (type >> 8);
        b[off + 1] = (byte) type;
        writeInt(off + 4, Stun.MAGIC_COOKIE);
        System.arraycopy(txId, txOff, b, off + 8, 12);
        updateLength();
        return this;
    }

    /** Adds an attribute with raw value bytes (zero padding to 4 bytes). */
    public StunWriter addBytes(int attrType, byte[] value, int valueOff, int valueLen) {
        header(attrType, valueLen);
        System.arraycopy(value, valueOff, buf, pos, valueLen);
        pos += valueLen;
        pad();
        return this;
    }

    /** Adds USERNAME. */
    public StunWriter addUsername(String username) {
        byte[] v = username.getBytes(StandardCharsets.UTF_8);
        return addBytes(Stun.ATTR_USERNAME, v, 0, v.length);
    }

    /** Adds SOFTWARE. */
    public StunWriter addSoftware(String software) {
        byte[] v = software.getBytes(StandardCharsets.UTF_8);
        return addBytes(Stun.ATTR_SOFTWARE, v, 0, v.length);
    }

    /** Adds a 32-bit attribute (e.g. PRIORITY). */
    public StunWriter addUint32(int attrType, int value) {
        header(attrType, 4);
        writeInt(pos, value);
        pos += 4;
        updateLength();
        return this;
    }

    /** Adds a 64-bit attribute (ICE-CONTROLLING / ICE-CONTROLLED tie-breaker). */
    public StunWriter addUint64(int attrType, long value) {
        header(attrType, 8);
        writeInt(pos, (int) (value >>> 32));
        writeInt(pos + 4, (int) value);
        pos += 8;
        updateLength();
        return this;
    }

    /** Adds an attribute without value (USE-CANDIDATE). */
    public StunWriter addFlag(int attrType) {
        header(attrType, 0);
        updateLength();
        return this;
    }

    /** Adds XOR-MAPPED-ADDRESS for an IPv4 or IPv6 address. */
    public StunWriter addXorMappedAddress(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        header(Stun.ATTR_XOR_MAPPED_ADDRESS, 4 + ip.length);
        buf[pos] = 0;
        buf[pos + 1] = (byte) (ip.length == 4 ? 0x01 : 0x02);
        int port = address.getPort() ^ (Stun.MAGIC_COOKIE >>> 16);
        buf[pos + 2] = (byte) (port >> 8);
        buf[pos + 3] = (byte) port;
        for (int i = 0; i < ip.length; i++) {
            buf[pos + 4 + i] = (byte) (ip[i] ^ buf[off + 4 + i]);
        }
        pos += 4 + ip.length;
        updateLength();
        return this;
    }

    /** Adds ERROR-CODE with a reason phrase. */
    public StunWriter addErrorCode(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        header(Stun.ATTR_ERROR_CODE, 4 + r.length);
        buf[pos] = 0;
        buf[pos + 1] = 0;
        buf[pos + 2] = (byte) (code / 100);
        buf[pos + 3] = (byte) (code % 100);
        System.arraycopy(r, 0, buf, pos + 4, r.length);
        pos += 4 + r.length;
        pad();
        return this;
    }

    /** Adds MESSAGE-INTEGRITY computed with a Mac keyed for HmacSHA1. */
    public StunWriter addMessageIntegrity(Mac keyedMac) {
        header(Stun.ATTR_MESSAGE_INTEGRITY, 20);
        pos += 20;
        updateLength(); // length must already include MESSAGE-INTEGRITY itself
        keyedMac.update(buf, off, pos - 24 - off);
        try {
            keyedMac.doFinal(buf, pos - 20);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Adds MESSAGE-INTEGRITY keyed with {@code key} (the UTF-8 password for ICE). */
    public StunWriter addMessageIntegrity(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return addMessageIntegrity(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /** Adds FINGERPRINT; must be the last attribute. */
    public StunWriter addFingerprint() {
        header(Stun.ATTR_FINGERPRINT, 4);
        pos += 4;
        updateLength();
        crc.reset();
        crc.update(buf, off, pos - 8 - off);
        writeInt(pos - 4, (int) crc.getValue() ^ Stun.FINGERPRINT_XOR);
        return this;
    }

    /** Total message length so far. */
    public int length() {
        return pos - off;
    }

    private void header(int attrType, int valueLen) {
        buf[pos] = (byte) (attrType >> 8);
        buf[pos + 1] = (byte) attrType;
        buf[pos + 2] = (byte) (valueLen >> 8);
        buf[pos + 3] = (byte) valueLen;
        pos += 4;
    }

    private void pad() {
        while (((pos - off) & 3) != 0) {
            buf[pos++] = 0;
        }
        updateLength();
    }

    private void updateLength() {
        int body = pos - off - Stun.HEADER_LENGTH;
        buf[off + 2] = (byte) (body >> 8);
        buf[off + 3] = (byte) body;
    }

    private void writeInt(int p, int v) {
        buf[p] = (byte) (v >> 24);
        buf[p + 1] = (byte) (v >> 16);
        buf[p + 2] = (byte) (v >> 8);
        buf[p + 3] = (byte) v;
    }
}
