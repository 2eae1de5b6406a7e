package io.meridian.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.meridian.agent.report.CpuSource;
import io.meridian.agent.report.HostingRegistry;
import io.meridian.agent.report.LoadLimits;
import io.meridian.agent.report.LoadMeter;
import io.meridian.agent.report.PeerRtts;
import io.meridian.agent.report.TrafficCounters;
import io.meridian.agent.token.JoinTokenVerifier;
import io.meridian.proto.agent.v1.AgentLinkGrpc;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.Welcome;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLHandshakeException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MERIDIAN_CONTROLLER_TLS: the production channel speaks TLS to a loopback controller whose self-signed
 * certificate sits in the JVM's default trust store (javax.net.ssl.trustStore, set for each test and restored).
 */
@Timeout(60)
class ControllerLinkTlsTest {

    private static final String[] TRUST_STORE_PROPERTIES =
            {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};

    @TempDir
    Path dir;

    private final Map<String, String> savedProperties = new HashMap<>();
    private Server server;
    private ControllerLinks link;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (link != null) {
            link.stop(Duration.ofSeconds(1));
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        savedProperties.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    @Test
    void talksToATlsControllerTrustedByTheDefaultTrustStoreWithTheBearerToken() throws Exception {
        SelfSigned cert = SelfSigned.forLoopback("localhost");
        FakeController controller = new FakeController(welcome());
        int port = startTlsServer(controller, cert);
        trustOnly(cert.certificate());

        link = link(() -> ControllerChannels.channel("127.0.0.1:" + port, true, Duration.ofMinutes(5)));
        link.start();
        FakeController.Connection connection = controller.nextConnection();

        assertThat(connection.authorization).isEqualTo("Bearer fleet-secret");
        assertThat(connection.next().getHello().getSignalingUrl()).isEqualTo("wss://agent-tls.example:443/signaling");
        assertThat(connection.next().getLoadReport().getSequence()).isEqualTo(1);
        assertThat(link.isConnected()).isTrue();
    }

    @Test
    void refusesAControllerCertificateTheDefaultTrustStoreDoesNotHold() throws Exception {
        SelfSigned cert = SelfSigned.forLoopback("localhost");
        int port = startTlsServer(new FakeController(welcome()), cert);
        trustOnly(SelfSigned.forLoopback("localhost").certificate());

        Status status = callStatus(ControllerChannels.channel("127.0.0.1:" + port, true, Duration.ofMinutes(5)));

        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getCause()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void refusesATrustedCertificateIssuedForAnotherName() throws Exception {
        SelfSigned cert = SelfSigned.forName("controller.other.example");
        int port = startTlsServer(new FakeController(welcome()), cert);
        trustOnly(cert.certificate());

        Status status = callStatus(ControllerChannels.channel("127.0.0.1:" + port, true, Duration.ofMinutes(5)));

        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getCause()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aPlaintextChannelDoesNotReachATlsController() throws Exception {
        SelfSigned cert = SelfSigned.forLoopback("localhost");
        int port = startTlsServer(new FakeController(welcome()), cert);
        trustOnly(cert.certificate());

        assertThat(callStatus(ControllerChannels.channel("127.0.0.1:" + port, false, Duration.ofMinutes(5))).getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
    }

    private int startTlsServer(FakeController controller, SelfSigned cert) throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(GrpcSslContexts.configure(
                        SslContextBuilder.forServer(cert.keys().getPrivate(), cert.certificate())).build())
                .addService(ServerInterceptors.intercept(controller, controller.authCapture()))
                .build()
                .start();
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** Makes {@code anchor} the JVM's only default trust anchor until the test ends. */
    private void trustOnly(X509Certificate anchor) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("controller", anchor);
        Path file = dir.resolve("truststore-" + System.nanoTime() + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }
        for (String key : TRUST_STORE_PROPERTIES) {
            savedProperties.putIfAbsent(key, System.getProperty(key));
        }
        System.setProperty("javax.net.ssl.trustStore", file.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    /** Opens one Connect call on {@code channel} and returns how it failed. */
    private static Status callStatus(ManagedChannel channel) throws Exception {
        try {
            CompletableFuture<Status> ended = new CompletableFuture<>();
            AgentLinkGrpc.newStub(channel).connect(new StreamObserver<>() {
                @Override
                public void onNext(ControllerMessage message) {
                    ended.complete(Status.OK.withDescription("got a message: " + message));
                }

                @Override
                public void onError(Throwable error) {
                    ended.complete(Status.fromThrowable(error));
                }

                @Override
                public void onCompleted() {
                    ended.complete(Status.OK);
                }
            });
            return ended.get(20, TimeUnit.SECONDS);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Welcome welcome() throws Exception {
        return Welcome.newBuilder()
                .setReportIntervalMs(50)
                .setTokenPublicKey(ByteString.copyFrom(
                        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded()))
                .setTokenAlgorithm("EdDSA")
                .setTokenIssuer("meridian")
                .build();
    }

    private static ControllerLinks link(Supplier<ManagedChannel> channel) {
        HostingRegistry hosting = new HostingRegistry();
        CpuSource idle = new CpuSource() {
            @Override
            public long processCpuNanos() {
                return 0;
            }

            @Override
            public int processors() {
                return 1;
            }
        };
        return new ControllerLinks(true, ControllerLinks.single("tls", channel), Duration.ofSeconds(30), Optional.of("fleet-secret"),
                new Announcement("agent-tls", "us-east-1",
                        Announcement.signalingUrl(Optional.of("wss://agent-tls.example:443/signaling"), "127.0.0.1",
                                8081),
                        "127.0.0.1", 10000, "127.0.0.1", 10001, 100, "test"),
                new LinkTimings(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(20),
                        Duration.ofMillis(100), Duration.ofSeconds(5)),
                hosting,
                new LoadMeter(new TrafficCounters(), idle, hosting, new PeerRtts(), new LoadLimits(0.8, 1000, 10),
                        System::nanoTime),
                new JoinTokenVerifier("agent-tls", Clock.systemUTC(), Duration.ofSeconds(5)),
                new UnsupportedRelayCommands(), (conference, participant) -> RelayCommands.CommandResult.done(),
                new SplittableRandom(1));
    }

    /** A self-signed server certificate made for one test. */
    private record SelfSigned(KeyPair keys, X509Certificate certificate) {

        /** Valid for {@code dnsName} and the loopback address 127.0.0.1. */
        static SelfSigned forLoopback(String dnsName) throws Exception {
            return create(dnsName, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, dnsName), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }

        /** Valid for {@code dnsName} only. */
        static SelfSigned forName(String dnsName) throws Exception {
            return create(dnsName, new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        }

        private static SelfSigned create(String commonName, GeneralNames names) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName);
            Instant now = Instant.now();
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    new JcaX509v3CertificateBuilder(name, new BigInteger(63, new SecureRandom()),
                            Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofHours(1))),
                            name, keys.getPublic())
                            .addExtension(Extension.subjectAlternativeName, false, names)
                            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            return new SelfSigned(keys, certificate);
        }
    }
}
