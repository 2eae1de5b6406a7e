package io.meridian.agent.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Hostile offers of ~128 KiB (what one signaling message may carry): each is refused or parsed with memory a small
 * multiple of its size. Allocation is counted by the JVM for this thread, so the bound is exact, not timed.
 */
class SdpBombTest {
    private static final int BUDGET_BYTES = 10 * 1024 * 1024;
    private static final int SIZE = 128 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** A video section with 128 payload formats, each mapped, followed by {@code extra} repeated until SIZE (none when empty). */
    private static String offer(String extra) {
        StringBuilder sdp = new StringBuilder("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n");
        sdp.append("m=video 9 UDP/TLS/RTP/SAVPF");
        for (int pt = 0; pt < 128; pt++) {
            sdp.append(' ').append(pt);
        }
        sdp.append("\r\n");
        for (int pt = 0; pt < 128; pt++) {
            sdp.append("a=rtpmap:").append(pt).append(" VP8/90000\r\n");
        }
        while (!extra.isEmpty() && sdp.length() < SIZE) {
            sdp.append(extra);
        }
        return sdp.toString();
    }

    private static long allocatedWhile(Runnable work) {
        long id = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(id);
        work.run();
        return THREADS.getThreadAllocatedBytes(id) - before;
    }

    @Test
    void refusesAWildcardFeedbackBombWithinTheBudget() {
        String bomb = offer("a=rtcp-fb:* nack pli\r\n");
        assertThat(bomb.length()).isGreaterThanOrEqualTo(SIZE);
        SdpParser.parse(offer("")); // warm the classes so their loading is not counted

        long allocated = allocatedWhile(() -> assertThatThrownBy(() -> SdpParser.parse(bomb))
                .isInstanceOf(SdpException.class).hasMessageContaining("more than 16 a=rtcp-fb:* lines"));

        assertThat(allocated).isLessThan(BUDGET_BYTES);
    }

    @Test
    void refusesTooManyLinesOfAnyKindWithinTheBudget() {
        String bomb = offer("a=x\r\n");
        SdpParser.parse(offer(""));

        long allocated = allocatedWhile(() -> assertThatThrownBy(() -> SdpParser.parse(bomb))
                .isInstanceOf(SdpException.class).hasMessageContaining("more than 8192 lines"));

        assertThat(allocated).isLessThan(BUDGET_BYTES);
    }

    @Test
    void parsesTheLargestAcceptedFeedbackWithinTheBudget() {
        // Many sections, each at every cap at once: 128 codecs × 16 wildcard feedback entries.
        StringBuilder section = new StringBuilder("m=video 9 UDP/TLS/RTP/SAVPF");
        for (int pt = 0; pt < 128; pt++) {
            section.append(' ').append(pt);
        }
        section.append("\r\n");
        for (int pt = 0; pt < 128; pt++) {
            section.append("a=rtpmap:").append(pt).append(" VP8/90000\r\n");
        }
        for (int i = 0; i < 16; i++) {
            section.append("a=rtcp-fb:* fb").append(i).append("\r\n");
        }
        StringBuilder sdp = new StringBuilder("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n");
        while (sdp.length() + section.length() < SIZE) {
            sdp.append(section);
        }
        String big = sdp.toString();
        SdpParser.parse(offer(""));

        long allocated = allocatedWhile(() -> assertThat(SdpParser.parse(big).media()).hasSizeGreaterThan(20));

        assertThat(allocated).isLessThan(BUDGET_BYTES);
    }

    @Test
    void refusesMorePayloadFormatsOrRepeatedAttributesThanTheCaps() {
        StringBuilder formats = new StringBuilder("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF");
        for (int i = 0; i < 129; i++) {
            formats.append(" 96");
        }
        assertThatThrownBy(() -> SdpParser.parse(formats + "\r\n")).hasMessageContaining("more than 128 payload formats");

        StringBuilder ssrcs = new StringBuilder("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n");
        for (int i = 0; i < 257; i++) {
            ssrcs.append("a=ssrc:").append(i).append(" cname:x\r\n");
        }
        assertThatThrownBy(() -> SdpParser.parse(ssrcs.toString())).hasMessageContaining("more than 256 a=ssrc lines");
    }
}
