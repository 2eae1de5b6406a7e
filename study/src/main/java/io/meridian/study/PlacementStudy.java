package io.meridian.study;

import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.GreatCircleLatencyModel;
import io.meridian.placement.latency.LatencyModel;
import io.meridian.placement.latency.ModelError;
import io.meridian.placement.latency.PublishedRttTable;
import io.meridian.placement.latency.RttSample;
import io.meridian.study.StudyResult.HeldOut;
import io.meridian.study.StudyResult.SweepPoint;
import io.meridian.study.policy.RegionGroups;
import io.meridian.study.policy.StudyPolicies;
import io.meridian.study.policy.StudyPolicies.NamedPolicy;
import io.meridian.study.sim.PathModel;
import io.meridian.study.sim.PolicyResult;
import io.meridian.study.sim.Simulator;
import io.meridian.study.sim.StudyFleet;
import io.meridian.study.sim.TruthModel;
import io.meridian.study.workload.Conference;
import io.meridian.study.workload.PlaceTable;
import io.meridian.study.workload.WorkloadGenerator;
import io.meridian.study.workload.WorkloadSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The study end to end: load places, regions and groups; sweep Meridian's cascade threshold on the training
 * seeds' workloads and pick one there; then run every policy (and Meridian at the picked threshold) on the held-out
 * seeds' workloads, which are the only ones reported as results.
 */
public final class PlacementStudy {

    /** The study's default region catalog (AWS regions with egress prices), in RegionCatalog's file format. */
    public static final String STUDY_REGIONS_RESOURCE = "/io/meridian/study/study-regions.csv";

    /**
     * The recommendation rule, on the training seeds: among thresholds whose per-pair p95 is within this of the
     * sweep's best (and whose per-conference mean is within this of the best), the largest — it relays least for
     * the same latency.
     */
    public static final double RECOMMENDATION_TOLERANCE_MS = 1.0;

    /** The per-path noise of the simulated truth is fixed: the same paths are as slow on every seed. */
    static final long TRUTH_SEED = 2024;

    private PlacementStudy() {
    }

    /**
     * @param options the command line
     * @return the results
     * @throws IllegalArgumentException on a bad input file (naming file and line)
     * @throws UncheckedIOException     when a file cannot be read
     */
    public static StudyResult run(StudyOptions options) {
        return run(options, (policy, nanos) -> { });
    }

    /**
     * Listens to the study's progress (for timings on standard error; never part of the report).
     */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param policy the policy run that finished
         * @param nanos  how long it took
         */
        void ran(String policy, long nanos);
    }

    /**
     * @param options  the command line
     * @param progress told after each policy run
     * @return the results
     * @throws IllegalArgumentException on a bad input file (naming file and line)
     * @throws UncheckedIOException     when a file cannot be read
     */
    public static StudyResult run(StudyOptions options, Progress progress) {
        PlaceTable places = options.participants() == null ? PlaceTable.world()
                : read(options.participants(), PlaceTable::parseParticipants);
        RegionCatalog catalog = options.regions() == null ? studyCatalog()
                : read(options.regions(), RegionCatalog::parse);
        RegionGroups groups = options.regionGroups() == null ? RegionGroups.defaults()
                : read(options.regionGroups(), RegionGroups::parse);
        return run(options, places, options.participants() == null ? places.source() : options.participants().toString(),
                catalog, options.regions() == null ? "built-in study-regions.csv" : options.regions().toString(), groups,
                progress);
    }

    /**
     * Runs the study on given inputs (tests use hand-made places and catalogs).
     *
     * @param options       workload, simulation and sweep settings (file paths are ignored)
     * @param places        where participants are
     * @param placesSource  how reports name the places
     * @param catalog       the regions
     * @param regionsSource how reports name the regions
     * @param groups        the region groups
     * @param progress      told after each policy run
     * @return the results
     */
    public static StudyResult run(StudyOptions options, PlaceTable places, String placesSource, RegionCatalog catalog,
                                  String regionsSource, RegionGroups groups, Progress progress) {
        GreatCircleLatencyModel model = GreatCircleLatencyModel.defaults();
        List<RttSample> table = PublishedRttTable.load();
        Simulator simulator = simulator(options.simulation(), places, catalog);
        // the policies estimate with the fitted model, remembered per pair of points (the same values, faster)
        LatencyModel estimate = new io.meridian.study.sim.MemoLatencyModel(model);
        List<SweepPoint> sweep = sweep(options, places, catalog, estimate, simulator, progress);
        double recommended = recommend(sweep);

        List<HeldOut> heldOut = new ArrayList<>();
        List<PolicyResult> first = null;
        List<NamedPolicy> named = StudyPolicies.compared(catalog, estimate, groups, options.meridian(), recommended,
                options.usdPerMsSaved());
        for (long seed : options.testSeeds()) {
            List<Conference> conferences = new WorkloadGenerator(places, withSeed(options.workload(), seed)).generate();
            List<PolicyResult> runs = new ArrayList<>();
            for (NamedPolicy p : named) {
                long start = System.nanoTime();
                runs.add(simulator.run(p.name(), p.policy(), conferences));
                progress.ran(p.name() + " s" + seed, System.nanoTime() - start);
            }
            if (first == null) {
                first = runs;
                for (PolicyResult r : runs) {
                    heldOut.add(new HeldOut(r.policy(), new ArrayList<>()));
                }
            }
            for (int i = 0; i < runs.size(); i++) {
                heldOut.set(i, new HeldOut(runs.get(i).policy(), append(heldOut.get(i).runs(), runs.get(i))));
            }
        }
        return new StudyResult(options, placesSource, places.size(), regionsSource, catalog.size(), model,
                model.errorAgainst(table), GreatCircleLatencyModel.fit(table), first, sweep, recommended, heldOut,
                leaveOneOut(table));
    }

    /**
     * @param settings the simulation's settings
     * @param places   where participants are
     * @param catalog  the regions (one study agent each)
     * @return a simulator whose truth is the published table plus noise (or the estimate), as the study's
     */
    public static Simulator simulator(io.meridian.study.sim.SimulationSettings settings, PlaceTable places,
                                      RegionCatalog catalog) {
        GreatCircleLatencyModel model = GreatCircleLatencyModel.defaults();
        List<RttSample> table = PublishedRttTable.load();
        // the policies always estimate with the fitted model; only the simulated ground truth is stretched
        GreatCircleLatencyModel access = new GreatCircleLatencyModel(model.fixedMs(), model.msPerKm(),
                model.routeFactor() * settings.accessStretch());
        LatencyModel accessTruth = access;
        LatencyModel relayTruth = model;
        if (settings.measuredTruth()) {
            accessTruth = new TruthModel(access, table, TruthModel.DEFAULT_MEASURED_SIGMA,
                    TruthModel.DEFAULT_MODEL_SIGMA, TRUTH_SEED);
            relayTruth = new TruthModel(model, table, TruthModel.DEFAULT_MEASURED_SIGMA,
                    TruthModel.DEFAULT_MODEL_SIGMA, TRUTH_SEED);
        }
        return new Simulator(places, new StudyFleet(catalog),
                new PathModel(places, catalog, accessTruth, relayTruth, settings.hopMs()), settings);
    }

    private static List<SweepPoint> sweep(StudyOptions options, PlaceTable places, RegionCatalog catalog,
                                          LatencyModel model, Simulator simulator, Progress progress) {
        List<List<PolicyResult>> byThreshold = new ArrayList<>();
        options.thresholdsMs().forEach(t -> byThreshold.add(new ArrayList<>()));
        List<NamedPolicy> policies = options.thresholdsMs().stream()
                .map(t -> StudyPolicies.meridianWithThreshold(catalog, model, options.meridian(), t)).toList();
        for (long seed : options.trainSeeds()) {
            List<Conference> conferences = new WorkloadGenerator(places, withSeed(options.workload(), seed)).generate();
            for (int i = 0; i < options.thresholdsMs().size(); i++) {
                NamedPolicy p = policies.get(i);
                long start = System.nanoTime();
                byThreshold.get(i).add(simulator.run(p.name(), p.policy(), conferences));
                progress.ran(p.name() + " s" + seed, System.nanoTime() - start);
            }
        }
        List<SweepPoint> sweep = new ArrayList<>();
        for (int i = 0; i < options.thresholdsMs().size(); i++) {
            sweep.add(new SweepPoint(options.thresholdsMs().get(i), byThreshold.get(i)));
        }
        return sweep;
    }

    /**
     * The model's out-of-sample error on the published table: each pair predicted by the model fitted to the other
     * pairs.
     *
     * @param table the measured pairs, at least three
     * @return the held-out predictions' error
     */
    static ModelError leaveOneOut(List<RttSample> table) {
        double sumAbs = 0;
        double sumRel = 0;
        double maxAbs = -1;
        String worst = "";
        for (int i = 0; i < table.size(); i++) {
            List<RttSample> others = new ArrayList<>(table);
            RttSample out = others.remove(i);
            double err = Math.abs(GreatCircleLatencyModel.fit(others).rttMs(out.a(), out.b()) - out.rttMs());
            sumAbs += err;
            sumRel += out.rttMs() > 0 ? err / out.rttMs() : 0;
            if (err > maxAbs) {
                maxAbs = err;
                worst = out.from() + "-" + out.to();
            }
        }
        return new ModelError(table.size(), sumAbs / table.size(), maxAbs, sumRel / table.size(), worst);
    }

    private static WorkloadSpec withSeed(WorkloadSpec w, long seed) {
        return new WorkloadSpec(w.conferences(), seed, w.samePlaceShare(), w.nearbyShare(), w.nearbyKm());
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    /**
     * @param sweep the sweep, ascending by threshold
     * @return the largest threshold whose per-pair p95 and per-conference mean (each averaged over the training
     *         seeds) are within {@link #RECOMMENDATION_TOLERANCE_MS} of the sweep's best; when none is, the one with
     *         the lowest per-conference mean
     */
    public static double recommend(List<SweepPoint> sweep) {
        double bestP95 = sweep.stream().mapToDouble(SweepPoint::pairP95Ms).min().orElse(Double.NaN);
        double bestMean = sweep.stream().mapToDouble(SweepPoint::conferenceMeanMs).min().orElse(Double.NaN);
        double pick = Double.NaN;
        double byMean = Double.NaN;
        for (SweepPoint s : sweep) {
            if (s.pairP95Ms() <= bestP95 + RECOMMENDATION_TOLERANCE_MS
                    && s.conferenceMeanMs() <= bestMean + RECOMMENDATION_TOLERANCE_MS) {
                pick = s.thresholdMs();
            }
            if (s.conferenceMeanMs() == bestMean && Double.isNaN(byMean)) {
                byMean = s.thresholdMs();
            }
        }
        // no threshold is near the best on both: the per-conference view decides
        return Double.isNaN(pick) ? byMean : pick;
    }

    /** @return the study's default catalog: the built-in AWS regions with their egress prices */
    public static RegionCatalog studyCatalog() {
        InputStream in = PlacementStudy.class.getResourceAsStream(STUDY_REGIONS_RESOURCE);
        if (in == null) {
            throw new IllegalStateException("missing resource " + STUDY_REGIONS_RESOURCE);
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return RegionCatalog.parse(r, "built-in study-regions.csv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Parser<T> {
        T parse(Reader reader, String sourceName);
    }

    private static <T> T read(java.nio.file.Path file, Parser<T> parser) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parser.parse(r, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
