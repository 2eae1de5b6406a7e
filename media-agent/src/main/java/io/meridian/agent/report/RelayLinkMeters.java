package io.meridian.agent.report;

import io.meridian.agent.relay.Relay;
import io.meridian.agent.relay.RelayService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Per relay link RTT on {@code /q/metrics}: {@code meridian_agent_relay_link_rtt_seconds{conference,peer}}, one row
 * per open link that has an RTT sample. Links come and go, so the rows are rebuilt every few seconds from the
 * relay's link snapshot (taken on the relay thread), never from the packet path.
 */
@Singleton
public class RelayLinkMeters {
    private final RelayService relays;
    private final MultiGauge rtt;

    @Inject
    public RelayLinkMeters(MeterRegistry meters, RelayService relays) {
        this.relays = relays;
        this.rtt = MultiGauge.builder("meridian.agent.relay.link.rtt").baseUnit("seconds")
                .description("Median RTT of the recent samples of each open relay link").register(meters);
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        Relay relay = relays.relay();
        rtt.register(relay == null ? List.of() : rows(relay.links()), true);
    }

    /** One row per link with a measured RTT (a negative or NaN RTT means none yet). */
    static List<MultiGauge.Row<?>> rows(List<Relay.LinkInfo> links) {
        return links.stream().filter(l -> l.rttMs() >= 0)
                .<MultiGauge.Row<?>>map(l -> MultiGauge.Row.of(
                        Tags.of("conference", l.conferenceId(), "peer", l.peerAgentId()), l.rttMs() / 1000.0))
                .toList();
    }
}
