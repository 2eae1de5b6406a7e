package io.meridian.agent.report;

import io.meridian.agent.config.AgentConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Measures the agent's load: each {@link #sample()} turns the deltas of CPU time and traffic counters
 * since the previous sample into rates over the elapsed wall time, adds participant counts and peer
 * RTTs, and computes the stress ({@link LoadLimits#stress}). Samples are taken by one thread (the
 * controller link's); the method is synchronized anyway.
 */
@Singleton
public final class LoadMeter {

    private final TrafficCounters counters;
    private final CpuSource cpuSource;
    private final Hosting hosting;
    private final PeerRtts peerRtts;
    private final LoadLimits limits;
    private final LongSupplier nanoTime;

    private long lastNanos;
    private long lastCpuNanos;
    private TrafficCounters.Totals lastTotals;

    /** The meter of the running agent: the JVM's CPU measurement and the monotonic clock. */
    @Inject
    public LoadMeter(TrafficCounters counters, Hosting hosting, PeerRtts peerRtts, AgentConfig config) {
        this(counters, CpuSource.system(), hosting, peerRtts,
                new LoadLimits(config.cpuLimit(), config.packetRateLimit(), config.capacity()), System::nanoTime);
    }

    /** A meter over explicit sources; {@code nanoTime} must be monotonic. */
    public LoadMeter(TrafficCounters counters, CpuSource cpuSource, Hosting hosting, PeerRtts peerRtts,
            LoadLimits limits, LongSupplier nanoTime) {
        this.counters = counters;
        this.cpuSource = cpuSource;
        this.hosting = hosting;
        this.peerRtts = peerRtts;
        this.limits = limits;
        this.nanoTime = nanoTime;
        restart();
    }

    /** Starts a new measurement interval now, discarding what accumulated since the last sample. */
    public synchronized void restart() {
        lastNanos = nanoTime.getAsLong();
        lastCpuNanos = cpuSource.processCpuNanos();
        lastTotals = counters.totals();
    }

    /** The load since the previous sample (or {@link #restart()}), and starts the next interval. */
    public synchronized LoadSample sample() {
        long now = nanoTime.getAsLong();
        long cpuNanos = cpuSource.processCpuNanos();
        TrafficCounters.Totals totals = counters.totals();
        double seconds = Math.max(now - lastNanos, 1) / 1e9;

        double cpu = 0;
        if (cpuNanos >= 0 && lastCpuNanos >= 0) {
            double capacityNanos = seconds * 1e9 * Math.max(cpuSource.processors(), 1);
            cpu = Math.min(1.0, Math.max(0.0, (cpuNanos - lastCpuNanos) / capacityNanos));
        }
        double packetsIn = rate(totals.packetsIn() - lastTotals.packetsIn(), seconds);
        double packetsOut = rate(totals.packetsOut() - lastTotals.packetsOut(), seconds);
        double bitsIn = rate(totals.bytesIn() - lastTotals.bytesIn(), seconds) * 8;
        double bitsOut = rate(totals.bytesOut() - lastTotals.bytesOut(), seconds) * 8;

        List<HostedConference> hosted = hosting.hosted();
        List<LoadSample.ConferenceCount> conferences = new ArrayList<>(hosted.size());
        int participants = 0;
        for (HostedConference conference : hosted) {
            int count = conference.participants().size();
            participants += count;
            conferences.add(new LoadSample.ConferenceCount(conference.conferenceId(), count));
        }

        lastNanos = now;
        lastCpuNanos = cpuNanos;
        lastTotals = totals;
        return new LoadSample(limits.stress(cpu, packetsIn + packetsOut, participants), cpu,
                packetsIn, packetsOut, bitsIn, bitsOut, participants, conferences, peerRtts.snapshot());
    }

    /** The limits stress is measured against. */
    public LoadLimits limits() {
        return limits;
    }

    private static double rate(long delta, double seconds) {
        return Math.max(delta, 0) / seconds;
    }
}
