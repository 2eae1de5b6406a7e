package io.meridian.agent.signaling;

import io.meridian.agent.abuse.Refusals;
import io.meridian.agent.config.AgentConfig;
import io.meridian.agent.sfu.Router;
import io.meridian.agent.sfu.RouterListener;
import io.meridian.agent.sfu.RouterTransport;
import io.meridian.agent.sfu.Routers;
import io.meridian.agent.sfu.SfuSettings;
import io.meridian.agent.transport.MediaPlane;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * Wires signaling: one {@link Routers} ticked by the media thread, rooms over the media plane and those routers,
 * and one virtual thread per run of a peer's tasks.
 */
@Singleton
public class RoomsProducer {
    /** Refusal reason: NACKed sequence numbers beyond a subscriber's retransmission budget. */
    static final String REASON_NACK_BUDGET = "nack-budget";

    @Produces
    @Singleton
    Routers routers(MediaPlane plane, Refusals refusals, AgentConfig config) {
        AgentConfig.Udp udp = config.udp();
        SfuSettings settings = SfuSettings.DEFAULTS.withNackBudget(udp.nackPacketsPerSecond(), udp.nackMaxPerRequest());
        Routers routers = new Routers(settings, new RouterListener() {
            @Override
            public void onNackBudgetExceeded(Router router, RouterTransport subscriber, int dropped) {
                refusals.count(REASON_NACK_BUDGET, dropped);
            }
        });
        plane.setTicker(routers::tick);
        return routers;
    }

    @Produces
    @Singleton
    Rooms rooms(MediaPlane plane, Routers routers, ParticipantEvents events, Refusals refusals, AgentConfig config) {
        return new Rooms(plane, new RouterForwarding(routers), events, Executors.newVirtualThreadPerTaskExecutor(),
                refusals, config.signaling().negotiationTimeout());
    }

    /** Tells every connected browser that the agent is going away before the HTTP server stops. */
    void stop(@Observes ShutdownEvent event, Rooms rooms) {
        rooms.shutdown(Duration.ofSeconds(2));
    }
}
