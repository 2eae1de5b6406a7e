package io.meridian.agent.transport;

import io.meridian.agent.config.AgentConfig;
import io.meridian.agent.ice.IceRegistry;
import io.meridian.agent.report.TrafficCounters;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Opens the media plane at start on {@code MERIDIAN_AGENT_MEDIA_PORT} (all interfaces) and closes it at stop. */
@Singleton
public class MediaPlaneProducer {
    /** Longest a DTLS handshake may take once the browser's fingerprint is known. */
    static final Duration DTLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);

    @Produces
    @Singleton
    MediaPlane plane(AgentConfig config, TrafficCounters traffic) {
        return MediaPlane.open(new InetSocketAddress(config.mediaPort()), config.publicHost(), DTLS_HANDSHAKE_TIMEOUT,
                IceRegistry.DEFAULT_CONSENT_TIMEOUT, traffic);
    }

    void close(@Disposes MediaPlane plane) {
        plane.close();
    }

    /** Binds at start, so that a taken port fails the start instead of the first join. */
    void open(@Observes StartupEvent event, MediaPlane plane) {
        plane.mediaPort();
    }
}
