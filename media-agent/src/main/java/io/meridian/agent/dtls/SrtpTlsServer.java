package io.meridian.agent.dtls;

import io.meridian.agent.sdp.Fingerprint;
import io.meridian.agent.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;

/**
 * The TLS side of a WebRTC DTLS server: DTLS 1.2 only, ECDHE-ECDSA suites, a client certificate required and
 * accepted only when its hash equals the fingerprint the peer announced in SDP, and the use_srtp extension
 * (RFC 5764) choosing AEAD_AES_128_GCM before AES_CM_128_HMAC_SHA1_80.
 */
final class SrtpTlsServer extends DefaultTlsServer {
    /** Profiles in the agent's order of preference. */
    static final SrtpProfile[] PROFILES = {SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80};
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    private final DtlsCertificate certificate;
    private final Fingerprint remoteFingerprint;
    private final int handshakeTimeoutMillis;
    private SrtpProfile selected;
    private volatile DtlsSrtpKeys keys;
    private volatile String failure;

    SrtpTlsServer(BcTlsCrypto crypto, DtlsCertificate certificate, Fingerprint remoteFingerprint, int handshakeTimeoutMillis) {
        super(crypto);
        this.certificate = certificate;
        this.remoteFingerprint = remoteFingerprint;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /** The keys once the handshake completed, else null. */
    DtlsSrtpKeys keys() {
        return keys;
    }

    /** Why the handshake failed, as far as the TLS layer knows, or null. */
    String failure() {
        return failure;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        TlsCertificate tlsCert = getCrypto().createCertificate(certificate.der());
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), (BcTlsCrypto) getCrypto(),
                certificate.privateKey(), new Certificate(new TlsCertificate[] {tlsCert}),
                SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        Vector<?> algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                algorithms, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw fail(AlertDescription.bad_certificate, "peer sent no certificate");
        }
        if (!remoteFingerprint.matches(clientCertificate.getCertificateAt(0).getEncoded())) {
            throw fail(AlertDescription.bad_certificate, "peer certificate does not match the SDP fingerprint");
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw fail(AlertDescription.handshake_failure, "peer did not offer the use_srtp extension");
        }
        for (SrtpProfile preferred : PROFILES) {
            for (int id : offered.getProtectionProfiles()) {
                if (id == preferred.dtlsId()) {
                    selected = preferred;
                    return;
                }
            }
        }
        throw fail(AlertDescription.handshake_failure, "peer offered no SRTP profile the agent supports");
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {selected.dtlsId()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, selected.keyingMaterialLength());
        keys = new DtlsSrtpKeys(selected, material, true);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == AlertDescription.close_notify && failure == null) {
            failure = "peer closed the DTLS association";
        } else if (alertLevel == AlertLevel.fatal && failure == null) {
            failure = "peer sent alert " + AlertDescription.getText(alertDescription);
        }
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        // BouncyCastle logs nothing by itself; the reason travels to the listener instead.
        if (alertLevel == AlertLevel.fatal && failure == null) {
            failure = AlertDescription.getText(alertDescription) + (message == null ? "" : ": " + message);
        }
    }

    private TlsFatalAlert fail(short alert, String reason) {
        failure = reason;
        return new TlsFatalAlert(alert, reason);
    }
}
