package io.meridian.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.agent.control.RelayCommands;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayFleetProbeTest {

    @Test
    void fleetAgentsWithoutALinkAreMeasuredAtALowRate() throws Exception {
        try (TestAgent a = new TestAgent("fleet-a"); TestAgent b = new TestAgent("fleet-b")) {
            a.relay.fleetPeers(List.of(new RelayCommands.FleetPeer("fleet-b", "eu-west-1", b.endpoint()),
                    new RelayCommands.FleetPeer("fleet-a", "us-east-1", a.endpoint()))); // itself: skipped
            await().atMost(Duration.ofSeconds(5)).until(() -> a.rtts.snapshot().size() == 1);
            assertThat(a.rtts.snapshot().get(0).agentId()).isEqualTo("fleet-b");
            assertThat(a.rtts.snapshot().get(0).rttMs()).isBetween(0.0, 500.0);
            assertThat(b.relay.stats().events(RelayStats.Event.FLEET_PROBES_ANSWERED)).isPositive();
            // probes go out every 200 ms in the test settings, not faster
            long sent = a.relay.stats().events(RelayStats.Event.FLEET_PROBES_SENT);
            Thread.sleep(1000);
            assertThat(a.relay.stats().events(RelayStats.Event.FLEET_PROBES_SENT) - sent).isBetween(3L, 7L);
        }
    }

    @Test
    void anAgentThatLeftTheFleetIsNoLongerReported() throws Exception {
        try (TestAgent a = new TestAgent("fleet-a"); TestAgent b = new TestAgent("fleet-b")) {
            a.relay.fleetPeers(List.of(new RelayCommands.FleetPeer("fleet-b", "eu-west-1", b.endpoint())));
            await().atMost(Duration.ofSeconds(5)).until(() -> a.rtts.snapshot().size() == 1);
            b.close();
            // no fresh sample for longer than the staleness limit (2 s in the test settings)
            await().atMost(Duration.ofSeconds(8)).until(() -> a.rtts.snapshot().isEmpty());
        }
    }

    @Test
    void probesAreEchoedAtTheirOwnSizeWithinTheRateLimit() throws Exception {
        try (TestAgent b = new TestAgent("fleet-b");
                DatagramSocket prober = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            prober.setSoTimeout(300);
            byte[] probe = new byte[FleetProber.PROBE_LENGTH];
            probe[0] = RelayFrame.FLEET_PROBE;
            for (int i = 0; i < 200; i++) {
                probe[9] = (byte) i;
                prober.send(new DatagramPacket(probe, probe.length, b.relay.localAddress()));
            }
            int echoes = 0;
            byte[] in = new byte[2000];
            while (true) {
                DatagramPacket p = new DatagramPacket(in, in.length);
                try {
                    prober.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                assertThat(p.getLength()).isEqualTo(FleetProber.PROBE_LENGTH);
                assertThat(in[0]).isEqualTo(RelayFrame.FLEET_ECHO);
                echoes++;
            }
            // the burst of 20 plus what refills while the 200 probes are processed
            assertThat(echoes).isBetween(20, 40);
            assertThat(b.relay.stats().drops(RelayStats.Drop.PROBE_RATE_LIMITED)).isEqualTo(200L - echoes);
            // an echo nobody asked for is dropped
            probe[0] = RelayFrame.FLEET_ECHO;
            prober.send(new DatagramPacket(probe, probe.length, b.relay.localAddress()));
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> b.relay.stats().drops(RelayStats.Drop.UNSOLICITED_ECHO) == 1);
        }
    }

    @Test
    void oneFloodingSourceCannotSpendTheAnswersOthersProbesNeed() throws Exception {
        try (TestAgent b = new TestAgent("fleet-b");
                DatagramSocket flooder = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket honest = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] probe = new byte[FleetProber.PROBE_LENGTH];
            probe[0] = RelayFrame.FLEET_PROBE;
            for (int i = 0; i < 200; i++) {
                flooder.send(new DatagramPacket(probe, probe.length, b.relay.localAddress()));
            }
            probe[9] = 42; // right behind the flood, before any refill could matter
            honest.send(new DatagramPacket(probe, probe.length, b.relay.localAddress()));
            await().atMost(Duration.ofSeconds(5)).until(() -> b.relay.stats().drops(RelayStats.Drop.PROBE_RATE_LIMITED)
                    + b.relay.stats().events(RelayStats.Event.FLEET_PROBES_ANSWERED) == 201);
            honest.setSoTimeout(5000);
            byte[] in = new byte[2000];
            DatagramPacket p = new DatagramPacket(in, in.length);
            honest.receive(p);
            assertThat(in[0]).isEqualTo(RelayFrame.FLEET_ECHO);
            assertThat(in[9]).isEqualTo((byte) 42);
            // the flooder got its own burst and no more
            assertThat(b.relay.stats().events(RelayStats.Event.FLEET_PROBES_ANSWERED)).isBetween(21L, 41L);
        }
    }
}
