package io.meridian.benchmarks.forwarding;

import java.util.List;

/**
 * What one forwarder did under one scenario. Rates and CPU cover the measurement window (after warm-up, while
 * the load runs); loss covers the whole phase, from the first packet sent to the drain after the last.
 *
 * @param scenario          the load shape
 * @param path              {@code agent} or {@code udp-fwd}
 * @param windowNanos       length of the measurement window
 * @param inWindow          RTP packets the forwarder accepted in the window
 * @param forwardedWindow   RTP packets it sent in the window
 * @param cpuNanos          CPU time (user + system) of its forwarding thread in the window
 * @param allocatedBytes    bytes that thread allocated in the window
 * @param loadCpuNanos      CPU time of the load generator and subscriber threads in the window
 * @param latency           send-to-receive latency of packets received in the window
 * @param sent              RTP packets the publishers sent in the whole phase
 * @param expected          deliveries expected: every packet to every subscriber
 * @param delivered         valid packets the subscribers received
 * @param forwarderDrops    packets the forwarder counted as dropped (app level), with causes
 * @param forwarderDropTotal total of those
 * @param forwarderKernelDrops datagrams the kernel discarded at the forwarder's socket (receive buffer full)
 * @param subscriberKernelDrops same at the subscribers' sockets
 * @param subscriberBadSrtp packets subscribers could not authenticate/decrypt
 * @param generatorFailures packets the publishers failed to protect or send
 * @param kernelCountersKnown whether /proc/net/udp was readable
 * @param gcCount           garbage collections in the window (whole JVM: forwarder and load share the heap)
 * @param gcMillis          their accumulated time
 */
record PhaseResult(Scenario scenario, String path, long windowNanos, long inWindow, long forwardedWindow,
        long cpuNanos, long allocatedBytes, long loadCpuNanos, LatencyHistogram latency, long sent, long expected,
        long delivered, String forwarderDrops, long forwarderDropTotal, long forwarderKernelDrops,
        long subscriberKernelDrops, long subscriberBadSrtp, long generatorFailures, boolean kernelCountersKnown,
        long gcCount, long gcMillis) {

    /**
     * Pools repeated runs of one scenario and path: counters and CPU add up, latency histograms merge, so rates
     * and quantiles are those of one long interleaved run.
     */
    static PhaseResult pool(List<PhaseResult> runs) {
        PhaseResult f = runs.get(0);
        LatencyHistogram latency = new LatencyHistogram();
        long window = 0, in = 0, out = 0, cpu = 0, alloc = 0, loadCpu = 0, sent = 0, expected = 0, delivered = 0;
        long dropTotal = 0, fwdKernel = 0, subKernel = 0, badSrtp = 0, genFail = 0, gc = 0, gcMs = 0;
        boolean known = true;
        StringBuilder drops = new StringBuilder();
        for (PhaseResult r : runs) {
            if (!r.scenario.equals(f.scenario) || !r.path.equals(f.path)) {
                throw new IllegalArgumentException("pooling different scenarios or paths");
            }
            latency.add(r.latency);
            window += r.windowNanos;
            in += r.inWindow;
            out += r.forwardedWindow;
            cpu += r.cpuNanos;
            alloc += r.allocatedBytes;
            loadCpu += r.loadCpuNanos;
            sent += r.sent;
            expected += r.expected;
            delivered += r.delivered;
            dropTotal += r.forwarderDropTotal;
            fwdKernel += r.forwarderKernelDrops;
            subKernel += r.subscriberKernelDrops;
            badSrtp += r.subscriberBadSrtp;
            genFail += r.generatorFailures;
            gc += r.gcCount;
            gcMs += r.gcMillis;
            known &= r.kernelCountersKnown;
            if (!r.forwarderDrops.isEmpty()) {
                drops.append(drops.isEmpty() ? "" : " | ").append(r.forwarderDrops);
            }
        }
        return new PhaseResult(f.scenario, f.path, window, in, out, cpu, alloc, loadCpu, latency, sent, expected,
                delivered, drops.toString(), dropTotal, fwdKernel, subKernel, badSrtp, genFail, known, gc, gcMs);
    }

    double seconds() {
        return windowNanos / 1e9;
    }

    double inPerSecond() {
        return inWindow / seconds();
    }

    double forwardedPerSecond() {
        return forwardedWindow / seconds();
    }

    /** Forwarded packets per CPU-second of the forwarding thread. */
    double forwardedPerCpuSecond() {
        return cpuNanos == 0 ? 0 : forwardedWindow / (cpuNanos / 1e9);
    }

    /** Share of one core the forwarding thread used. */
    double cpuShare() {
        return (double) cpuNanos / windowNanos;
    }

    double allocatedPerForwarded() {
        return forwardedWindow == 0 ? 0 : (double) allocatedBytes / forwardedWindow;
    }

    long lost() {
        return expected - delivered;
    }

    double lossPercent() {
        return expected == 0 ? 0 : 100.0 * lost() / expected;
    }

    /** Latency quantile in microseconds. */
    double latencyMicros(double q) {
        return latency.quantile(q) / 1e3;
    }
}
