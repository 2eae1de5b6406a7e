package io.meridian.controller.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentCredentialsTest {
    final AgentCredentials fleet = new AgentCredentials(List.of("fleet-key-1"));

    @Test
    void aCredentialAuthenticatesExactlyItsOwnAgent() {
        String credential = fleet.mint("agent-eu-1");
        assertThat(fleet.authenticate("Bearer " + credential)).contains(new AgentScope("agent-eu-1"));
        String mac = credential.substring(credential.lastIndexOf('.') + 1);
        assertThat(fleet.authenticate("Bearer agent-eu-2." + mac)).isEmpty();
        assertThat(fleet.authenticate(credential)).isEmpty();
        assertThat(fleet.authenticate("Bearer fleet-key-1")).isEmpty();
        assertThat(fleet.authenticate(null)).isEmpty();
        assertThat(fleet.authenticate("Bearer agent-eu-1.!!!")).isEmpty();
    }

    @Test
    void bothKeysVerifyWhileRotatingAndTheFirstMints() {
        AgentCredentials old = new AgentCredentials(List.of("fleet-key-0"));
        AgentCredentials rotating = new AgentCredentials(List.of("fleet-key-1", "fleet-key-0"));
        assertThat(rotating.authenticate("Bearer " + old.mint("a-1"))).contains(new AgentScope("a-1"));
        assertThat(rotating.mint("a-1")).isEqualTo(fleet.mint("a-1"));
        assertThat(fleet.authenticate("Bearer " + old.mint("a-1"))).isEmpty();
    }

    @Test
    void aPrefixCredentialAdmitsOnlyIdsOfItsPrefix() {
        AgentScope scope = fleet.authenticate("Bearer " + fleet.mint("eu-west-1-*")).orElseThrow();
        assertThat(scope.admits("eu-west-1-i-0abc")).isTrue();
        assertThat(scope.admits("us-east-1-i-0abc")).isFalse();
        assertThat(new AgentScope("eu-west-1-a").admits("eu-west-1-ab")).isFalse();
        assertThat(fleet.authenticate("Bearer " + fleet.mint("eu-west-1-*").replace("eu-west-1-*", "*"))).isEmpty();
    }

    @Test
    void withNoFleetKeyNothingAuthenticates() {
        AgentCredentials none = new AgentCredentials(List.of());
        assertThat(none.configured()).isFalse();
        assertThat(none.authenticate("Bearer " + fleet.mint("a-1"))).isEmpty();
    }
}
