package io.meridian.controller.token;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/** Reads an Ed25519 private key from PKCS#8 PEM ({@code openssl genpkey -algorithm ed25519}) and derives its public key. */
public final class Ed25519Keys {
    private Ed25519Keys() {
    }

    /** Parses the first {@code PRIVATE KEY} block of {@code pem}. */
    public static KeyPair fromPkcs8Pem(String pem) throws GeneralSecurityException {
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no '-----BEGIN PRIVATE KEY-----' block");
        }
        String body = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(body);
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(der));
        try {
            // JDK crypto cannot derive an Ed25519 public key from the private one; BouncyCastle can.
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
            byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
            Ed25519PrivateKeyParameters params = new Ed25519PrivateKeyParameters(seed, 0);
            byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(params.generatePublicKey()).getEncoded();
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(spki));
            return new KeyPair(publicKey, privateKey);
        } catch (java.io.IOException | RuntimeException e) {
            throw new GeneralSecurityException("malformed Ed25519 PKCS#8 key", e);
        }
    }
}
