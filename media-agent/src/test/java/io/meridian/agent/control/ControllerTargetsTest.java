package io.meridian.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ControllerTargetsTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void listsEveryEntryAndEveryAddressANameResolvesTo() {
        ControllerTargets targets = new ControllerTargets("10.0.0.1:9090, controllers.internal:9091",
                host -> host.equals("controllers.internal")
                        ? new InetAddress[] {ip("10.0.1.1"), ip("10.0.1.2")} : new InetAddress[] {ip(host)});

        assertThat(targets.resolve().keySet()).containsExactly("10.0.0.1:9090",
                "controllers.internal:9091@10.0.1.1:9091", "controllers.internal:9091@10.0.1.2:9091");
    }

    @Test
    void dropsAVanishedAddressAndKeepsTheLastAnswerWhenTheLookupFails() {
        AtomicReference<InetAddress[]> answer = new AtomicReference<>(new InetAddress[] {ip("10.0.1.1"), ip("10.0.1.2")});
        ControllerTargets targets = new ControllerTargets("c:9090", host -> {
            InetAddress[] now = answer.get();
            if (now == null) {
                throw new UnknownHostException(host);
            }
            return now;
        });
        targets.resolve();

        answer.set(new InetAddress[] {ip("10.0.1.2")});
        Map<String, ControllerTargets.Replica> shrunk = targets.resolve();
        answer.set(null);
        Map<String, ControllerTargets.Replica> failed = targets.resolve();

        assertThat(shrunk.keySet()).containsExactly("c:9090@10.0.1.2:9090");
        assertThat(failed.keySet()).containsExactly("c:9090@10.0.1.2:9090");
    }

    @Test
    void usesOnlyTheIpv4AddressesOfANameWithBoth() {
        ControllerTargets targets = new ControllerTargets("localhost:9090",
                host -> new InetAddress[] {ip("127.0.0.1"), ip("::1")});

        assertThat(targets.resolve().keySet()).containsExactly("localhost:9090@127.0.0.1:9090");
    }

    @Test
    void refusesAnEntryWithoutAPort() {
        assertThatThrownBy(() -> new ControllerTargets("10.0.0.1:9090,controller", host -> new InetAddress[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MERIDIAN_CONTROLLER").hasMessageContaining("'controller'");
    }
}
