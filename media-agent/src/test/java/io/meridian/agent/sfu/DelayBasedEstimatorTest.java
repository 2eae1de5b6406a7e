package io.meridian.agent.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The estimator against synthetic traces: a paced sender at the estimate, one FIFO bottleneck with a given
 * capacity (a drop-tail queue of 300 ms), transport-cc feedback every 100 ms.
 */
class DelayBasedEstimatorTest {
    private static final int PACKET = 1200;
    private static final long FEEDBACK = 100_000;

    /** Estimate sampled every feedback interval, index = time / 100 ms. */
    private static long[] run(long seconds, LongUnaryOperator capacityAt, long jitterMicros, long start) {
        DelayBasedEstimator estimator = new DelayBasedEstimator(50_000, 2_500_000, start);
        Random random = new Random(7);
        long[] trace = new long[(int) (seconds * 10)];
        long linkFree = 0;
        long nextSend = 0;
        long[] pendingSend = new long[100_000];
        long[] pendingArrival = new long[100_000];
        int pending = 0;
        for (int tick = 0; tick < trace.length; tick++) {
            long end = (tick + 1) * FEEDBACK;
            while (nextSend < end) {
                long capacity = capacityAt.applyAsLong(nextSend);
                long serialization = PACKET * 8L * 1_000_000 / capacity;
                long departure = Math.max(nextSend, linkFree) + serialization;
                if (departure - nextSend <= 300_000) { // drop-tail beyond 300 ms of queue
                    linkFree = departure;
                    long jitter = jitterMicros == 0 ? 0 : (long) (random.nextDouble() * jitterMicros);
                    pendingSend[pending] = nextSend;
                    pendingArrival[pending] = departure + 20_000 + jitter;
                    pending++;
                }
                nextSend += PACKET * 8L * 1_000_000 / estimator.estimate();
            }
            int kept = 0;
            for (int i = 0; i < pending; i++) {
                if (pendingArrival[i] <= end) {
                    estimator.onPacket(pendingSend[i], pendingArrival[i], PACKET);
                } else {
                    pendingSend[kept] = pendingSend[i];
                    pendingArrival[kept] = pendingArrival[i];
                    kept++;
                }
            }
            pending = kept;
            trace[tick] = estimator.update(end);
        }
        return trace;
    }

    // Growth is GCC's 8 %/s, so the traces start at 1 Mbps to reach the link within the first 15 s.
    @Test
    void followsAStepDownInCapacityWithinTwoSeconds() {
        long[] trace = run(30, t -> t < 15_000_000 ? 2_000_000 : 300_000, 0, 1_000_000);

        assertThat(trace[149]).as("before the drop the estimate uses the 2 Mbps link").isGreaterThan(1_200_000);
        int adapted = -1;
        for (int i = 150; i < trace.length; i++) {
            if (trace[i] <= 330_000) {
                adapted = i;
                break;
            }
        }
        assertThat(adapted).as("estimate at or below 110 % of the new capacity").isGreaterThan(0);
        assertThat((adapted - 150) * 100).as("milliseconds to adapt").isLessThanOrEqualTo(2_000);
        for (int i = 200; i < trace.length; i++) {
            assertThat(trace[i]).as("stays near the new capacity at %d ms", i * 100).isBetween(150_000L, 450_000L);
        }
    }

    @Test
    void doesNotOscillateOnASteadyLink() {
        long[] trace = run(60, t -> 1_000_000, 2_000, 300_000);

        long low = Long.MAX_VALUE;
        long high = 0;
        int reversals = 0;
        for (int i = 200; i < trace.length; i++) { // after 20 s of convergence
            low = Math.min(low, trace[i]);
            high = Math.max(high, trace[i]);
            if (i > 201 && Long.signum(trace[i] - trace[i - 1]) * Long.signum(trace[i - 1] - trace[i - 2]) < 0) {
                reversals++;
            }
        }
        assertThat(low).as("lowest estimate over the last 40 s").isGreaterThan(700_000);
        assertThat(high).as("highest estimate over the last 40 s").isLessThan(1_200_000);
        assertThat(reversals).as("direction changes over the last 40 s").isLessThanOrEqualTo(20);
    }

    @Test
    void jitterAloneOnAFastLinkIsNotOveruse() {
        long[] trace = run(20, t -> 50_000_000, 8_000, 1_000_000);

        for (int i = 1; i < trace.length; i++) {
            assertThat(trace[i]).as("never decreases at %d ms", i * 100).isGreaterThanOrEqualTo(trace[i - 1]);
        }
        assertThat(trace[trace.length - 1]).isEqualTo(2_500_000);
    }

    @Test
    void rejectsAStartOutsideItsRange() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DelayBasedEstimator(100, 50, 70))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
