package io.meridian.study.report;

import io.meridian.study.PlacementStudy;
import io.meridian.study.StudyOptions;
import io.meridian.study.StudyResult;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SvgChartsTest {

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bothChartsAreWellFormedSvgNamingEveryPolicy() throws Exception {
        StudyResult r = PlacementStudy.run(StudyOptions.parse(new String[] {"--conferences", "1000",
                "--thresholds", "0,20,40"}));
        Document policies = parse(SvgCharts.policies(r));
        Document sweep = parse(SvgCharts.sweep(r));
        assertThat(policies.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(sweep.getDocumentElement().getTagName()).isEqualTo("svg");
        String text = policies.getDocumentElement().getTextContent();
        assertThat(text).contains("first-joiner", "nearest-always", "region-groups", "meridian", "ITU-T G.114");
        assertThat(sweep.getDocumentElement().getTextContent()).contains("recommended: ");
        // one p95 bar and one mean bar per policy, plus a cost bar and the background
        assertThat(policies.getElementsByTagName("rect").getLength()).isEqualTo(1 + 3 * r.policies().size());
    }
}
