package io.meridian.agent.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.rtp.RtcpWriter;
import io.meridian.agent.rtp.RtpHeader;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The per-packet paths allocate nothing once warm (a behaviour the hot path promises, measured per thread). */
class ForwardingAllocationTest {
    /** Counts and scribbles like a transport protecting in place, keeping nothing. */
    static final class CountingSender implements MediaSender {
        long rtp;
        long rtcp;

        @Override
        public void sendRtp(byte[] buf, int off, int len) {
            rtp++;
            buf[off + len] ^= 1;
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
            rtcp++;
        }
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    @Test
    void forwardingNacksReportsAndTicksAllocateNothingPerPacket() {
        Router router = new Router("conf");
        CountingSender publisherOut = new CountingSender();
        RouterTransport publisher = router.attach(publisherOut);
        Producer video = router.addProducer(publisher, ProducerSpec.video("0", 0x1000, 96, 0x1001, 97, 4));
        Producer audio = router.addProducer(publisher, ProducerSpec.audio("1", 0x2000, 111, 4));
        CountingSender[] outs = new CountingSender[5];
        RouterTransport[] subscribers = new RouterTransport[5];
        for (int i = 0; i < outs.length; i++) {
            outs[i] = new CountingSender();
            subscribers[i] = router.attach(outs[i]);
            router.addConsumer(video, subscribers[i], new ConsumerSpec(Integer.toString(i), 98, 99, 4));
            router.addConsumer(audio, subscribers[i], new ConsumerSpec("a" + i, 111, -1, 4));
        }
        byte[] v = RouterTest.rtp(0x1000, 96, 0, "0", 1000);
        byte[] a = RouterTest.rtp(0x2000, 111, 0, "1", 120);
        byte[] nack = new byte[64];
        int nackLen = RtcpWriter.writeNack(nack, 0, 7, 0x1000, new int[] {0}, new int[] {0b11}, 1);
        byte[] rr = new byte[64];
        int rrLen = RtcpWriter.writeRr(rr, 0, 7, 1);
        RtcpWriter.writeReportBlock(rr, 8, 0x1000, 3, 0, 0, 0, 0, 0);

        run(router, publisher, subscribers[0], v, a, nack, nackLen, rr, rrLen, 0, 20_000); // warm up
        long probeStart = allocatedBytes();
        long probe = allocatedBytes() - probeStart; // what reading the counter itself costs
        long before = allocatedBytes();
        run(router, publisher, subscribers[0], v, a, nack, nackLen, rr, rrLen, 20_000, 40_000);
        long allocated = allocatedBytes() - before - probe;

        assertThat(allocated).as("bytes allocated over 40,000 packets").isZero();
        assertThat(outs[4].rtp).isGreaterThanOrEqualTo(2 * 40_000);
        assertThat(publisherOut.rtcp).isPositive();
    }

    private static void run(Router router, RouterTransport publisher, RouterTransport subscriber, byte[] v, byte[] a,
            byte[] nack, int nackLen, byte[] rr, int rrLen, int from, int to) {
        for (int i = from; i < to; i++) {
            long now = i * 1_000_000L;
            RtpHeader.setSequenceNumber(v, 0, i & 0xFFFF);
            RtpHeader.setSequenceNumber(a, 0, i & 0xFFFF);
            router.onRtp(publisher, v, 0, v.length, now);
            router.onRtp(publisher, a, 0, a.length, now);
            if (i % 10 == 0) {
                RtpHeader.writeShort(nack, 12, (i - 5) & 0xFFFF);
                router.onRtcp(subscriber, nack, 0, nackLen, now);
                router.onRtcp(subscriber, rr, 0, rrLen, now);
                router.tick(now);
            }
        }
    }
}
