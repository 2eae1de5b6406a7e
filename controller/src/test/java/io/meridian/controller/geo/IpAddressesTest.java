package io.meridian.controller.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpAddressesTest {
    static InetAddress ip(String literal) {
        return IpAddresses.parseLiteral(literal).orElseThrow();
    }

    @Test
    void truncatesIpv4ToItsSlash24() {
        assertThat(IpAddresses.truncated(ip("203.0.113.77"))).isEqualTo("203.0.113.0/24");
    }

    @Test
    void truncatesIpv6ToItsSlash48() {
        assertThat(IpAddresses.truncated(ip("2001:db8:1:2:3:4:5:6"))).isEqualTo("2001:db8:1::/48");
        assertThat(IpAddresses.truncated(ip("2a00:1450:4007:80e::200e"))).isEqualTo("2a00:1450:4007::/48");
    }

    @Test
    void treatsAnIpv4MappedAddressAsIpv4() {
        assertThat(IpAddresses.truncated(ip("::ffff:198.51.100.9"))).isEqualTo("198.51.100.0/24");
    }
}
