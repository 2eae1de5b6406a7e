package io.meridian.agent.report;

import io.meridian.agent.net.MediaSocket;
import io.meridian.agent.transport.MediaPlane;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.function.ToDoubleFunction;

/**
 * The agent's traffic on {@code /q/metrics}: packets and bytes in and out (every lane of {@link TrafficCounters}),
 * media-port datagrams dropped, hosted conferences and participants. All are read when Prometheus scrapes, from
 * counters the packet path already keeps, so the hot path pays nothing for them.
 */
@Singleton
public class AgentMeters {

    void register(@Observes StartupEvent event, MeterRegistry meters, TrafficCounters traffic, MediaPlane plane,
            Hosting hosting) {
        bind(meters, traffic, plane.socket(), hosting);
    }

    /** Registers the meters over the given sources in {@code meters}. */
    public static void bind(MeterRegistry meters, TrafficCounters traffic, MediaSocket socket, Hosting hosting) {
        counter(meters, "meridian.agent.packets.in", "Datagrams received, media and relay", traffic,
                t -> t.totals().packetsIn());
        counter(meters, "meridian.agent.packets.out", "Datagrams sent, media and relay", traffic,
                t -> t.totals().packetsOut());
        counter(meters, "meridian.agent.bytes.in", "Bytes received, media and relay", traffic,
                t -> t.totals().bytesIn());
        counter(meters, "meridian.agent.bytes.out", "Bytes sent, media and relay", traffic,
                t -> t.totals().bytesOut());
        counter(meters, "meridian.agent.media.dropped", "Media-port datagrams dropped (malformed, unknown sender,"
                + " refused)", socket, MediaSocket::droppedTotal);
        Gauge.builder("meridian.agent.conferences", hosting, h -> h.hosted().size())
                .description("Conferences hosted").register(meters);
        Gauge.builder("meridian.agent.participants", hosting, Hosting::participants)
                .description("Participants hosted").register(meters);
    }

    private static <T> void counter(MeterRegistry meters, String name, String description, T source,
            ToDoubleFunction<T> read) {
        FunctionCounter.builder(name, source, read).description(description).register(meters);
    }
}
