package io.meridian.study.workload;

import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaceTableTest {

    private static PlaceTable parse(String csv) {
        return PlaceTable.parseParticipants(new StringReader(csv), "people.csv");
    }

    @Test
    void readsWeightsLabelsCommentsAndAHeader() {
        PlaceTable t = parse("""
                # our users
                latitude,longitude,weight,label
                40.71,-74.01,3,New York

                50.11,8.68
                """);
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.places().get(0).label()).isEqualTo("New York");
        assertThat(t.places().get(0).weight()).isEqualTo(3.0);
        assertThat(t.places().get(1).weight()).isEqualTo(1.0);
        assertThat(t.places().get(1).label()).isEqualTo("people.csv:5");
    }

    @Test
    void aRowThatIsNotANumberIsRejectedNamingItsLine() {
        assertThatThrownBy(() -> parse("40.71,-74.01\n# fine\nfifty,8.68\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("people.csv:3: latitude is not a number: 'fifty'");
    }

    @Test
    void anOutOfRangeLatitudeIsRejectedNamingItsLine() {
        assertThatThrownBy(() -> parse("40.71,-74.01\n95,8.68\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("people.csv:2: latitude must be within -90..90");
    }

    @Test
    void aRowWithTooManyFieldsIsRejectedNamingItsLine() {
        assertThatThrownBy(() -> parse("40.71,-74.01,1,a,b\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("people.csv:1: expected latitude,longitude[,weight[,label]]");
    }

    @Test
    void aZeroWeightIsRejectedNamingItsLine() {
        assertThatThrownBy(() -> parse("40.71,-74.01,0\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("people.csv:1: weight must be a finite number > 0");
    }

    @Test
    void aFileWithoutPlacesIsRejected() {
        assertThatThrownBy(() -> parse("# nothing\nlatitude,longitude\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("people.csv: no places defined");
    }

    @Test
    void theWorldTableHasItsDocumentedRowsAndTotal() {
        PlaceTable world = PlaceTable.world();
        assertThat(world.size()).isEqualTo(99);
        // the header says about 4.82 billion internet users
        assertThat(world.totalWeight()).isBetween(4815.0, 4820.0);
        assertThat(world.places()).extracting(Place::continent).containsOnly("AF", "AS", "EU", "NA", "OC", "SA");
    }
}
