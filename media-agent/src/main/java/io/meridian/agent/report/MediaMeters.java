package io.meridian.agent.report;

import io.meridian.agent.relay.Relay;
import io.meridian.agent.relay.RelayService;
import io.meridian.agent.relay.RelayStats;
import io.meridian.agent.transport.MediaPlane;
import io.meridian.agent.transport.TransportHealth;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * What the media plane did wrong and what it cost, on {@code /q/metrics}: SRTP failures by reason, media and relay
 * drops by reason, the CPU time of the packet threads (ThreadMXBean) and the JVM's collections. Like
 * {@link AgentMeters}, everything is read when Prometheus scrapes from counters the packet path already keeps
 * (plain fields and LongAdders), so a packet pays nothing for it. docs/signaling.md lists the names.
 */
@Singleton
public class MediaMeters {
    /** Threads whose CPU counts as media work: the media socket's and the relay socket's packet threads. */
    static final String[] PACKET_THREAD_PREFIXES = {"media-", "relay-"};

    void register(@Observes StartupEvent event, MeterRegistry meters, MediaPlane plane, RelayService relays) {
        bind(meters, plane.health(), () -> {
            Relay r = relays.relay();
            return r == null ? null : r.stats();
        });
    }

    /** Registers the meters over {@code health} and the relay's stats (null while no relay runs). */
    public static void bind(MeterRegistry meters, TransportHealth health, Supplier<RelayStats> relay) {
        srtpFailure(meters, "auth", health, TransportHealth::srtpAuthFailures);
        srtpFailure(meters, "replay", health, TransportHealth::srtpReplays);
        drop(meters, "srtp-auth", health, TransportHealth::srtpAuthFailures);
        drop(meters, "srtp-replay", health, TransportHealth::srtpReplays);
        drop(meters, "undecryptable", health, TransportHealth::undecryptable);
        drop(meters, "send-failed", health, TransportHealth::sendFailures);
        for (RelayStats.Drop reason : RelayStats.Drop.values()) {
            FunctionCounter.builder("meridian.agent.relay.drops", relay, s -> {
                RelayStats stats = s.get();
                return stats == null ? 0 : stats.drops(reason);
            }).description("Relay datagrams (or announced streams) dropped, by reason")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT).replace('_', '-')).register(meters);
        }
        Gauge.builder("meridian.agent.transports", health, TransportHealth::liveTransports)
                .description("Browser transports open").register(meters);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isThreadCpuTimeSupported()) {
            // a gauge, not a counter: a packet thread that ends takes its CPU time with it
            Gauge.builder("meridian.agent.packet.threads.cpu.seconds", threads, MediaMeters::packetThreadCpuSeconds)
                    .description("CPU time of the live media and relay packet threads, summed").register(meters);
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            FunctionCounter.builder("meridian.agent.gc.collections", gc, g -> Math.max(0, g.getCollectionCount()))
                    .description("JVM garbage collections").tag("collector", gc.getName()).register(meters);
            FunctionCounter.builder("meridian.agent.gc.time.seconds", gc,
                    g -> Math.max(0, g.getCollectionTime()) / 1000.0)
                    .description("Time spent in JVM garbage collections").tag("collector", gc.getName())
                    .register(meters);
        }
    }

    /** The summed CPU seconds of live threads named like a packet thread (called when scraped). */
    static double packetThreadCpuSeconds(ThreadMXBean threads) {
        long nanos = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && isPacketThread(info.getThreadName())) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                nanos += Math.max(0, cpu);
            }
        }
        return nanos / 1e9;
    }

    static boolean isPacketThread(String name) {
        for (String prefix : PACKET_THREAD_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static void srtpFailure(MeterRegistry meters, String reason, TransportHealth health,
            ToDoubleFunction<TransportHealth> read) {
        FunctionCounter.builder("meridian.agent.srtp.failures", health, read)
                .description("SRTP/SRTCP packets from browsers refused, by reason").tag("reason", reason)
                .register(meters);
    }

    private static void drop(MeterRegistry meters, String reason, TransportHealth health,
            ToDoubleFunction<TransportHealth> read) {
        FunctionCounter.builder("meridian.agent.media.drops", health, read)
                .description("Browser media packets dropped, by reason").tag("reason", reason).register(meters);
    }
}
