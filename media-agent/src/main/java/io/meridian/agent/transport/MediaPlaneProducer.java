package io.meridian.agent.transport;

import io.meridian.agent.abuse.Refusals;
import io.meridian.agent.config.AgentConfig;
import io.meridian.agent.ice.IceRegistry;
import io.meridian.agent.report.TrafficCounters;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;

/**
 * Opens the media plane at start on {@code MERIDIAN_AGENT_MEDIA_PORT} (and the ICE-TCP port
 * {@code MERIDIAN_AGENT_MEDIA_TCP_PORT} when not 0) and closes it at stop. The socket is bound
 * to the public host when that is an address of this machine, so replies leave from the address browsers sent
 * to; otherwise (a NAT's public address) to all interfaces.
 */
@Singleton
public class MediaPlaneProducer {
    /** Longest a DTLS handshake may take once the browser's fingerprint is known. */
    static final Duration DTLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);

    @Produces
    @Singleton
    MediaPlane plane(AgentConfig config, TrafficCounters traffic, Refusals refusals) {
        AgentConfig.Udp udp = config.udp();
        int tcpPort = config.mediaTcpPort();
        return MediaPlane.open(bindAddress(config.publicHost(), config.mediaPort()),
                tcpPort > 0 ? bindAddress(config.publicHost(), tcpPort) : null, config.publicHost(),
                DTLS_HANDSHAKE_TIMEOUT, IceRegistry.DEFAULT_CONSENT_TIMEOUT, traffic,
                new UdpLimits(udp.unvalidatedPacketsPerSecond(), udp.unvalidatedBurst(), udp.sourceTableSize()),
                refusals);
    }

    static InetSocketAddress bindAddress(String publicHost, int port) {
        try {
            InetAddress address = InetAddress.getByName(publicHost);
            if (address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null) {
                return new InetSocketAddress(address, port);
            }
        } catch (IOException e) {
            // not a local literal: fall through to the wildcard
        }
        return new InetSocketAddress(port);
    }

    void close(@Disposes MediaPlane plane) {
        plane.close();
    }

    /** Binds at start, so that a taken port fails the start instead of the first join. */
    void open(@Observes StartupEvent event, MediaPlane plane) {
        plane.mediaPort();
    }
}
