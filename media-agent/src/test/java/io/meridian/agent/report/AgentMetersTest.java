package io.meridian.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.net.MediaSocket;
import io.meridian.agent.net.PacketSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentMetersTest {

    @Test
    void exposesTrafficTotalsAndHostedCountsAsTheyChange() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TrafficCounters traffic = new TrafficCounters();
        PacketSink refuseAll = new PacketSink() {
            @Override
            public boolean onStun(byte[] buf, int off, int len, InetSocketAddress from) {
                return false;
            }

            @Override
            public boolean onDtls(byte[] buf, int off, int len, InetSocketAddress from) {
                return false;
            }

            @Override
            public boolean onRtp(byte[] buf, int off, int len, InetSocketAddress from) {
                return false;
            }

            @Override
            public boolean onRtcp(byte[] buf, int off, int len, InetSocketAddress from) {
                return false;
            }
        };
        try (MediaSocket socket = MediaSocket.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                refuseAll)) {
            Hosting hosting = List::of;
            AgentMeters.bind(meters, traffic, socket, hosting);
            TrafficCounters.Lane lane = traffic.newLane("test");
            lane.received(100);
            lane.received(50);
            lane.sent(70);
            assertThat(meters.get("meridian.agent.packets.in").functionCounter().count()).isEqualTo(2);
            assertThat(meters.get("meridian.agent.bytes.in").functionCounter().count()).isEqualTo(150);
            assertThat(meters.get("meridian.agent.packets.out").functionCounter().count()).isEqualTo(1);
            assertThat(meters.get("meridian.agent.bytes.out").functionCounter().count()).isEqualTo(70);
            assertThat(meters.get("meridian.agent.media.dropped").functionCounter().count()).isZero();
            assertThat(meters.get("meridian.agent.conferences").gauge().value()).isZero();
            assertThat(meters.get("meridian.agent.participants").gauge().value()).isZero();
        }
    }
}
