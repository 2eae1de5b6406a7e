package io.meridian.study.sim;

import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.latency.GreatCircleLatencyModel;
import io.meridian.placement.latency.PublishedRttTable;
import io.meridian.placement.latency.RttSample;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TruthModelTest {

    private static final GreatCircleLatencyModel MODEL = GreatCircleLatencyModel.defaults();
    private static final GeoPoint LONDON = new GeoPoint(51.51, -0.13);
    private static final GeoPoint WASHINGTON = new GeoPoint(38.91, -77.04);
    private static final GeoPoint NAIROBI = new GeoPoint(-1.29, 36.82);

    @Test
    void aPathTheTableMeasuresTakesTheMeasuredRtt() {
        TruthModel noiseless = new TruthModel(MODEL, PublishedRttTable.load(), 0, 0, 1);
        RttSample lonWas = PublishedRttTable.load().stream()
                .filter(s -> s.from().equals("washington-dc") && s.to().equals("london")
                        || s.from().equals("london") && s.to().equals("washington-dc"))
                .findFirst().orElseThrow();
        assertThat(noiseless.rttMs(LONDON, WASHINGTON)).isCloseTo(lonWas.rttMs(), within(1e-9));
        assertThat(noiseless.rttMs(WASHINGTON, LONDON)).isCloseTo(lonWas.rttMs(), within(1e-9));
        // Nairobi is far from every metro of the table: the estimate
        assertThat(noiseless.measured(LONDON, NAIROBI)).isNull();
        assertThat(noiseless.rttMs(LONDON, NAIROBI)).isCloseTo(MODEL.rttMs(LONDON, NAIROBI), within(1e-9));
    }

    @Test
    void noiseIsFixedPerPathSymmetricAndLogNormal() {
        TruthModel truth = new TruthModel(MODEL, List.of(), 0, 0.15, 7);
        assertThat(truth.rttMs(LONDON, NAIROBI)).isEqualTo(truth.rttMs(NAIROBI, LONDON))
                .isEqualTo(truth.rttMs(LONDON, NAIROBI));
        // over many paths the log of truth / estimate has mean ~0 and sd ~0.15
        double sum = 0;
        double sumSq = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            GeoPoint p = new GeoPoint(-60 + i * 0.06, 10);
            double l = Math.log(truth.rttMs(p, NAIROBI) / MODEL.rttMs(p, NAIROBI));
            sum += l;
            sumSq += l * l;
        }
        double mean = sum / n;
        assertThat(mean).isCloseTo(0, within(0.02));
        assertThat(Math.sqrt(sumSq / n - mean * mean)).isCloseTo(0.15, within(0.02));
    }

    @Test
    void geoIpErrorMovesAPlaceByAboutTheMeanDistance() {
        assertThat(GeoIpError.displace(LONDON, 0, 1, 0)).isEqualTo(LONDON);
        double sum = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            sum += LONDON.distanceKm(GeoIpError.displace(LONDON, 100, 1, i));
        }
        assertThat(sum / n).isCloseTo(100, within(6.0));
        assertThat(GeoIpError.displace(LONDON, 100, 1, 5)).isEqualTo(GeoIpError.displace(LONDON, 100, 1, 5));
    }
}
