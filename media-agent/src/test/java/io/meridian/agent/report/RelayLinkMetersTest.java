package io.meridian.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.relay.Relay;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayLinkMetersTest {

    @Test
    void exposesEachMeasuredLinksRttInSecondsAndSkipsLinksWithoutASample() {
        InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 4000);
        List<Relay.LinkInfo> links = List.of(
                new Relay.LinkInfo("standup", "agent-eu", peer, true, 2, 2, 42.0),
                new Relay.LinkInfo("standup", "agent-us", peer, true, 0, 0, Double.NaN));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MultiGauge gauge = MultiGauge.builder("meridian.agent.relay.link.rtt").baseUnit("seconds").register(meters);

        gauge.register(RelayLinkMeters.rows(links), true);

        assertThat(meters.get("meridian.agent.relay.link.rtt").tag("peer", "agent-eu").tag("conference", "standup")
                .gauge().value()).isEqualTo(0.042);
        assertThat(meters.find("meridian.agent.relay.link.rtt").tag("peer", "agent-us").gauge()).isNull();

        gauge.register(RelayLinkMeters.rows(List.of()), true);
        assertThat(meters.find("meridian.agent.relay.link.rtt").gauges()).isEmpty();
    }
}
