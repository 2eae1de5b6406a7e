package io.meridian.controller.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.controller.support.TestGeoIp;
import io.meridian.placement.LocationSource;
import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.geo.RegionCatalog;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Locating clients against the real GeoLite2 City database. */
class LocatorTest {
    static GeoIpLookup geoIp;
    static final RegionCatalog REGIONS = RegionCatalog.builtIn();
    static final GeoPoint PARIS = new GeoPoint(48.86, 2.35);

    @BeforeAll
    static void open() throws Exception {
        geoIp = GeoIpLookup.open(TestGeoIp.database());
    }

    @AfterAll
    static void close() throws Exception {
        geoIp.close();
    }

    static Locator locator(String... trusted) {
        return new Locator(new ClientAddressResolver(List.of(trusted)), geoIp, REGIONS,
                REGIONS.byName("us-east-1").orElseThrow());
    }

    static Optional<InetAddress> ip(String literal) {
        return IpAddresses.parseLiteral(literal);
    }

    @Test
    void placesGooglePublicDnsInTheUnitedStates() {
        Located located = locator().locate(ip("8.8.8.8"), List.of(), null, Map.of());
        assertThat(located.location().source()).isEqualTo(LocationSource.GEOIP);
        assertThat(located.location().country()).isEqualTo("US");
        assertThat(located.clientAddress()).isEqualTo("8.8.8.8");
    }

    @Test
    void placesAEuropeanAddressInEurope() {
        Located located = locator().locate(ip("193.0.6.139"), List.of(), null, Map.of());
        assertThat(located.location().source()).isEqualTo(LocationSource.GEOIP);
        assertThat(located.location().country()).isEqualTo("NL");
        assertThat(located.location().point().distanceKm(new GeoPoint(52.37, 4.90))).isLessThan(300);
    }

    @Test
    void placesAnAsianAddressInAsia() {
        Located located = locator().locate(ip("133.11.0.1"), List.of(), null, Map.of());
        assertThat(located.location().source()).isEqualTo(LocationSource.GEOIP);
        assertThat(located.location().country()).isEqualTo("JP");
        assertThat(located.location().point().distanceKm(new GeoPoint(35.68, 139.69))).isLessThan(800);
    }

    @Test
    void placesAnIpv6AddressToo() {
        Located located = locator().locate(ip("2001:4860:4860::8888"), List.of(), null, Map.of());
        assertThat(located.location().source()).isEqualTo(LocationSource.GEOIP);
        assertThat(located.location().country()).isEqualTo("US");
    }

    @Test
    void fallsBackToTheHintForAPrivateAddress() {
        Located located = locator().locate(ip("10.1.2.3"), List.of(), PARIS, Map.of());
        assertThat(located.location().source()).isEqualTo(LocationSource.HINT);
        assertThat(located.location().point()).isEqualTo(PARIS);
        assertThat(located.location().country()).isNull();
        assertThat(located.detail()).contains("10.1.2.0/24 is private or reserved").contains("location hint").doesNotContain("10.1.2.3");
    }

    @Test
    void fallsBackToTheNearestProbedRegionWithoutAHint() {
        Located located = locator().locate(ip("192.168.1.9"), List.of(), null,
                Map.of("eu-west-1", 40.0, "ap-northeast-1", 210.0));
        assertThat(located.location().source()).isEqualTo(LocationSource.PROBES);
        assertThat(located.location().point()).isEqualTo(REGIONS.byName("eu-west-1").orElseThrow().location());
        assertThat(located.location().probesMs()).containsEntry("ap-northeast-1", 210.0);
    }

    @Test
    void fallsBackToTheDefaultRegionWhenNothingElseIsKnown() {
        Located located = locator().locate(ip("127.0.0.1"), List.of(), null, Map.of());
        assertThat(located.location().source()).isEqualTo(LocationSource.DEFAULT_REGION);
        assertThat(located.location().point()).isEqualTo(REGIONS.byName("us-east-1").orElseThrow().location());
        assertThat(located.detail()).contains("default region us-east-1");
    }

    @Test
    void fallsBackForReservedAndDocumentationAddresses() {
        for (String address : List.of("100.64.0.1", "169.254.1.1", "192.0.2.10", "198.51.100.7", "203.0.113.5",
                "fd00::1", "fe80::1", "::1", "2001:db8::1", "::ffff:10.0.0.1")) {
            Located located = locator().locate(ip(address), List.of(), PARIS, Map.of());
            assertThat(located.location().source()).as(address).isEqualTo(LocationSource.HINT);
        }
    }

    @Test
    void keepsAGeoIpLocationEvenWhenAHintIsSent() {
        Located located = locator().locate(ip("8.8.8.8"), List.of(), PARIS, Map.of());
        assertThat(located.location().source()).isEqualTo(LocationSource.GEOIP);
    }

    @Test
    void believesXForwardedForOnlyFromATrustedProxy() {
        Located untrusted = locator().locate(ip("10.0.0.5"), List.of("8.8.8.8"), PARIS, Map.of());
        assertThat(untrusted.location().source()).isEqualTo(LocationSource.HINT);
        assertThat(untrusted.clientAddress()).isEqualTo("10.0.0.5");

        Located trusted = locator("10.0.0.0/8").locate(ip("10.0.0.5"), List.of("8.8.8.8"), PARIS, Map.of());
        assertThat(trusted.location().source()).isEqualTo(LocationSource.GEOIP);
        assertThat(trusted.clientAddress()).isEqualTo("8.8.8.8");
    }

    @Test
    void takesTheRightmostUntrustedHopSoAClientCannotForgeItsAddress() {
        // The client claims 133.11.0.1; its real address 193.0.6.139 was appended by our two proxies.
        Located located = locator("10.0.0.0/8").locate(ip("10.0.0.5"),
                List.of("133.11.0.1, 193.0.6.139", "10.0.0.7"), null, Map.of());
        assertThat(located.clientAddress()).isEqualTo("193.0.6.139");
        assertThat(located.location().country()).isEqualTo("NL");
    }

    @Test
    void treatsAMalformedForwardedHopAsAnUnknownAddress() {
        Located located = locator("10.0.0.0/8").locate(ip("10.0.0.5"), List.of("8.8.8.8, not-an-ip"), PARIS, Map.of());
        assertThat(located.location().source()).isEqualTo(LocationSource.HINT);
        assertThat(located.detail()).contains("client address unknown");
    }

    @Test
    void neverResolvesHostNamesInForwardedFor() {
        assertThat(IpAddresses.parseHop("localhost")).isEmpty();
        assertThat(IpAddresses.parseHop("example.com")).isEmpty();
        assertThat(IpAddresses.parseHop("8.8.8.8:443")).contains(ip("8.8.8.8").orElseThrow());
        assertThat(IpAddresses.parseHop("[2001:db8::1]:443")).contains(ip("2001:db8::1").orElseThrow());
    }

    @Test
    void worksWithoutAGeoIpDatabase() {
        Locator noGeo = new Locator(new ClientAddressResolver(List.of()), null, REGIONS,
                REGIONS.byName("eu-central-1").orElseThrow());
        Located located = noGeo.locate(ip("8.8.8.8"), List.of(), null, Map.of());
        assertThat(located.location().source()).isEqualTo(LocationSource.DEFAULT_REGION);
        assertThat(located.detail()).contains("GeoIP unavailable");
        assertThat(noGeo.geoIpLoaded()).isFalse();
    }

    @Test
    void namesOnlyTheClientsNetworkInTheDetail() {
        Located located = locator().locate(ip("193.0.6.139"), List.of(), null, Map.of());
        assertThat(located.detail()).contains("193.0.6.0/24").doesNotContain("193.0.6.139");
    }

    @Test
    void discardsAProbeFasterThanLightFromTheGeoIpLocation() {
        Located located = locator().locate(ip("193.0.6.139"), List.of(), null,
                Map.of("ap-southeast-2", 1.0, "eu-west-1", 20.0));
        assertThat(located.location().probesMs()).containsOnlyKeys("eu-west-1");
        assertThat(located.discardedProbes()).extracting(d -> d.region()).containsExactly("ap-southeast-2");
    }
}
