package io.meridian.controller.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {
    static InetAddress ip(String literal) {
        return IpAddresses.parseLiteral(literal).orElseThrow();
    }

    @Test
    void matchesAddressesInsideTheBlockOnly() {
        Cidr block = Cidr.parse("10.20.0.0/16");
        assertThat(block.contains(ip("10.20.255.1"))).isTrue();
        assertThat(block.contains(ip("10.21.0.1"))).isFalse();
        assertThat(block.contains(ip("::ffff:10.20.1.1"))).isTrue();
        assertThat(block.contains(ip("2001:db8::1"))).isFalse();
    }

    @Test
    void treatsABareAddressAsASingleHost() {
        Cidr host = Cidr.parse("192.0.2.1");
        assertThat(host.prefixLength()).isEqualTo(32);
        assertThat(host.contains(ip("192.0.2.1"))).isTrue();
        assertThat(host.contains(ip("192.0.2.2"))).isFalse();
    }

    @Test
    void handlesIpv6Blocks() {
        Cidr block = Cidr.parse("fd00::/8");
        assertThat(block.contains(ip("fd12:3456::1"))).isTrue();
        assertThat(block.contains(ip("fe80::1"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
    }

    @Test
    void rejectsMalformedBlocksWithTheirText() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> Cidr.parse("proxy.internal/24")).hasMessageContaining("proxy.internal/24");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> Cidr.parse("300.1.1.1")).hasMessageContaining("300.1.1.1");
    }
}
