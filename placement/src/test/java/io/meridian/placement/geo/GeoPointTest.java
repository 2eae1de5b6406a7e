package io.meridian.placement.geo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GeoPointTest {

    @Test
    void measuresLondonToParisAsAbout344Km() {
        GeoPoint london = new GeoPoint(51.5074, -0.1278);
        GeoPoint paris = new GeoPoint(48.8566, 2.3522);
        assertThat(london.distanceKm(paris)).isCloseTo(344, within(3.0));
        assertThat(paris.distanceKm(london)).isEqualTo(london.distanceKm(paris));
    }

    @Test
    void measuresHalfTheCircumferenceBetweenAntipodes() {
        double d = new GeoPoint(0, 0).distanceKm(new GeoPoint(0, 180));
        assertThat(d).isCloseTo(Math.PI * GeoPoint.EARTH_RADIUS_KM, within(0.001));
    }

    @Test
    void rejectsOutOfRangeOrNonNumericCoordinates() {
        assertThatThrownBy(() -> new GeoPoint(90.5, 0)).hasMessageContaining("latitude");
        assertThatThrownBy(() -> new GeoPoint(0, -180.01)).hasMessageContaining("longitude");
        assertThatThrownBy(() -> new GeoPoint(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
