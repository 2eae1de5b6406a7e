package io.meridian.agent.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SourceBucketsTest {
    private static final long SECOND = 1_000_000_000L;

    private static InetSocketAddress source(int i) {
        return new InetSocketAddress("10.0." + (i >> 8 & 0xFF) + "." + (i & 0xFF), 40000 + (i % 7));
    }

    private static int granted(SourceBuckets b, InetSocketAddress s, int tries, long now) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (b.tryAcquire(s, now)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aSourceGetsItsBurstThenItsRate() {
        SourceBuckets b = new SourceBuckets(16, 10, 5);
        assertThat(granted(b, source(1), 100, 0)).isEqualTo(5);
        assertThat(granted(b, source(1), 100, SECOND / 2)).isEqualTo(5); // half a second refills 5
        assertThat(granted(b, source(1), 100, 10 * SECOND)).isEqualTo(5); // never more than the burst
    }

    @Test
    void oneSourceDoesNotSpendAnothersBudget() {
        SourceBuckets b = new SourceBuckets(16, 10, 5);
        assertThat(granted(b, source(1), 1000, 0)).isEqualTo(5);
        assertThat(granted(b, source(2), 1000, 0)).isEqualTo(5);
        assertThat(granted(b, new InetSocketAddress("10.0.0.1", 40002), 1000, 0)).isEqualTo(5); // other port
    }

    @Test
    void theTableStaysItsSizeAndForgetsTheLongestIdleSource() {
        SourceBuckets b = new SourceBuckets(64, 1, 2);
        assertThat(b.capacity()).isEqualTo(64);
        for (int i = 0; i < 10_000; i++) {
            b.tryAcquire(source(i), i);
        }
        assertThat(b.capacity()).isEqualTo(64);
        assertThat(b.evictions()).isEqualTo(10_000 - 64); // every slot ends up holding one of the sources
    }

    @Test
    void anActiveSourceKeepsItsEmptyBucketWhileNewSourcesCome() {
        SourceBuckets b = new SourceBuckets(4, 1, 2); // one set of four ways
        InetSocketAddress flooder = source(1);
        assertThat(granted(b, flooder, 10, 0)).isEqualTo(2);
        for (int i = 2; i < 5; i++) { // fills the other three ways at older times
            b.tryAcquire(source(i), -10 + i);
        }
        b.tryAcquire(source(99), 1); // evicts the longest idle, not the flooder seen at 0
        assertThat(b.tryAcquire(flooder, 2)).isFalse();
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> new SourceBuckets(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SourceBuckets(8, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SourceBuckets(8, 1, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
