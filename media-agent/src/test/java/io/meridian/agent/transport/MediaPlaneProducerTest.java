package io.meridian.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class MediaPlaneProducerTest {
    @Test
    void bindsToThePublicHostWhenItIsAnAddressOfThisMachine() {
        InetSocketAddress bind = MediaPlaneProducer.bindAddress("127.0.0.1", 10000);
        assertThat(bind.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(bind.getPort()).isEqualTo(10000);
    }

    @Test
    void bindsToAllInterfacesWhenThePublicHostIsANatAddress() {
        InetSocketAddress bind = MediaPlaneProducer.bindAddress("203.0.113.9", 10000);
        assertThat(bind.getAddress().isAnyLocalAddress()).isTrue();
        assertThat(bind.getPort()).isEqualTo(10000);
    }
}
