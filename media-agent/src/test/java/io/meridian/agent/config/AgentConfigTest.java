package io.meridian.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

    private static SmallRyeConfig configFrom(Map<String, String> environment) {
        // Quarkus' own converter, so "500ms" parses outside a Quarkus boot just as inside one.
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(AgentConfig.class)
                .withMapping(FleetConfig.class)
                .withSources(new EnvConfigSource(environment, 300))
                .build();
    }

    @Test
    void defaultsMatchTheDocumentedLocalSetup() {
        SmallRyeConfig config = configFrom(Map.of());
        AgentConfig agent = config.getConfigMapping(AgentConfig.class);
        FleetConfig fleet = config.getConfigMapping(FleetConfig.class);

        assertThat(agent.id()).isEmpty();
        assertThat(agent.httpPort()).isEqualTo(8081);
        assertThat(agent.mediaPort()).isEqualTo(10000);
        assertThat(agent.relayPort()).isEqualTo(10001);
        assertThat(agent.publicHost()).isEqualTo("127.0.0.1");
        assertThat(agent.relayAnnouncedAddress()).isEmpty();
        assertThat(agent.signalingUrl()).isEmpty();
        assertThat(agent.capacity()).isEqualTo(100);
        assertThat(agent.cpuLimit()).isEqualTo(0.8);
        assertThat(agent.packetRateLimit()).isEqualTo(200_000);
        assertThat(agent.report().defaultInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(agent.control().backoffInitial()).isEqualTo(Duration.ofMillis(500));
        assertThat(agent.control().backoffMax()).isEqualTo(Duration.ofSeconds(10));
        assertThat(agent.token().leeway()).isEqualTo(Duration.ofSeconds(5));
        assertThat(fleet.controller()).isEqualTo("127.0.0.1:9090");
        assertThat(fleet.agentCredential()).isEmpty();
        assertThat(fleet.controllerTls()).isFalse();
    }

    @Test
    void readsEveryDocumentedEnvironmentVariable() {
        SmallRyeConfig config = configFrom(Map.ofEntries(
                Map.entry("MERIDIAN_AGENT_ID", "agent-eu-1"),
                Map.entry("MERIDIAN_AGENT_REGION", "eu-west-1"),
                Map.entry("MERIDIAN_CONTROLLER", "10.0.0.1:9191"),
                Map.entry("MERIDIAN_AGENT_CREDENTIAL", "s3cret"),
                Map.entry("MERIDIAN_CONTROLLER_TLS", "true"),
                Map.entry("MERIDIAN_AGENT_HTTP_PORT", "18081"),
                Map.entry("MERIDIAN_AGENT_MEDIA_PORT", "20000"),
                Map.entry("MERIDIAN_AGENT_RELAY_PORT", "20001"),
                Map.entry("MERIDIAN_AGENT_PUBLIC_HOST", "203.0.113.7"),
                Map.entry("MERIDIAN_AGENT_RELAY_ANNOUNCED_ADDRESS", "198.51.100.20:40001"),
                Map.entry("MERIDIAN_AGENT_SIGNALING_URL", "wss://agent-1.eu.example:443/signaling"),
                Map.entry("MERIDIAN_AGENT_CAPACITY", "250"),
                Map.entry("MERIDIAN_AGENT_CPU_LIMIT", "0.6"),
                Map.entry("MERIDIAN_AGENT_PACKET_RATE_LIMIT", "500000"),
                Map.entry("MERIDIAN_AGENT_CONTROL_BACKOFF_MAX", "30s")));
        AgentConfig agent = config.getConfigMapping(AgentConfig.class);
        FleetConfig fleet = config.getConfigMapping(FleetConfig.class);

        assertThat(agent.id()).contains("agent-eu-1");
        assertThat(agent.region()).isEqualTo("eu-west-1");
        assertThat(fleet.controller()).isEqualTo("10.0.0.1:9191");
        assertThat(fleet.agentCredential()).contains("s3cret");
        assertThat(fleet.controllerTls()).isTrue();
        assertThat(agent.httpPort()).isEqualTo(18081);
        assertThat(agent.mediaPort()).isEqualTo(20000);
        assertThat(agent.relayPort()).isEqualTo(20001);
        assertThat(agent.publicHost()).isEqualTo("203.0.113.7");
        assertThat(agent.relayAnnouncedAddress()).contains("198.51.100.20:40001");
        assertThat(agent.signalingUrl()).contains("wss://agent-1.eu.example:443/signaling");
        assertThat(agent.capacity()).isEqualTo(250);
        assertThat(agent.cpuLimit()).isEqualTo(0.6);
        assertThat(agent.packetRateLimit()).isEqualTo(500_000);
        assertThat(agent.control().backoffMax()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anEmptyRelayAnnouncedAddressMeansNone() {
        AgentConfig agent = configFrom(Map.of("MERIDIAN_AGENT_RELAY_ANNOUNCED_ADDRESS", ""))
                .getConfigMapping(AgentConfig.class);

        assertThat(agent.relayAnnouncedAddress()).isEmpty();
    }

    @Test
    void anEmptySignalingUrlMeansTheDefault() {
        AgentConfig agent = configFrom(Map.of("MERIDIAN_AGENT_SIGNALING_URL", ""))
                .getConfigMapping(AgentConfig.class);

        assertThat(agent.signalingUrl()).isEmpty();
    }

    @Test
    void derivesAnIdFromTheHostNameAndMediaPortWhenNoneIsConfigured() {
        assertThat(AgentIdentity.defaultId("media-1.eu.example", 10000)).isEqualTo("media-1.eu.example-10000");
        assertThat(AgentIdentity.defaultId("weird host!", 10002)).isEqualTo("weird-host-10002");
        assertThat(AgentIdentity.defaultId("", 10000)).isEqualTo("agent-10000");

        SmallRyeConfig config = configFrom(Map.of("MERIDIAN_AGENT_MEDIA_PORT", "12345"));
        AgentIdentity identity = new AgentIdentity(config.getConfigMapping(AgentConfig.class));
        assertThat(identity.id()).endsWith("-12345").matches("[A-Za-z0-9._-]{1,128}");
    }

    @Test
    void refusesAnIdTheControllerWouldReject() {
        assertThatThrownBy(() -> new AgentIdentity("agent with spaces", "eu-west-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("meridian.agent.id");
    }
}
