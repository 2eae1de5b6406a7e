package io.meridian.study;

import io.meridian.placement.PlacementSettings;
import io.meridian.study.policy.StudyPolicies;
import io.meridian.study.sim.SimulationSettings;
import io.meridian.study.workload.WorkloadSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code bin/study}.
 *
 * @param workload     conferences, seed and geography
 * @param simulation   hop cost, bitrate, agent capacity
 * @param meridian     the meridian policy's settings (defaults, or the budget from {@code --max-agents})
 * @param thresholdsMs the cascade thresholds the Meridian sweep tries
 * @param participants a user CSV of participant places, or {@code null} for the built-in world distribution
 * @param regions      an operator region file, or {@code null} for the study catalog
 * @param regionGroups a region-groups file, or {@code null} for the built-in groups
 * @param svgDir       where to write the charts, or {@code null} for none
 * @param help         print usage and exit
 * @param trainSeeds   seeds of the workloads the threshold is chosen on (never reported as results)
 * @param testSeeds    held-out seeds the results are reported on; the first is {@code workload.seed()}, whose
 *                     run gives the detailed tables
 * @param usdPerMsSaved the cost-aware meridian's price of a saved millisecond, USD per hour
 * @param replay       a decision log exported from the controller's {@code /decisions} to replay, or {@code null}
 */
public record StudyOptions(WorkloadSpec workload, SimulationSettings simulation, PlacementSettings meridian,
                           List<Double> thresholdsMs,
                           Path participants, Path regions, Path regionGroups, Path svgDir, boolean help,
                           List<Long> trainSeeds, List<Long> testSeeds, double usdPerMsSaved, Path replay) {

    /** Default training seeds. */
    public static final List<Long> DEFAULT_TRAIN_SEEDS = List.of(1L, 2L, 3L);
    /** Default number of held-out seeds: {@code --seed} and the next ones. */
    public static final int DEFAULT_TEST_SEED_COUNT = 3;

    /**
     * Copies the seed lists.
     *
     * @throws IllegalArgumentException when a seed is both a training and a held-out seed, or a list is empty
     */
    public StudyOptions {
        trainSeeds = List.copyOf(trainSeeds);
        testSeeds = List.copyOf(testSeeds);
        if (trainSeeds.isEmpty() || testSeeds.isEmpty()) {
            throw new IllegalArgumentException("needs at least one training and one held-out seed");
        }
        for (Long s : testSeeds) {
            if (trainSeeds.contains(s)) {
                throw new IllegalArgumentException("seed " + s + " is both a training and a held-out seed");
            }
        }
        if (testSeeds.get(0) != workload.seed()) {
            throw new IllegalArgumentException("the first held-out seed must be the workload's seed");
        }
    }

    /** The sweep's default thresholds, ms. */
    public static final List<Double> DEFAULT_THRESHOLDS = List.of(0.0, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0,
            80.0, 100.0, 150.0);

    /**
     * The cost-aware meridian's default price of a saved millisecond, USD per hour: about what relaying a 3-person
     * conference to a fourth agent costs (3 streams × 0.675 GB/h × 0.02 USD/GB ≈ 0.04 USD/h) per 80 ms saved.
     */
    public static final double DEFAULT_USD_PER_MS_SAVED = 0.0005;

    /** Usage text. */
    public static final String USAGE = """
            usage: bin/study [options]
              --conferences N       conferences to simulate (default 100000)
              --seed S              first held-out seed; the same seeds give the same output (default 42)
              --test-seeds N        held-out seeds: S, S+1, ... (default 3); results are reported on these
              --train-seeds LIST    seeds the cascade threshold is chosen on (default 1,2,3; never reported)
              --participants FILE   participant places CSV: latitude,longitude[,weight[,label]]
                                    (default: internet users by country, 2022, built in)
              --regions FILE        region catalog CSV: name,latitude,longitude[,egressUsdPerGb]
                                    (default: the study catalog, 21 AWS regions with egress prices)
              --region-groups FILE  groups for the region-groups policy: group,region (default built in)
              --thresholds LIST     cascade thresholds for the Meridian sweep, ms (default 0,5,10,15,20,30,40,50,60,80,100,150)
              --max-agents N        meridian's agent budget per conference (default: PlacementSettings.defaults())
              --same-place P        share of participants from the conference's home place (default 0.55)
              --nearby P            share from another place within --nearby-km of home (default 0.25)
              --nearby-km KM        radius of "nearby" (default 3000)
              --hop-ms MS           processing cost per agent on the media path (default 3)
              --stream-mbps MBPS    bitrate of one participant's forwarded media (default 1.5)
              --agent-capacity N    forwarded packets/s per agent, for "agents needed" (default 100000)
              --access-stretch F    participant-agent routes are F times longer than the backbone's (default 1)
              --geoip-error-km KM   mean GeoIP location error the policies see (default 100; 0 = exact)
              --truth T             measured: true RTTs from the published table + per-path noise (default);
                                    estimate: the great-circle model is the truth (the old study)
              --churn P             share of participants who leave before the end; late joiners arrive in the
                                    first fifth of the call (default 0.3; 0 = everyone there throughout)
              --svg-dir DIR         also write study-policies.svg and study-sweep.svg into DIR
              --idle-fleet          place on an idle, unlimited fleet (default: each region sized for the
                                    policy's busiest 5 minutes, load-aware rules firing at the overload stress)
              --usd-per-ms-saved X  the cost-aware meridian's price of a millisecond saved, USD per hour
                                    (default 0.0005)
              --replay FILE         replay a deployment's joins (the JSON of the controller's /decisions) through
                                    every policy and recommend its threshold and agent budget
              --exact               ask the policy for every participant (no decision cache; same results, slower)
              --help                this text
            """;

    /**
     * @param args the command line
     * @return the options
     * @throws IllegalArgumentException naming the bad option
     */
    public static StudyOptions parse(String[] args) {
        int conferences = 100_000;
        long seed = 42;
        double samePlace = WorkloadSpec.DEFAULT_SAME_PLACE;
        double nearby = WorkloadSpec.DEFAULT_NEARBY;
        double nearbyKm = WorkloadSpec.DEFAULT_NEARBY_KM;
        double hopMs = SimulationSettings.DEFAULT_HOP_MS;
        double streamMbps = SimulationSettings.DEFAULT_STREAM_MBPS;
        int capacity = SimulationSettings.DEFAULT_AGENT_CAPACITY;
        double accessStretch = 1.0;
        PlacementSettings meridian = PlacementSettings.defaults();
        List<Double> thresholds = DEFAULT_THRESHOLDS;
        Path participants = null;
        Path regions = null;
        Path groups = null;
        Path svgDir = null;
        boolean help = false;
        boolean exact = false;
        boolean idleFleet = false;
        Path replay = null;
        double usdPerMsSaved = DEFAULT_USD_PER_MS_SAVED;
        double geoIpErrorKm = SimulationSettings.DEFAULT_GEOIP_ERROR_KM;
        boolean measuredTruth = true;
        double churn = io.meridian.study.sim.Churn.DEFAULT_SHARE;
        int testSeedCount = DEFAULT_TEST_SEED_COUNT;
        List<Long> trainSeeds = DEFAULT_TRAIN_SEEDS;
        for (int i = 0; i < args.length; i++) {
            String opt = args[i];
            if (opt.equals("--help") || opt.equals("-h")) {
                help = true;
                continue;
            }
            if (opt.equals("--exact")) {
                exact = true;
                continue;
            }
            if (opt.equals("--idle-fleet")) {
                idleFleet = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(opt.startsWith("--") ? opt + " needs a value" : "unknown option " + opt);
            }
            String v = args[++i];
            switch (opt) {
                case "--conferences" -> conferences = (int) integer(opt, v, 1, 10_000_000);
                case "--seed" -> seed = integer(opt, v, Long.MIN_VALUE, Long.MAX_VALUE - 100);
                case "--test-seeds" -> testSeedCount = (int) integer(opt, v, 1, 100);
                case "--train-seeds" -> trainSeeds = seeds(opt, v);
                case "--participants" -> participants = Path.of(v);
                case "--regions" -> regions = Path.of(v);
                case "--region-groups" -> groups = Path.of(v);
                case "--svg-dir" -> svgDir = Path.of(v);
                case "--geoip-error-km" -> geoIpErrorKm = decimal(opt, v);
                case "--churn" -> churn = decimal(opt, v);
                case "--truth" -> measuredTruth = switch (v) {
                    case "measured" -> true;
                    case "estimate" -> false;
                    default -> throw new IllegalArgumentException(opt + " must be measured or estimate, got '" + v + "'");
                };
                case "--thresholds" -> thresholds = thresholds(opt, v);
                case "--same-place" -> samePlace = decimal(opt, v);
                case "--nearby" -> nearby = decimal(opt, v);
                case "--nearby-km" -> nearbyKm = decimal(opt, v);
                case "--hop-ms" -> hopMs = decimal(opt, v);
                case "--stream-mbps" -> streamMbps = decimal(opt, v);
                case "--max-agents" -> meridian = StudyPolicies.withMaxAgents(meridian, (int) integer(opt, v, 1, 64));
                case "--access-stretch" -> accessStretch = decimal(opt, v);
                case "--usd-per-ms-saved" -> usdPerMsSaved = decimal(opt, v);
                case "--replay" -> replay = Path.of(v);
                case "--agent-capacity" -> capacity = (int) integer(opt, v, 1, Integer.MAX_VALUE);
                default -> throw new IllegalArgumentException("unknown option " + opt);
            }
        }
        return new StudyOptions(new WorkloadSpec(conferences, seed, samePlace, nearby, nearbyKm),
                new SimulationSettings(hopMs, streamMbps, capacity, accessStretch, !exact, geoIpErrorKm,
                        measuredTruth, churn, !idleFleet), meridian, thresholds, participants, regions, groups,
                svgDir, help, trainSeeds, java.util.stream.LongStream.range(seed, seed + testSeedCount).boxed().toList(),
                usdPerMsSaved, replay);
    }

    private static long integer(String opt, String v, long min, long max) {
        try {
            long n = Long.parseLong(v.strip().replace("_", ""));
            if (n < min || n > max) {
                throw new IllegalArgumentException(opt + " must be within " + min + ".." + max + ", got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + " needs a whole number, got '" + v + "'");
        }
    }

    private static double decimal(String opt, String v) {
        try {
            double d = Double.parseDouble(v.strip());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + " needs a number, got '" + v + "'");
        }
    }

    private static List<Long> seeds(String opt, String v) {
        List<Long> out = new ArrayList<>();
        for (String part : v.split(",")) {
            out.add(integer(opt, part, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        return List.copyOf(out.stream().distinct().toList());
    }

    private static List<Double> thresholds(String opt, String v) {
        List<Double> out = new ArrayList<>();
        for (String part : v.split(",")) {
            double d = decimal(opt, part);
            if (d < 0) {
                throw new IllegalArgumentException(opt + " values must be >= 0 ms, got " + part);
            }
            out.add(d);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(opt + " needs at least one value");
        }
        return List.copyOf(out.stream().distinct().sorted().toList());
    }
}
