package io.meridian.benchmarks.forwarding;

import io.meridian.agent.srtp.SrtpContext;
import io.meridian.agent.srtp.SrtpProfile;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one forwarder under one scenario: sockets and keys, the forwarder, subscribers, then the publishers for
 * warm-up + measurement, then a drain, and collects counters, CPU and latency.
 */
final class Phase {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Which forwarder to run. */
    enum Path { AGENT, BASELINE }

    private Phase() {
    }

    static PhaseResult run(Path path, Scenario scenario, Load load, SrtpProfile profile, long warmupNanos,
            long durationNanos) throws InterruptedException {
        List<ClientSocket> pubs = new ArrayList<>();
        List<ClientSocket> subs = new ArrayList<>();
        Forwarder forwarder = null;
        Publishers publishers = null;
        Subscribers subscribers = null;
        try {
            for (int i = 0; i < scenario.publishers(); i++) {
                pubs.add(ClientSocket.open(profile));
            }
            for (int j = 0; j < scenario.subscribers(); j++) {
                subs.add(ClientSocket.open(profile));
            }
            if (path == Path.AGENT) {
                forwarder = AgentForwarder.open(profile, pubs, subs);
                subscribers = new Subscribers(subs, s -> {
                    SrtpContext ctx = AgentForwarder.clientContext(profile, s); // the subscriber transport's keys
                    return ssrc -> ctx;
                });
            } else {
                forwarder = BaselineForwarder.start(subs.stream().map(s -> s.address).toList());
                subscribers = new Subscribers(subs, s -> {
                    // packets arrive as the publishers protected them: one context per publisher's keys
                    SrtpContext[] byPublisher = new SrtpContext[pubs.size()];
                    for (int i = 0; i < byPublisher.length; i++) {
                        byPublisher[i] = SrtpContext.fromKeyingMaterial(profile, pubs.get(i).keyingMaterial, true);
                    }
                    return ssrc -> {
                        int i = RtpPackets.publisherOf(ssrc);
                        return i >= 0 && i < byPublisher.length ? byPublisher[i] : null;
                    };
                });
            }
            UdpDrops drops0 = UdpDrops.snapshot();
            subscribers.start();
            publishers = new Publishers(pubs, profile, load, forwarder.address());
            publishers.start();
            Thread.sleep(warmupNanos / 1_000_000);

            List<Thread> loadThreads = new ArrayList<>(subscribers.threads());
            loadThreads.add(publishers.thread());
            long gc0 = gcCount();
            long gcMs0 = gcMillis();
            long cpu0 = cpu(forwarder.thread());
            long alloc0 = THREADS.getThreadAllocatedBytes(forwarder.thread().threadId());
            long load0 = cpu(loadThreads);
            long in0 = forwarder.received();
            long out0 = forwarder.forwarded();
            long t0 = System.nanoTime();
            subscribers.recording(true);
            Thread.sleep(durationNanos / 1_000_000);
            subscribers.recording(false);
            long t1 = System.nanoTime();
            long in1 = forwarder.received();
            long out1 = forwarder.forwarded();
            long cpu1 = cpu(forwarder.thread());
            long alloc1 = THREADS.getThreadAllocatedBytes(forwarder.thread().threadId());
            long load1 = cpu(loadThreads);
            long gc1 = gcCount();
            long gcMs1 = gcMillis();

            publishers.stop();
            drain(subscribers);
            UdpDrops drops1 = UdpDrops.snapshot();
            long delivered = subscribers.received();
            subscribers.stop();
            long sent = publishers.sent();
            return new PhaseResult(scenario, forwarder.name(), t1 - t0, in1 - in0, out1 - out0, cpu1 - cpu0,
                    alloc1 - alloc0, load1 - load0, subscribers.latency(), sent, sent * scenario.subscribers(),
                    delivered, forwarder.drops(), forwarder.dropTotal(),
                    drops1.since(drops0, List.of(forwarder.address().getPort())),
                    drops1.since(drops0, subs.stream().map(ClientSocket::port).toList()),
                    subscribers.authFailures() + subscribers.notOurs(),
                    publishers.sendFailures() + publishers.protectFailures(), drops1.available(),
                    gc1 - gc0, gcMs1 - gcMs0);
        } finally {
            if (publishers != null && publishers.thread().isAlive()) {
                publishers.stop();
            }
            if (subscribers != null) {
                subscribers.stop();
            }
            if (forwarder != null) {
                forwarder.close();
            }
            pubs.forEach(ClientSocket::close);
            subs.forEach(ClientSocket::close);
        }
    }

    /** Waits until the subscribers stop receiving (nothing new for 200 ms, at most 3 s). */
    private static void drain(Subscribers subscribers) throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = subscribers.received();
            if (now == last) {
                return;
            }
            last = now;
            Thread.sleep(200);
        }
    }

    private static long cpu(Thread t) {
        return THREADS.getThreadCpuTime(t.threadId());
    }

    private static long cpu(List<Thread> threads) {
        long sum = 0;
        for (Thread t : threads) {
            long c = THREADS.getThreadCpuTime(t.threadId());
            sum += Math.max(0, c);
        }
        return sum;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(c -> c > 0).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(c -> c > 0).sum();
    }
}
