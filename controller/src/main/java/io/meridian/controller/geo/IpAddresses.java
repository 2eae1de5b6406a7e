package io.meridian.controller.geo;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** IP literal parsing (never a DNS lookup) and the special-purpose ranges GeoIP cannot place. */
public final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /** Private, shared, loopback, link-local, documentation, benchmarking, multicast and reserved blocks (RFC 6890). */
    private static final List<Cidr> SPECIAL = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7",
            "fe80::/10", "ff00::/8").stream().map(Cidr::parse).toList();

    private IpAddresses() {
    }

    /** Parses an IPv4 or IPv6 literal (IPv6 optionally in brackets); anything else, host names included, is empty. */
    public static Optional<InetAddress> parseLiteral(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.trim();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        boolean literal = IPV4.matcher(value).matches() || (value.indexOf(':') >= 0 && IPV6.matcher(value).matches());
        if (!literal) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(value));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Parses one X-Forwarded-For hop: an IP literal, possibly with a port ({@code 1.2.3.4:5}, {@code [::1]:5}). */
    public static Optional<InetAddress> parseHop(String hop) {
        String value = hop.trim();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            return close < 0 ? Optional.empty() : parseLiteral(value.substring(1, close));
        }
        int colon = value.indexOf(':');
        if (colon > 0 && colon == value.lastIndexOf(':')) {
            value = value.substring(0, colon);
        }
        return parseLiteral(value);
    }

    /** True for addresses no public GeoIP database can place (private, loopback, reserved, ...). */
    public static boolean isSpecialPurpose(InetAddress address) {
        InetAddress plain = unmapped(address);
        for (Cidr block : SPECIAL) {
            if (block.contains(plain)) {
                return true;
            }
        }
        return false;
    }

    /** The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), else the address itself. */
    public static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && b[10] == (byte) 0xFF && b[11] == (byte) 0xFF) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }
}
