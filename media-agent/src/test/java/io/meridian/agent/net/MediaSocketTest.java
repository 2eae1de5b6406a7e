package io.meridian.agent.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.agent.stun.Stun;
import io.meridian.agent.stun.StunWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MediaSocketTest {
    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ticks = new AtomicInteger();
    private volatile boolean refuseRtp;
    private volatile boolean throwOnRtcp;
    private MediaSocket socket;
    private DatagramChannel client;

    @BeforeEach
    void setUp() throws Exception {
        socket = MediaSocket.open(new InetSocketAddress("127.0.0.1", 0), new PacketSink() {
            @Override
            public boolean onStun(byte[] buf, int off, int len, InetSocketAddress from) {
                seen.add("stun:" + len);
                return true;
            }

            @Override
            public boolean onDtls(byte[] buf, int off, int len, InetSocketAddress from) {
                seen.add("dtls:" + len);
                return true;
            }

            @Override
            public boolean onRtp(byte[] buf, int off, int len, InetSocketAddress from) {
                assertThat(buf.length - off - len).isGreaterThanOrEqualTo(MediaSocket.HEADROOM);
                seen.add("rtp:" + len);
                return !refuseRtp;
            }

            @Override
            public boolean onRtcp(byte[] buf, int off, int len, InetSocketAddress from) {
                if (throwOnRtcp) {
                    throw new IllegalStateException("handler bug");
                }
                seen.add("rtcp:" + len);
                return true;
            }

            @Override
            public void onTick(long nowNanos) {
                ticks.incrementAndGet();
            }
        }, 5);
        client = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void tearDown() throws Exception {
        socket.close();
        client.close();
    }

    private void send(String hex) throws Exception {
        client.send(ByteBuffer.wrap(HexFormat.of().parseHex(hex.replace(" ", ""))), socket.localAddress());
    }

    private static String stunHex() {
        byte[] b = new byte[64];
        int n = new StunWriter().start(b, 0, Stun.BINDING_REQUEST, new byte[12], 0).addFingerprint().length();
        return HexFormat.of().formatHex(b, 0, n);
    }

    @Test
    void demultiplexesEachKindToItsHandler() throws Exception {
        send(stunHex());
        send("16 fefd 0000 000000000000 0002 0102"); // DTLS handshake record, 2-byte body
        send("80 60 0001 00000000 00000001 aabb"); // RTP
        send("81 c9 0001 00000001"); // RTCP RR without blocks
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 4);
        assertThat(seen).containsExactly("stun:28", "dtls:15", "rtp:14", "rtcp:8");
        for (PacketKind k : new PacketKind[] {PacketKind.STUN, PacketKind.DTLS, PacketKind.RTP, PacketKind.RTCP}) {
            assertThat(socket.received(k)).as(k.name()).isEqualTo(1);
            assertThat(socket.dropped(k)).as(k.name()).isZero();
        }
    }

    @Test
    void countsMalformedDatagramsByKindWithoutCallingHandlers() throws Exception {
        send("0001 0000 2112a442 000000000000000000000000 00"); // STUN header whose length does not match
        send("17 fefd 00"); // DTLS record header cut short
        send("80 60 00"); // RTP shorter than its fixed header
        send("81 c9 00"); // RTCP cut short
        send("41 42 43"); // first byte 65: not ours
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.dropped(PacketKind.UNKNOWN) == 1
                && socket.dropped(PacketKind.STUN) == 1 && socket.dropped(PacketKind.DTLS) == 1
                && socket.dropped(PacketKind.RTP) == 1 && socket.dropped(PacketKind.RTCP) == 1);
        assertThat(seen).isEmpty();
    }

    @Test
    void countsWhatTheSinkRefusesAndSurvivesASinkThatThrows() throws Exception {
        refuseRtp = true;
        throwOnRtcp = true;
        send("80 60 0001 00000000 00000001 aabb");
        send("81 c9 0001 00000001");
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.dropped(PacketKind.RTP) == 1
                && socket.dropped(PacketKind.RTCP) == 1);
        assertThat(socket.sinkErrors()).isEqualTo(1);
        assertThat(socket.isRunning()).isTrue();
        throwOnRtcp = false;
        send("81 c9 0001 00000001");
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("rtcp:8"));
    }

    @Test
    void ticksWithoutTrafficAndRunsTasksOnTheReceiveThread() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> ticks.get() >= 5);
        AtomicReference<String> thread = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        socket.execute(() -> {
            thread.set(Thread.currentThread().getName());
            ran.countDown();
        });
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(thread.get()).isEqualTo("media-rx-" + socket.localAddress().getPort());
    }

    @Test
    void sendsDatagramsToAPeer() throws Exception {
        byte[] payload = {1, 2, 3, 4, 5};
        assertThat(socket.send(payload, 1, 3, (InetSocketAddress) client.getLocalAddress())).isTrue();
        ByteBuffer in = ByteBuffer.allocate(16);
        client.configureBlocking(true);
        client.receive(in);
        assertThat(in.flip().remaining()).isEqualTo(3);
        assertThat(in.get(0)).isEqualTo((byte) 2);
        assertThat(socket.sent()).isEqualTo(1);
    }
}
