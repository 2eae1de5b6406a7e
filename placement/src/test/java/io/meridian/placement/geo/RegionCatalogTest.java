package io.meridian.placement.geo;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RegionCatalogTest {

    private static RegionCatalog parse(String text) {
        return RegionCatalog.parse(new StringReader(text), "regions.csv");
    }

    @Test
    void builtInCatalogHasAtLeast25RegionsFromAwsGcpAndAzure() {
        RegionCatalog catalog = RegionCatalog.builtIn();
        Set<String> names = catalog.all().stream().map(Region::name).collect(Collectors.toSet());
        assertThat(catalog.size()).isGreaterThanOrEqualTo(25).isEqualTo(names.size());
        assertThat(names).contains("us-east-1", "eu-central-1", "ap-southeast-2", // AWS
                "us-central1", "europe-west1", "asia-northeast1",                 // GCP
                "westeurope", "eastus", "japaneast");                             // Azure
    }

    @Test
    void builtInCoordinatesAreThoseOfTheRegionsMetroAreas() {
        RegionCatalog catalog = RegionCatalog.builtIn();
        GeoPoint frankfurt = new GeoPoint(50.11, 8.68);
        GeoPoint sydney = new GeoPoint(-33.87, 151.21);
        assertThat(catalog.byName("eu-central-1").orElseThrow().location().distanceKm(frankfurt)).isLessThan(30);
        assertThat(catalog.byName("ap-southeast-2").orElseThrow().location().distanceKm(sydney)).isLessThan(30);
        assertThat(catalog.byName("sa-east-1").orElseThrow().location().latitude()).isCloseTo(-23.5, within(0.5));
    }

    @Test
    void findsTheNearestRegionToAPoint() {
        RegionCatalog catalog = parse("a,0,0\nb,10,10\nc,-40,100\n");
        assertThat(catalog.nearest(new GeoPoint(9, 9)).name()).isEqualTo("b");
        assertThat(catalog.nearest(new GeoPoint(-35, 120)).name()).isEqualTo("c");
        assertThat(RegionCatalog.builtIn().nearest(new GeoPoint(-33.9, 151.2)).location().latitude())
                .isCloseTo(-33.87, within(0.01));
    }

    @Test
    void parsesAnOperatorFileWithHeaderCommentsAndOptionalEgressPrices() {
        RegionCatalog catalog = parse("""
                name,latitude,longitude,egressUsdPerGb
                # Europe
                fra, 50.11, 8.68, 0.02

                nyc,40.71,-74.01
                syd,-33.87,151.21,
                """);
        assertThat(catalog.all()).extracting(Region::name).containsExactly("fra", "nyc", "syd");
        assertThat(catalog.byName("fra").orElseThrow().egressPrice()).hasValue(0.02);
        assertThat(catalog.byName("nyc").orElseThrow().egressPrice()).isEmpty();
        assertThat(catalog.byName("syd").orElseThrow().egressPrice()).isEmpty();
        assertThat(catalog.byName("lon")).isEmpty();
    }

    @Test
    void aNonNumericLatitudeNamesTheFileAndLine() {
        assertThatThrownBy(() -> parse("# regions\nfra,50.1,8.7\nnyc,north,-74\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("regions.csv:3: ")
                .hasMessageContaining("latitude is not a number: 'north'");
    }

    @Test
    void anOutOfRangeLongitudeNamesTheLine() {
        assertThatThrownBy(() -> parse("fra,50.1,8.7\nbad,10,200\n"))
                .hasMessageStartingWith("regions.csv:2: ")
                .hasMessageContaining("longitude must be within -180..180");
    }

    @Test
    void aLineWithTooFewFieldsNamesTheLine() {
        assertThatThrownBy(() -> parse("fra,50.1,8.7\n\n\nnyc,40.7\n"))
                .hasMessageStartingWith("regions.csv:4: ")
                .hasMessageContaining("expected name,latitude,longitude[,egressUsdPerGb]");
    }

    @Test
    void aNegativeEgressPriceNamesTheLine() {
        assertThatThrownBy(() -> parse("fra,50.1,8.7,-0.01\n"))
                .hasMessageStartingWith("regions.csv:1: ")
                .hasMessageContaining("egress price");
    }

    @Test
    void aBadRegionNameNamesTheLine() {
        assertThatThrownBy(() -> parse("fra,50.1,8.7\nnew york,40.7,-74\n"))
                .hasMessageStartingWith("regions.csv:2: ")
                .hasMessageContaining("region name");
    }

    @Test
    void aRepeatedRegionNamesBothLines() {
        assertThatThrownBy(() -> parse("fra,50.1,8.7\nnyc,40.7,-74\nfra,50,8\n"))
                .hasMessageStartingWith("regions.csv:3: ")
                .hasMessageContaining("already defined on line 1");
    }

    @Test
    void aFileWithoutRegionsIsRejected() {
        assertThatThrownBy(() -> parse("# nothing here\n\n"))
                .hasMessage("regions.csv: no regions defined");
    }
}
