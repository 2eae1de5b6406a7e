package io.meridian.study.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Generates a reproducible workload of conferences over a {@link PlaceTable}.
 *
 * <p>Distributions (assumptions, documented in docs/study.md):
 * <ul>
 *   <li>size: 2 people 40 %; 3, 4, 5, 6 people 15, 12, 8, 6 %; 7–10 people 10 %; 11–25 people 7 %; 26–50 people
 *       2 % (uniform inside a band) — most calls are small, with a long tail; mean ≈ 5.4;</li>
 *   <li>geography: the conference has a home place drawn from the table by weight; each participant is from the
 *       home place (probability {@code samePlaceShare}), from another place within {@code nearbyKm} of home
 *       ({@code nearbyShare}, by weight), or from anywhere (the rest, by weight);</li>
 *   <li>join order: a uniformly random permutation of the participants;</li>
 *   <li>duration: 15 min 20 %, 30 min 35 %, 60 min 35 %, 120 min 10 % (mean 46.5 min); everyone stays throughout.</li>
 * </ul>
 * Conference {@code i} draws from its own random stream derived from (seed, i), so the workload does not depend on
 * how many threads generate it.
 */
public final class WorkloadGenerator {

    private static final int[] SIZE_BANDS_LOW = {2, 3, 4, 5, 6, 7, 11, 26};
    private static final int[] SIZE_BANDS_HIGH = {2, 3, 4, 5, 6, 10, 25, 50};
    private static final double[] SIZE_BAND_WEIGHTS = {40, 15, 12, 8, 6, 10, 7, 2};
    private static final int[] DURATIONS_MIN = {15, 30, 60, 120};
    private static final double[] DURATION_WEIGHTS = {20, 35, 35, 10};

    private final PlaceTable table;
    private final WorkloadSpec spec;
    private final WeightedSampler anywhere;
    private final WeightedSampler[] nearby;
    private final WeightedSampler sizeBand;
    private final WeightedSampler duration;

    /**
     * @param table where participants come from
     * @param spec  the workload's knobs
     */
    public WorkloadGenerator(PlaceTable table, WorkloadSpec spec) {
        this.table = table;
        this.spec = spec;
        List<Place> places = table.places();
        int n = places.size();
        this.anywhere = new WeightedSampler(IntStream.range(0, n).toArray(),
                places.stream().mapToDouble(Place::weight).toArray());
        this.nearby = new WeightedSampler[n];
        for (int home = 0; home < n; home++) {
            List<Integer> idx = new ArrayList<>();
            for (int other = 0; other < n; other++) {
                if (other != home && places.get(home).point().distanceKm(places.get(other).point()) <= spec.nearbyKm()) {
                    idx.add(other);
                }
            }
            // a place with no neighbour draws its "nearby" participants from home itself
            nearby[home] = idx.isEmpty()
                    ? new WeightedSampler(new int[] {home}, new double[] {1})
                    : new WeightedSampler(idx.stream().mapToInt(Integer::intValue).toArray(),
                            idx.stream().mapToDouble(i -> places.get(i).weight()).toArray());
        }
        this.sizeBand = new WeightedSampler(IntStream.range(0, SIZE_BAND_WEIGHTS.length).toArray(), SIZE_BAND_WEIGHTS);
        this.duration = new WeightedSampler(DURATIONS_MIN, DURATION_WEIGHTS);
    }

    /** @return every conference of the workload, in index order (generated on all cores) */
    public List<Conference> generate() {
        return IntStream.range(0, spec.conferences()).parallel().mapToObj(this::conference).toList();
    }

    /**
     * @param index the conference's index, {@code 0 <= index < spec.conferences()}
     * @return that conference, the same for the same seed
     */
    public Conference conference(int index) {
        SplittableRandom random = new SplittableRandom(mix(spec.seed(), index));
        int band = sizeBand.draw(random);
        int size = SIZE_BANDS_LOW[band] + random.nextInt(SIZE_BANDS_HIGH[band] - SIZE_BANDS_LOW[band] + 1);
        int home = anywhere.draw(random);
        int[] places = new int[size];
        for (int i = 0; i < size; i++) {
            double u = random.nextDouble();
            if (u < spec.samePlaceShare()) {
                places[i] = home;
            } else if (u < spec.samePlaceShare() + spec.nearbyShare()) {
                places[i] = nearby[home].draw(random);
            } else {
                places[i] = anywhere.draw(random);
            }
        }
        for (int i = size - 1; i > 0; i--) { // Fisher–Yates: a uniformly random join order
            int j = random.nextInt(i + 1);
            int t = places[i];
            places[i] = places[j];
            places[j] = t;
        }
        return new Conference(index, places, duration.draw(random));
    }

    /** @return the table participants are drawn from */
    public PlaceTable table() {
        return table;
    }

    // SplitMix64's finaliser: decorrelates the streams of neighbouring conference indices
    private static long mix(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
