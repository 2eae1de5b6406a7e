package io.meridian.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.agent.config.AgentConfig;
import io.meridian.agent.config.AgentIdentity;
import io.meridian.proto.agent.v1.Hello;
import io.meridian.proto.agent.v1.UdpAddress;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Hello the agent builds from its configuration: which addresses it announces. */
class ControllerLinkHelloTest {

    private static Hello helloFrom(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(Map.of(
                "MERIDIAN_AGENT_ID", "agent-eu",
                "MERIDIAN_AGENT_REGION", "eu-west-1",
                "MERIDIAN_AGENT_PUBLIC_HOST", "203.0.113.7",
                "MERIDIAN_AGENT_MEDIA_PORT", "20000",
                "MERIDIAN_AGENT_RELAY_PORT", "20001"));
        env.putAll(environment);
        AgentConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(AgentConfig.class)
                .withSources(new EnvConfigSource(env, 300))
                .build()
                .getConfigMapping(AgentConfig.class);
        Announcement announcement = ControllerLinks.announcement(config, new AgentIdentity(config), "1.2.3");
        return LinkMessages.hello(announcement, List.of()).getHello();
    }

    private static UdpAddress udp(String host, int port) {
        return UdpAddress.newBuilder().setHost(host).setPort(port).build();
    }

    @Test
    void announcesThePublicHostAndRelayPortWhenNoRelayAddressIsConfigured() {
        Hello hello = helloFrom(Map.of());

        assertThat(hello.getRelayAddress()).isEqualTo(udp("203.0.113.7", 20001));
        assertThat(hello.getMediaAddress()).isEqualTo(udp("203.0.113.7", 20000));
        assertThat(hello.getSignalingUrl()).isEqualTo("ws://203.0.113.7:8081/signaling");
    }

    @Test
    void announcesTheConfiguredRelayAddressAndLeavesMediaAndSignalingAlone() {
        Hello hello = helloFrom(Map.of("MERIDIAN_AGENT_RELAY_ANNOUNCED_ADDRESS", "198.51.100.20:40001"));

        assertThat(hello.getRelayAddress()).isEqualTo(udp("198.51.100.20", 40001));
        assertThat(hello.getMediaAddress()).isEqualTo(udp("203.0.113.7", 20000));
        assertThat(hello.getSignalingUrl()).isEqualTo("ws://203.0.113.7:8081/signaling");
    }

    @Test
    void announcesHostNamesAndBracketedIpv6LiteralsWithoutTheBrackets() {
        assertThat(helloFrom(Map.of("MERIDIAN_AGENT_RELAY_ANNOUNCED_ADDRESS", "relay.eu.example:10001"))
                .getRelayAddress()).isEqualTo(udp("relay.eu.example", 10001));
        assertThat(helloFrom(Map.of("MERIDIAN_AGENT_RELAY_ANNOUNCED_ADDRESS", " [2001:db8::7]:10001 "))
                .getRelayAddress()).isEqualTo(udp("2001:db8::7", 10001));
    }

    @Test
    void announcesTheConfiguredSignalingUrlAndLeavesMediaAndRelayAlone() {
        Hello hello = helloFrom(Map.of("MERIDIAN_AGENT_SIGNALING_URL", " wss://agent-eu.media.example:443/signaling "));

        assertThat(hello.getSignalingUrl()).isEqualTo("wss://agent-eu.media.example:443/signaling");
        assertThat(hello.getMediaAddress()).isEqualTo(udp("203.0.113.7", 20000));
        assertThat(hello.getRelayAddress()).isEqualTo(udp("203.0.113.7", 20001));
        assertThat(helloFrom(Map.of("MERIDIAN_AGENT_SIGNALING_URL", "ws://[2001:db8::7]:8081/signaling"))
                .getSignalingUrl()).isEqualTo("ws://[2001:db8::7]:8081/signaling");
    }

    @Test
    void announcesTheDefaultSignalingUrlWithTheHttpPortWhenNoneIsConfigured() {
        assertThat(helloFrom(Map.of("MERIDIAN_AGENT_HTTP_PORT", "18081", "MERIDIAN_AGENT_SIGNALING_URL", ""))
                .getSignalingUrl()).isEqualTo("ws://203.0.113.7:18081/signaling");
        assertThat(helloFrom(Map.of("MERIDIAN_AGENT_PUBLIC_HOST", "2001:db8::7")).getSignalingUrl())
                .isEqualTo("ws://[2001:db8::7]:8081/signaling");
    }

    @Test
    void refusesASignalingUrlThatIsNotWsOrWssWithAHostNamingTheVariable() {
        for (String bad : List.of("https://agent.example/signaling", "http://agent.example:8081/signaling",
                "WSS://agent.example/signaling", "agent.example:443/signaling", "wss:///signaling", "wss:agent",
                "wss://agent example/signaling", "/signaling", "wss://agent.example/" + "x".repeat(2048))) {
            assertThatThrownBy(() -> helloFrom(Map.of("MERIDIAN_AGENT_SIGNALING_URL", bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MERIDIAN_AGENT_SIGNALING_URL")
                    .hasMessageContaining(bad.substring(0, Math.min(bad.length(), 200)));
        }
    }

    @Test
    void refusesARelayAddressThatIsNotHostColonPortNamingTheVariable() {
        for (String bad : List.of("198.51.100.20", "198.51.100.20:", ":10001", "198.51.100.20:0",
                "198.51.100.20:65536", "198.51.100.20:10x01", "2001:db8::7:10001", "[2001:db8::7]",
                "[]:10001", "relay host:10001", "198.51.100.20:-1", "198.51.100.20:0000010001")) {
            assertThatThrownBy(() -> Announcement.relayAddress(Optional.of(bad), "203.0.113.7", 20001))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MERIDIAN_AGENT_RELAY_ANNOUNCED_ADDRESS")
                    .hasMessageContaining(bad.strip());
        }
    }
}
