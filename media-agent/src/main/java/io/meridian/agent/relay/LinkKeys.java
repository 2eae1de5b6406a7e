package io.meridian.agent.relay;

import io.meridian.agent.control.RelayCommands.SrtpKeying;
import io.meridian.agent.srtp.SrtpContext;
import io.meridian.agent.srtp.SrtpProfile;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of one relay link, as the controller sent them: one per direction. Media (RTP/RTCP) is protected with
 * them directly; relay control messages use keys derived from them (HMAC-SHA256 over a label), so control and
 * media never share an SRTCP nonce space even if their SSRCs collide.
 *
 * @param profile the SRTP profile of both directions
 * @param sendKey what this agent protects with
 * @param receiveKey what the peer protects with
 */
record LinkKeys(SrtpProfile profile, SrtpKeying sendKey, SrtpKeying receiveKey) {
    private static final byte[] CONTROL_LABEL = "meridian relay control".getBytes(StandardCharsets.US_ASCII);

    /**
     * Checks the controller's keying: both directions with the same supported profile and the profile's key and
     * salt lengths.
     *
     * @throws IllegalArgumentException with an operator-readable reason
     */
    static LinkKeys of(SrtpKeying send, SrtpKeying receive) {
        if (send == null || receive == null) {
            throw new IllegalArgumentException("relay keys missing");
        }
        SrtpProfile profile = profile(send.profile());
        if (profile != profile(receive.profile())) {
            throw new IllegalArgumentException("send and receive keys use different SRTP profiles");
        }
        check(profile, send, "send");
        check(profile, receive, "receive");
        return new LinkKeys(profile, send, receive);
    }

    private static SrtpProfile profile(String name) {
        if ("AEAD_AES_128_GCM".equals(name)) {
            return SrtpProfile.AEAD_AES_128_GCM;
        }
        if ("AES_CM_128_HMAC_SHA1_80".equals(name)) {
            return SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        }
        throw new IllegalArgumentException("unsupported relay SRTP profile \"" + name + "\"");
    }

    private static void check(SrtpProfile profile, SrtpKeying k, String which) {
        if (k.masterKey() == null || k.masterKey().length != profile.keyLength()
                || k.masterSalt() == null || k.masterSalt().length != profile.saltLength()) {
            throw new IllegalArgumentException(which + " key must have a " + profile.keyLength() + "-byte key and a "
                    + profile.saltLength() + "-byte salt for " + profile);
        }
    }

    /** A media context: protects with the send key, unprotects with the receive key. */
    SrtpContext mediaContext() {
        return new SrtpContext(profile, sendKey.masterKey(), sendKey.masterSalt(), receiveKey.masterKey(),
                receiveKey.masterSalt());
    }

    /** A control context over keys derived from both directions' media keys. */
    SrtpContext controlContext() {
        byte[] send = derive(sendKey);
        byte[] receive = derive(receiveKey);
        int k = profile.keyLength();
        int s = profile.saltLength();
        return new SrtpContext(profile, Arrays.copyOfRange(send, 0, k), Arrays.copyOfRange(send, k, k + s),
                Arrays.copyOfRange(receive, 0, k), Arrays.copyOfRange(receive, k, k + s));
    }

    /** Whether {@code other} carries exactly the same keys (an idempotent retry of the same OpenRelay). */
    boolean sameAs(LinkKeys other) {
        return other != null && profile == other.profile
                && same(sendKey, other.sendKey) && same(receiveKey, other.receiveKey);
    }

    private static boolean same(SrtpKeying a, SrtpKeying b) {
        return MessageDigest.isEqual(a.masterKey(), b.masterKey()) && MessageDigest.isEqual(a.masterSalt(), b.masterSalt());
    }

    /** HMAC-SHA256(master key, label ‖ master salt): 32 bytes, enough for a key and a salt. */
    private static byte[] derive(SrtpKeying k) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(k.masterKey(), "HmacSHA256"));
            mac.update(CONTROL_LABEL);
            return mac.doFinal(k.masterSalt());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "LinkKeys[" + profile + ", secret]";
    }
}
