package io.meridian.placement.geo;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvRowsTest {

    private static List<CsvRows.Row> read(String text, String headerPrefix) {
        return CsvRows.read(new StringReader(text), "f.csv", headerPrefix);
    }

    @Test
    void skipsBlankLinesCommentsAByteOrderMarkAndAFirstLineHeaderKeepingLineNumbers() {
        List<CsvRows.Row> rows = read("\uFEFFName,Lat\n# note\n\n a , 1 \nb,,2\n", "name,");
        assertThat(rows).extracting(CsvRows.Row::lineNumber).containsExactly(4, 5);
        assertThat(rows.get(0).fields()).containsExactly("a", "1");
        assertThat(rows.get(0).line()).isEqualTo("a , 1");
        assertThat(rows.get(1).fields()).containsExactly("b", "", "2");
    }

    @Test
    void takesOnlyTheFirstDataLineAsAHeader() {
        assertThat(read("name,x\nname,y\n", "name,")).extracting(CsvRows.Row::lineNumber).containsExactly(2);
        assertThat(read("name,x\n", null)).extracting(CsvRows.Row::lineNumber).containsExactly(1);
    }

    @Test
    void namesTheSourceAndLineInErrors() {
        CsvRows.Row row = read("# c\nfra,north\n", null).get(0);
        assertThat(row.location()).isEqualTo("f.csv:2");
        assertThat(row.error("too short")).hasMessage("f.csv:2: too short");
        assertThatThrownBy(() -> row.number(1, "latitude"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("f.csv:2: latitude is not a number: 'north'");
    }

    @Test
    void acceptsOnlyPlainFiniteDecimalNumbers() {
        CsvRows.Row row = read("1.5,-20.25,NaN,Infinity,1d,2e3\n", null).get(0);
        assertThat(row.number(0, "a")).isEqualTo(1.5);
        assertThat(row.number(1, "b")).isEqualTo(-20.25);
        for (int i = 2; i < 6; i++) {
            int index = i;
            assertThatThrownBy(() -> row.number(index, "v")).hasMessageStartingWith("f.csv:1: v is not a number");
        }
    }
}
