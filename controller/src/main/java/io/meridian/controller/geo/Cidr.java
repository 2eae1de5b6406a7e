package io.meridian.controller.geo;

import java.net.InetAddress;

/** An IPv4 or IPv6 address block, e.g. {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a /32 or /128. */
public record Cidr(byte[] network, int prefixLength) {

    /** Parses {@code text}; throws IllegalArgumentException naming it when malformed. */
    public static Cidr parse(String text) {
        String value = text.trim();
        int slash = value.indexOf('/');
        InetAddress address = IpAddresses.parseLiteral(slash < 0 ? value : value.substring(0, slash))
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block"));
        byte[] bytes = address.getAddress();
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has a malformed prefix length");
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + max);
            }
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    /** True when {@code address} lies in this block (IPv4-mapped IPv6 addresses count as IPv4). */
    public boolean contains(InetAddress address) {
        byte[] bytes = IpAddresses.unmapped(address).getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        byte[] masked = mask(bytes, prefixLength);
        return java.util.Arrays.equals(masked, network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - bits)));
        }
        return out;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (java.net.UnknownHostException e) {
            return "?/" + prefixLength;
        }
    }
}
