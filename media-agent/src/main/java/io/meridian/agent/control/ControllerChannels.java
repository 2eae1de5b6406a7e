package io.meridian.agent.control;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Builds the gRPC channels to controller replicas. */
public final class ControllerChannels {

    private ControllerChannels() {
    }

    /** Plaintext HTTP/2 to {@code target} ("host:port"), pinging every {@code keepalive}. */
    public static ManagedChannel plaintextChannel(String target, Duration keepalive) {
        return channel(target, false, keepalive);
    }

    /**
     * The channel to {@code target} ("host:port"), pinging every {@code keepalive}: with {@code tls}, HTTP/2 over
     * TLS checking the controller's certificate and host name against the JVM's default trust store
     * (javax.net.ssl.trustStore, else the JDK's cacerts); without, plaintext HTTP/2.
     */
    public static ManagedChannel channel(String target, boolean tls, Duration keepalive) {
        return configure(NettyChannelBuilder.forTarget(target), tls, keepalive).build();
    }

    /**
     * The channel to one resolved replica: connects to its address, while TLS checks the certificate against the
     * name the operator configured (so a DNS name of several replicas keeps host-name verification).
     */
    public static ManagedChannel channel(ControllerTargets.Replica replica, boolean tls, Duration keepalive) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(
                new InetSocketAddress(replica.address(), replica.port()));
        builder.overrideAuthority(ControllerTargets.authority(replica.host(), replica.port()));
        return configure(builder, tls, keepalive).build();
    }

    private static NettyChannelBuilder configure(NettyChannelBuilder builder, boolean tls, Duration keepalive) {
        builder.keepAliveTime(keepalive.toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(20, TimeUnit.SECONDS);
        if (tls) {
            builder.useTransportSecurity();
        } else {
            builder.usePlaintext();
        }
        return builder;
    }
}
