package io.meridian.controller.geo;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a client's address: the TCP peer, or — only when the peer is a trusted proxy — the rightmost
 * X-Forwarded-For hop that is not itself a trusted proxy (hops further left could be forged by the client).
 */
public final class ClientAddressResolver {
    private final List<Cidr> trustedProxies;

    /** {@code trustedProxies}: CIDR blocks; throws IllegalArgumentException naming a malformed one. */
    public ClientAddressResolver(List<String> trustedProxies) {
        List<Cidr> blocks = new ArrayList<>();
        for (String entry : trustedProxies) {
            if (!entry.isBlank()) {
                blocks.add(Cidr.parse(entry));
            }
        }
        this.trustedProxies = List.copyOf(blocks);
    }

    /** The trusted proxy blocks. */
    public List<Cidr> trustedProxies() {
        return trustedProxies;
    }

    /**
     * @param peer the TCP peer's address (may be empty when unknown)
     * @param forwardedFor every X-Forwarded-For header value, in order (a header may repeat)
     * @return the client's address, or empty when it cannot be told (e.g. a malformed hop)
     */
    public Optional<InetAddress> resolve(Optional<InetAddress> peer, List<String> forwardedFor) {
        if (peer.isEmpty() || !trusted(peer.get()) || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop);
                }
            }
        }
        InetAddress candidate = peer.get();
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = IpAddresses.parseHop(hops.get(i));
            if (hop.isEmpty()) {
                return Optional.empty();
            }
            candidate = hop.get();
            if (!trusted(candidate)) {
                return Optional.of(candidate);
            }
        }
        // Every hop is a trusted proxy: the leftmost is the best we know.
        return Optional.of(candidate);
    }

    private boolean trusted(InetAddress address) {
        for (Cidr block : trustedProxies) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
