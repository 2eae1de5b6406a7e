package io.meridian.study.workload;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadGeneratorTest {

    private static List<Conference> generate(int conferences, long seed) {
        return new WorkloadGenerator(PlaceTable.world(), WorkloadSpec.defaults(conferences, seed)).generate();
    }

    @Test
    void theSameSeedGeneratesTheSameConferences() {
        List<Conference> a = generate(3000, 11);
        List<Conference> b = generate(3000, 11);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).places()).isEqualTo(b.get(i).places());
            assertThat(a.get(i).durationMinutes()).isEqualTo(b.get(i).durationMinutes());
        }
    }

    @Test
    void anotherSeedGeneratesOtherConferences() {
        List<Conference> a = generate(200, 11);
        List<Conference> b = generate(200, 12);
        long same = 0;
        for (int i = 0; i < a.size(); i++) {
            if (java.util.Arrays.equals(a.get(i).places(), b.get(i).places())) {
                same++;
            }
        }
        assertThat(same).isLessThan(20);
    }

    @Test
    void sizesAndDurationsFollowTheDocumentedDistributions() {
        List<Conference> c = generate(20_000, 5);
        assertThat(c).allSatisfy(x -> assertThat(x.size()).isBetween(2, 50));
        assertThat(c).allSatisfy(x -> assertThat(x.durationMinutes()).isIn(15, 30, 60, 120));
        double twoPeople = c.stream().filter(x -> x.size() == 2).count() / (double) c.size();
        double meanSize = c.stream().mapToInt(Conference::size).average().orElseThrow();
        double meanMinutes = c.stream().mapToInt(Conference::durationMinutes).average().orElseThrow();
        assertThat(twoPeople).isBetween(0.38, 0.42);
        assertThat(meanSize).isBetween(5.2, 5.55);
        assertThat(meanMinutes).isBetween(45.5, 47.5);
    }

    @Test
    void withoutLocalityEveryParticipantIsDrawnFromTheWholeWorld() {
        PlaceTable twoCities = PlaceTable.of(List.of(
                new Place("a", null, null, new io.meridian.placement.geo.GeoPoint(0, 0), 1),
                new Place("b", null, null, new io.meridian.placement.geo.GeoPoint(0, 90), 3)), "two");
        List<Conference> c = new WorkloadGenerator(twoCities, new WorkloadSpec(5000, 1, 0, 0, 1000)).generate();
        long b = c.stream().flatMapToInt(x -> java.util.Arrays.stream(x.places())).filter(p -> p == 1).count();
        long all = c.stream().mapToInt(Conference::size).sum();
        assertThat(b / (double) all).isBetween(0.73, 0.77);
    }
}
