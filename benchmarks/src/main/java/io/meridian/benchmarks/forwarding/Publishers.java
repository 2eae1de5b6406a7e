package io.meridian.benchmarks.forwarding;

import io.meridian.agent.srtp.SrtpContext;
import io.meridian.agent.srtp.SrtpProfile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * The publishing browsers: one thread paces every publisher's video and audio (due packets are sent every
 * pacing interval, publishers interleaved packet by packet), stamps the send time into the payload, protects
 * with the publisher's own SRTP context and sends from the publisher's own socket. Also drains the RTCP the
 * forwarder sends back (receiver reports, REMB, PLI).
 */
final class Publishers {
    private final ClientSocket[] sockets;
    private final SrtpContext[] contexts;
    private final Load load;
    private final InetSocketAddress target;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long sent;
    // written by the pacing thread, read after it stopped
    private long sendFailures;
    private long protectFailures;
    private long rtcpReceived;

    Publishers(List<ClientSocket> sockets, SrtpProfile profile, Load load, InetSocketAddress target) {
        this.sockets = sockets.toArray(ClientSocket[]::new);
        this.contexts = new SrtpContext[this.sockets.length];
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = AgentForwarder.clientContext(profile, this.sockets[i]);
        }
        this.load = load;
        this.target = target;
        this.thread = Thread.ofPlatform().name("load-publishers").daemon().unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /** Stops sending and waits for the thread. */
    void stop() throws InterruptedException {
        running = false;
        thread.join();
    }

    Thread thread() {
        return thread;
    }

    /** RTP packets sent so far (all publishers). */
    long sent() {
        return sent;
    }

    long sendFailures() {
        return sendFailures;
    }

    long protectFailures() {
        return protectFailures;
    }

    long rtcpReceived() {
        return rtcpReceived;
    }

    private void loop() {
        int n = sockets.length;
        byte[] b = new byte[2048];
        new Random(42).nextBytes(b);
        ByteBuffer tx = ByteBuffer.allocateDirect(2048);
        ByteBuffer rx = ByteBuffer.allocateDirect(2048);
        long[] videoSent = new long[n];
        long[] audioSent = new long[n];
        int[] transportSeq = new int[n];
        int[] tsBase = new int[n];
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            tsBase[i] = random.nextInt();
        }
        int perFrame = Math.max(1, load.videoPps() / 30);
        long tick = load.pacingMillis() * 1_000_000L;
        long start = System.nanoTime();
        long next = start;
        while (running) {
            long elapsed = System.nanoTime() - start;
            long videoDue = elapsed * load.videoPps() / 1_000_000_000L;
            long audioDue = elapsed * load.audioPps() / 1_000_000_000L;
            boolean more = true;
            while (more) {
                more = false;
                for (int i = 0; i < n; i++) {
                    if (videoSent[i] < videoDue) {
                        long k = videoSent[i]++;
                        send(b, tx, i, false, load.videoBytes(), (int) k, tsBase[i] + (k / perFrame) * 3000,
                                k % perFrame == perFrame - 1, transportSeq[i]++);
                        more = true;
                    }
                    if (audioSent[i] < audioDue) {
                        long k = audioSent[i]++;
                        send(b, tx, i, true, load.audioBytes(), (int) k, tsBase[i] + k * 960, false,
                                transportSeq[i]++);
                        more = true;
                    }
                }
            }
            drainRtcp(rx);
            next += tick;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -100 * tick) {
                next = System.nanoTime(); // starved for a long time: do not try to catch up in one burst forever
            }
        }
    }

    private void send(byte[] b, ByteBuffer tx, int i, boolean audio, int length, int seq, long ts, boolean marker,
            int tseq) {
        RtpPackets.write(b, length, i, audio, seq & 0xFFFF, ts & 0xFFFFFFFFL, marker, tseq & 0xFFFF,
                audio ? '1' : '0', System.nanoTime()); // mids as in the publisher's SDP
        int len = contexts[i].protectRtp(b, 0, length);
        if (len < 0) {
            protectFailures++;
            return;
        }
        tx.clear();
        tx.put(b, 0, len).flip();
        try {
            if (sockets[i].channel.send(tx, target) == len) {
                sent++;
                return;
            }
        } catch (IOException e) {
            // counted below
        }
        sendFailures++;
    }

    private void drainRtcp(ByteBuffer rx) {
        for (ClientSocket s : sockets) {
            try {
                while (true) {
                    rx.clear();
                    if (s.channel.receive(rx) == null) {
                        break;
                    }
                    rtcpReceived++;
                }
            } catch (IOException e) {
                return;
            }
        }
    }
}
