package io.meridian.study.policy;

import io.meridian.study.PlacementStudy;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegionGroupsTest {

    @Test
    void aRegionInNoGroupIsAGroupOfItsOwn() {
        RegionGroups g = RegionGroups.parse(new StringReader("group,region\neu,eu-west-1\neu,eu-west-2\n"), "g.csv");
        assertThat(g.groupOf("eu-west-1")).containsExactly("eu-west-1", "eu-west-2");
        assertThat(g.groupOf("us-east-1")).containsExactly("us-east-1");
    }

    @Test
    void aRegionListedTwiceIsRejectedNamingBothLines() {
        assertThatThrownBy(() -> RegionGroups.parse(new StringReader("eu,eu-west-1\nus,eu-west-1\n"), "g.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("g.csv:2: region 'eu-west-1' is already in a group on line 1");
    }

    @Test
    void aMalformedLineIsRejectedNamingIt() {
        assertThatThrownBy(() -> RegionGroups.parse(new StringReader("# groups\neu eu-west-1\n"), "g.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("g.csv:2: expected group,region but found 'eu eu-west-1'");
    }

    @Test
    void theDefaultGroupsCoverEveryRegionOfTheStudyCatalog() {
        RegionGroups g = RegionGroups.defaults();
        int grouped = g.groups().values().stream().mapToInt(java.util.Set::size).sum();
        assertThat(grouped).isEqualTo(PlacementStudy.studyCatalog().size());
        PlacementStudy.studyCatalog().all().forEach(r -> assertThat(g.groupOf(r.name())).contains(r.name()));
    }
}
