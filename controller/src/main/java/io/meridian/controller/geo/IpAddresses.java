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

    /**
     * The address with its host part zeroed, as the decision log keeps it: IPv4 to its /24, IPv6 to its /48
     * (e.g. {@code 203.0.113.0/24}, {@code 2001:db8:1::/48}); an IPv4-mapped address counts as IPv4.
     */
    public static String truncated(InetAddress address) {
        InetAddress plain = unmapped(address);
        byte[] b = plain.getAddress();
        int keep = b.length == 4 ? 3 : 6;
        for (int i = keep; i < b.length; i++) {
            b[i] = 0;
        }
        try {
            String network = InetAddress.getByAddress(b).getHostAddress();
            if (b.length == 16) {
                network = compressIpv6(network);
            }
            return network + (b.length == 4 ? "/24" : "/48");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Java prints IPv6 uncompressed ({@code 2001:db8:1:0:0:0:0:0}); collapse the longest zero run once. */
    private static String compressIpv6(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < groups.length;) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLength < 2) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }
}
