package io.meridian.agent.report;

/**
 * The limits that define stress 1.0.
 *
 * @param cpuLimit        process CPU share of the machine (0..1] counted as full
 * @param packetRateLimit packets per second, in + out, counted as full
 * @param capacity        participants counted as full
 */
public record LoadLimits(double cpuLimit, double packetRateLimit, int capacity) {

    /** Rejects limits that would divide by zero or invert the scale. */
    public LoadLimits {
        if (!(cpuLimit > 0 && cpuLimit <= 1)) {
            throw new IllegalArgumentException("meridian.agent.cpu-limit must be in (0, 1], got " + cpuLimit);
        }
        if (!(packetRateLimit > 0) || Double.isInfinite(packetRateLimit)) {
            throw new IllegalArgumentException("meridian.agent.packet-rate-limit must be positive, got " + packetRateLimit);
        }
        if (capacity <= 0) {
            throw new IllegalArgumentException("meridian.agent.capacity must be positive, got " + capacity);
        }
    }

    /**
     * The agent's stress: the largest of its three loads, each over its limit.
     *
     * <pre>stress = max(cpu / cpuLimit, (packetsIn + packetsOut) per second / packetRateLimit,
     *              participants / capacity)</pre>
     *
     * <p>0 is idle, 1 is at a limit, above 1 is overloaded. The maximum (not a sum or average) because
     * whichever resource runs out first is what degrades media for everyone on the agent.
     */
    public double stress(double cpu, double packetsPerSecond, int participants) {
        return Math.max(cpu / cpuLimit, Math.max(packetsPerSecond / packetRateLimit, (double) participants / capacity));
    }
}
