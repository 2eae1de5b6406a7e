package io.meridian.agent.control;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The controller replicas named by {@code MERIDIAN_CONTROLLER}: a comma-separated list of {@code host:port}
 * entries, each a literal address or a DNS name that may resolve to several replicas. {@link #resolve()} turns
 * them into one {@link Replica} per address; a name whose lookup fails keeps what it resolved to last, so a DNS
 * hiccup never closes a healthy link. A name with IPv4 addresses uses only those (a host with both families, like
 * {@code localhost}, is one replica, not two).
 */
public final class ControllerTargets {

    private static final Logger LOG = Logger.getLogger(ControllerTargets.class);

    /** Looks a host name up; {@link InetAddress#getAllByName} in production. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * One controller replica.
     *
     * @param host    the configured name (checked against the TLS certificate)
     * @param address the resolved address connected to
     * @param port    the gRPC port
     */
    public record Replica(String host, InetAddress address, int port) {

        /** Stable key of the replica: its address and port, with the configured name when it differs. */
        public String id() {
            String ip = authority(address.getHostAddress(), port);
            return host.equals(address.getHostAddress()) ? ip : authority(host, port) + "@" + ip;
        }
    }

    /** One configured entry. */
    record Entry(String host, int port) {
    }

    private final List<Entry> entries;
    private final Resolver resolver;
    private final Map<Entry, List<Replica>> lastResolved = new LinkedHashMap<>();

    /**
     * The targets of {@code configured}.
     *
     * @throws IllegalArgumentException naming MERIDIAN_CONTROLLER when an entry is not host:port
     */
    public ControllerTargets(String configured, Resolver resolver) {
        this.entries = parse(configured);
        this.resolver = resolver;
    }

    /** Parses "host:port, [v6]:port, name:port". */
    static List<Entry> parse(String configured) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : (configured == null ? "" : configured).split(",")) {
            String value = raw.strip();
            if (value.isEmpty()) {
                continue;
            }
            int colon = value.lastIndexOf(':');
            String host = colon > 0 ? value.substring(0, colon) : "";
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.indexOf(':') >= 0) {
                host = "";
            }
            int port = colon > 0 ? port(value.substring(colon + 1)) : -1;
            if (host.isEmpty() || port < 1 || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
                throw new IllegalArgumentException("MERIDIAN_CONTROLLER (meridian.controller) must be a "
                        + "comma-separated list of host:port ([IPv6]:port for IPv6), got entry '" + value + "'");
            }
            if (!entries.contains(new Entry(host, port))) {
                entries.add(new Entry(host, port));
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("MERIDIAN_CONTROLLER (meridian.controller) is empty");
        }
        return entries;
    }

    /** Every replica now, keyed by {@link Replica#id()}; an entry that fails to resolve keeps its last answer. */
    public Map<String, Replica> resolve() {
        Map<String, Replica> replicas = new LinkedHashMap<>();
        for (Entry entry : entries) {
            List<Replica> resolved;
            try {
                resolved = replicas(entry, resolver.resolve(entry.host()));
                lastResolved.put(entry, resolved);
            } catch (UnknownHostException | RuntimeException e) {
                resolved = lastResolved.getOrDefault(entry, List.of());
                LOG.warnf("controller %s does not resolve (%s); keeping %d known replica(s)",
                        authority(entry.host(), entry.port()), e.getMessage(), resolved.size());
            }
            for (Replica replica : resolved) {
                replicas.putIfAbsent(replica.id(), replica);
            }
        }
        return replicas;
    }

    private static List<Replica> replicas(Entry entry, InetAddress[] addresses) {
        boolean anyV4 = Arrays.stream(addresses).anyMatch(a -> a instanceof Inet4Address);
        return Arrays.stream(addresses)
                .filter(a -> !anyV4 || a instanceof Inet4Address)
                .distinct()
                .map(a -> new Replica(entry.host(), a, entry.port()))
                .toList();
    }

    /** "host:port", IPv6 literals bracketed. */
    static String authority(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static int port(String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int port = Integer.parseInt(digits);
        return port <= 65535 ? port : -1;
    }
}
