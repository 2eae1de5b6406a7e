package io.meridian.agent.dtls;

import io.meridian.agent.sdp.Fingerprint;
import io.meridian.agent.srtp.SrtpProfile;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UDPTransport;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** A browser stand-in (also used by transport tests): a BouncyCastle DTLS 1.2 client offering use_srtp, with its own certificate. */
public final class LoopbackDtlsClient extends DefaultTlsClient {
    private final DtlsCertificate certificate;
    private final Fingerprint serverFingerprint;
    private final SrtpProfile[] offered;
    private final boolean sendUseSrtp;
    private SrtpProfile selected;
    public DtlsSrtpKeys keys;

    public LoopbackDtlsClient(DtlsCertificate certificate, Fingerprint serverFingerprint, boolean sendUseSrtp, SrtpProfile... offered) {
        super(new BcTlsCrypto(new SecureRandom()));
        this.certificate = certificate;
        this.serverFingerprint = serverFingerprint;
        this.sendUseSrtp = sendUseSrtp;
        this.offered = offered;
    }

    /** Handshakes over a UDP socket connected to {@code server}; returns the DTLS transport. */
    public DTLSTransport connect(DatagramSocket socket, InetSocketAddress server) throws IOException {
        socket.connect(server);
        return new DTLSClientProtocol().connect(this, new UDPTransport(socket, 1500));
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return 5000;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        if (sendUseSrtp) {
            int[] ids = new int[offered.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = offered[i].dtlsId();
            }
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(ids, new byte[0]));
        }
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        selected = chosen == null ? null : SrtpProfile.fromDtlsId(chosen.getProtectionProfiles()[0]);
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                if (!serverFingerprint.matches(serverCertificate.getCertificate().getCertificateAt(0).getEncoded())) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate, "server fingerprint mismatch");
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                TlsCertificate cert = getCrypto().createCertificate(certificate.der());
                return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), (BcTlsCrypto) getCrypto(),
                        certificate.privateKey(), new Certificate(new TlsCertificate[] {cert}),
                        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        keys = new DtlsSrtpKeys(selected, context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                selected.keyingMaterialLength()), false);
    }
}
