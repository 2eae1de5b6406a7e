package io.meridian.study.workload;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Draws an index with probability proportional to its weight (cumulative table and binary search). */
final class WeightedSampler {

    private final double[] cumulative;
    private final int[] values;

    /**
     * @param values  the values to draw
     * @param weights their weights, each {@code > 0}, same length
     */
    WeightedSampler(int[] values, double[] weights) {
        if (values.length == 0 || values.length != weights.length) {
            throw new IllegalArgumentException("need as many weights as values, at least one");
        }
        this.values = values.clone();
        this.cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] > 0 && Double.isFinite(weights[i]))) {
                throw new IllegalArgumentException("weights must be finite and > 0, got " + weights[i]);
            }
            sum += weights[i];
            cumulative[i] = sum;
        }
    }

    int draw(SplittableRandom random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, u);
        int slot = i >= 0 ? i + 1 : -i - 1; // u == cumulative[i] belongs to the next bucket
        return values[Math.min(slot, values.length - 1)];
    }
}
