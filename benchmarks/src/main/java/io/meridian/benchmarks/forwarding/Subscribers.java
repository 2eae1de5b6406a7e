package io.meridian.benchmarks.forwarding;

import io.meridian.agent.rtp.RtpHeader;
import io.meridian.agent.srtp.SrtpContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The subscribing browsers: one thread per subscriber socket blocks in receive, timestamps each datagram on
 * arrival, decrypts it with SRTP (which also proves the forwarder produced valid SRTP) and records the latency
 * from the sender's stamp while recording is on.
 */
final class Subscribers {
    private final List<Subscriber> subscribers = new ArrayList<>();

    /**
     * @param contexts for each socket, how it finds the SRTP context of an incoming SSRC (through the agent: the
     *                 subscriber transport's one context; through the plain forwarder: the publisher's keys)
     */
    Subscribers(List<ClientSocket> sockets, Function<ClientSocket, SsrcContexts> contexts) {
        for (ClientSocket s : sockets) {
            subscribers.add(new Subscriber(s, contexts.apply(s)));
        }
    }

    /** Finds the receive-side SRTP context of an SSRC, or null. */
    interface SsrcContexts {
        SrtpContext forSsrc(int ssrc);
    }

    void start() {
        for (Subscriber s : subscribers) {
            try {
                s.socket.channel.configureBlocking(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            s.thread.start();
        }
    }

    void recording(boolean on) {
        for (Subscriber s : subscribers) {
            s.recording = on;
        }
    }

    /** Valid RTP packets received so far, all subscribers. */
    long received() {
        long sum = 0;
        for (Subscriber s : subscribers) {
            sum += s.received;
        }
        return sum;
    }

    List<Thread> threads() {
        return subscribers.stream().map(s -> s.thread).toList();
    }

    /** Closes the sockets and waits for the threads; the counters below are final afterwards. */
    void stop() throws InterruptedException {
        for (Subscriber s : subscribers) {
            s.socket.close();
        }
        for (Subscriber s : subscribers) {
            s.thread.join(5000);
        }
    }

    LatencyHistogram latency() {
        LatencyHistogram h = new LatencyHistogram();
        subscribers.forEach(s -> h.add(s.latency));
        return h;
    }

    long authFailures() {
        return subscribers.stream().mapToLong(s -> s.authFailures).sum();
    }

    long notOurs() {
        return subscribers.stream().mapToLong(s -> s.notOurs).sum();
    }

    long rtcpReceived() {
        return subscribers.stream().mapToLong(s -> s.rtcp).sum();
    }

    /** One subscriber's socket, thread and counters. */
    private static final class Subscriber {
        final ClientSocket socket;
        final SsrcContexts contexts;
        final Thread thread;
        final LatencyHistogram latency = new LatencyHistogram();
        volatile boolean recording;
        volatile long received;
        long authFailures;
        long notOurs;
        long rtcp;

        Subscriber(ClientSocket socket, SsrcContexts contexts) {
            this.socket = socket;
            this.contexts = contexts;
            this.thread = Thread.ofPlatform().name("load-sub-" + socket.port()).daemon().unstarted(this::loop);
        }

        private void loop() {
            ByteBuffer rx = ByteBuffer.allocateDirect(2048);
            byte[] b = new byte[2048];
            try {
                while (true) {
                    rx.clear();
                    socket.channel.receive(rx);
                    long now = System.nanoTime();
                    int len = rx.flip().remaining();
                    rx.get(b, 0, len);
                    int second = len >= 2 ? b[1] & 0xFF : 0;
                    if (second >= 192 && second <= 223) {
                        rtcp++; // RFC 5761: RTCP (e.g. a forwarded sender report)
                        continue;
                    }
                    SrtpContext ctx = len >= 12 ? contexts.forSsrc(RtpHeader.ssrc(b, 0)) : null;
                    int n = ctx == null ? -1 : ctx.unprotectRtp(b, 0, len);
                    if (n < 0) {
                        authFailures++;
                        continue;
                    }
                    long sentAt = RtpPackets.sendNanos(b, 0, n, RtpHeader.headerLength(b, 0, n));
                    if (sentAt < 0) {
                        notOurs++;
                        continue;
                    }
                    received++;
                    if (recording) {
                        latency.record(now - sentAt);
                    }
                }
            } catch (ClosedChannelException e) {
                // stopped
            } catch (IOException e) {
                throw new UncheckedIOException("subscriber " + socket.address + " failed", e);
            }
        }
    }
}
