package io.meridian.placement.latency;

import io.meridian.placement.geo.GeoPoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GreatCircleLatencyModelTest {

    /** The stated accuracy of {@link GreatCircleLatencyModel#defaults()} on the shipped table (see its Javadoc). */
    private static final double MEAN_ABS_BOUND_MS = 32;
    private static final double MAX_ABS_BOUND_MS = 110;

    @Test
    void theShippedTableIsTheFullPublishedMatrixOfTenPlaces() {
        List<RttSample> table = PublishedRttTable.load();
        assertThat(table).hasSize(45);
        assertThat(table).allSatisfy(s -> assertThat(s.rttMs()).isBetween(5.0, 400.0));
    }

    @Test
    void theDefaultConstantsAreTheLeastSquaresFitOfTheShippedTable() {
        GreatCircleLatencyModel fitted = GreatCircleLatencyModel.fit(PublishedRttTable.load());
        GreatCircleLatencyModel defaults = GreatCircleLatencyModel.defaults();
        assertThat(defaults.fixedMs()).isCloseTo(fitted.fixedMs(), within(0.05));
        assertThat(defaults.routeFactor()).isCloseTo(fitted.routeFactor(), within(0.005));
        assertThat(defaults.msPerKm()).isEqualTo(GreatCircleLatencyModel.FIBER_RTT_MS_PER_KM);
    }

    @Test
    void theFittedModelsErrorOnTheShippedTableIsWithinTheStatedBound() {
        ModelError error = GreatCircleLatencyModel.defaults().errorAgainst(PublishedRttTable.load());
        assertThat(error.samples()).isEqualTo(45);
        assertThat(error.meanAbsoluteMs()).isLessThanOrEqualTo(MEAN_ABS_BOUND_MS);
        assertThat(error.maxAbsoluteMs()).isLessThanOrEqualTo(MAX_ABS_BOUND_MS);
        // the fit is better than the bare speed of light in fibre along the great circle
        ModelError physicsOnly = new GreatCircleLatencyModel(0, GreatCircleLatencyModel.FIBER_RTT_MS_PER_KM, 1.0)
                .errorAgainst(PublishedRttTable.load());
        assertThat(error.meanAbsoluteMs()).isLessThan(physicsOnly.meanAbsoluteMs());
    }

    @Test
    void fitRecoversTheConstantsOfExactData() {
        GreatCircleLatencyModel truth = new GreatCircleLatencyModel(7.5, GreatCircleLatencyModel.FIBER_RTT_MS_PER_KM, 1.3);
        List<RttSample> samples = new ArrayList<>();
        GeoPoint origin = new GeoPoint(0, 0);
        for (int lon = 5; lon <= 150; lon += 15) {
            GeoPoint p = new GeoPoint(10, lon);
            samples.add(new RttSample("o", "p" + lon, origin, p, truth.rttMs(origin, p)));
        }
        GreatCircleLatencyModel fitted = GreatCircleLatencyModel.fit(samples);
        assertThat(fitted.fixedMs()).isCloseTo(7.5, within(1e-6));
        assertThat(fitted.routeFactor()).isCloseTo(1.3, within(1e-9));
        assertThat(fitted.errorAgainst(samples).maxAbsoluteMs()).isLessThan(1e-6);
    }

    @Test
    void fitNeverYieldsANegativeFixedPart() {
        GeoPoint o = new GeoPoint(0, 0);
        GeoPoint near = new GeoPoint(0, 10);
        GeoPoint far = new GeoPoint(0, 100);
        // steeper than proportional: the unconstrained intercept would be negative
        List<RttSample> samples = List.of(new RttSample("o", "near", o, near, 5),
                new RttSample("o", "far", o, far, 200));
        GreatCircleLatencyModel fitted = GreatCircleLatencyModel.fit(samples);
        assertThat(fitted.fixedMs()).isZero();
        assertThat(fitted.rttMs(o, o)).isZero();
    }

    @Test
    void fitRejectsTooFewOrDegenerateSamples() {
        GeoPoint o = new GeoPoint(0, 0);
        GeoPoint p = new GeoPoint(0, 10);
        assertThatThrownBy(() -> GreatCircleLatencyModel.fit(List.of(new RttSample("o", "p", o, p, 20))))
                .hasMessageContaining("at least 2");
        assertThatThrownBy(() -> GreatCircleLatencyModel.fit(List.of(new RttSample("o", "p", o, p, 20),
                new RttSample("o", "p", o, p, 30)))).hasMessageContaining("different distances");
    }

    @Test
    void reportsTheWorstPairOfATable() {
        GeoPoint o = new GeoPoint(0, 0);
        GeoPoint p = new GeoPoint(0, 10);
        GreatCircleLatencyModel model = new GreatCircleLatencyModel(0, GreatCircleLatencyModel.FIBER_RTT_MS_PER_KM, 1);
        double exact = model.rttMs(o, p);
        ModelError e = model.errorAgainst(List.of(new RttSample("o", "p", o, p, exact),
                new RttSample("o", "q", o, p, exact + 10)));
        assertThat(e.maxAbsoluteMs()).isCloseTo(10, within(1e-9));
        assertThat(e.meanAbsoluteMs()).isCloseTo(5, within(1e-9));
        assertThat(e.worstPair()).isEqualTo("o-q");
    }
}
