package io.meridian.controller.geo;

import io.meridian.controller.config.MeridianConfig;
import io.meridian.placement.LocationSource;
import io.meridian.placement.ParticipantLocation;
import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.geo.Region;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.ProbePlausibility;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Locates a joining client. The rule, in order:
 * <ol>
 *   <li>GeoIP of the client's address (TCP peer, or trusted X-Forwarded-For) when it is public and the
 *       database places it;</li>
 *   <li>else the location hint sent with the join;</li>
 *   <li>else the region with the lowest client probe;</li>
 *   <li>else the configured default region's coordinates.</li>
 * </ol>
 * Probes, when sent, are passed to the policy whatever rule located the client, except those GeoIP shows to be
 * faster than light in fibre ({@link ProbePlausibility}): those are discarded and named in the explanation.
 */
@Startup
@Singleton
public class Locator {
    private static final Logger LOG = Logger.getLogger(Locator.class);

    private final ClientAddressResolver addresses;
    private final GeoIpLookup geoIp;
    private final String geoIpProblem;
    private final RegionCatalog regions;
    private final Region defaultRegion;

    @Inject
    public Locator(MeridianConfig config, RegionCatalog regions) {
        this.addresses = new ClientAddressResolver(config.trustedProxies().orElse(List.of()));
        this.regions = regions;
        this.defaultRegion = regions.byName(config.defaultRegion()).orElseThrow(() -> new IllegalStateException(
                "MERIDIAN_DEFAULT_REGION '" + config.defaultRegion() + "' is not in the region catalog"));
        GeoIpLookup lookup = null;
        String problem = null;
        Optional<String> path = config.geoipDb().filter(p -> !p.isBlank());
        if (path.isEmpty()) {
            problem = "MERIDIAN_GEOIP_DB is not set";
            LOG.warn("GeoIP disabled (MERIDIAN_GEOIP_DB unset): clients are located by hint, probes or the "
                    + "default region " + defaultRegion.name());
        } else {
            try {
                lookup = GeoIpLookup.open(Path.of(path.get()));
                LOG.infof("GeoIP: %s from %s", lookup.description(), path.get());
            } catch (IOException | RuntimeException e) {
                problem = "cannot open GeoIP database " + path.get() + ": " + e.getMessage();
                LOG.error(problem);
            }
        }
        this.geoIp = lookup;
        this.geoIpProblem = problem;
        if (!addresses.trustedProxies().isEmpty()) {
            LOG.infof("X-Forwarded-For trusted from %s", addresses.trustedProxies());
        }
    }

    /** Locator over given parts, for tests. */
    public Locator(ClientAddressResolver addresses, GeoIpLookup geoIp, RegionCatalog regions, Region defaultRegion) {
        this.addresses = addresses;
        this.geoIp = geoIp;
        this.geoIpProblem = geoIp == null ? "no GeoIP database" : null;
        this.regions = regions;
        this.defaultRegion = defaultRegion;
    }

    /** True when a GeoIP database is open. */
    public boolean geoIpLoaded() {
        return geoIp != null;
    }

    /** Why GeoIP is not available, or empty when it is. */
    public Optional<String> geoIpProblem() {
        return Optional.ofNullable(geoIpProblem);
    }

    /** True when GeoIP was asked for (a path configured). */
    public boolean geoIpConfigured() {
        return geoIp != null || (geoIpProblem != null && geoIpProblem.startsWith("cannot open"));
    }

    /** The client's address: the TCP peer, or the trusted X-Forwarded-For hop (see {@link ClientAddressResolver}). */
    public Optional<InetAddress> clientAddress(Optional<InetAddress> peer, List<String> forwardedFor) {
        return addresses.resolve(peer, forwardedFor);
    }

    /**
     * @param peer TCP peer address, empty when unknown
     * @param forwardedFor X-Forwarded-For header values
     * @param hint the client's location hint, or null
     * @param probes region name → client-measured RTT in ms (validated by the caller)
     */
    public Located locate(Optional<InetAddress> peer, List<String> forwardedFor, GeoPoint hint,
            Map<String, Double> probes) {
        Optional<InetAddress> client = addresses.resolve(peer, forwardedFor);
        String address = client.map(a -> IpAddresses.unmapped(a).getHostAddress()).orElse(null);
        // Explanations are stored: they name the client's network, never its address.
        String network = client.map(IpAddresses::truncated).orElse(null);
        String why;
        if (client.isEmpty()) {
            why = "client address unknown";
        } else if (IpAddresses.isSpecialPurpose(client.get())) {
            why = "address " + network + " is private or reserved";
        } else if (geoIp == null) {
            why = "GeoIP unavailable";
        } else {
            Optional<GeoIpLookup.Hit> hit = geoIp.locate(client.get());
            if (hit.isPresent()) {
                ProbePlausibility.Checked checked = ProbePlausibility.check(hit.get().point(), probes, regions,
                        ProbePlausibility.DEFAULT_SLACK_MS);
                return new Located(new ParticipantLocation(hit.get().point(), LocationSource.GEOIP,
                        hit.get().country(), checked.kept()), address, "GeoIP of " + network, checked.discarded());
            }
            why = "GeoIP does not place " + network;
        }
        if (hint != null) {
            return new Located(new ParticipantLocation(hint, LocationSource.HINT, null, probes), address,
                    why + ": location hint");
        }
        Optional<Map.Entry<String, Double>> best = probes.entrySet().stream()
                .filter(e -> regions.byName(e.getKey()).isPresent())
                .min(Map.Entry.comparingByValue());
        if (best.isPresent()) {
            GeoPoint point = regions.byName(best.get().getKey()).orElseThrow().location();
            return new Located(new ParticipantLocation(point, LocationSource.PROBES, null, probes), address,
                    why + ": nearest probed region " + best.get().getKey());
        }
        return new Located(new ParticipantLocation(defaultRegion.location(), LocationSource.DEFAULT_REGION, null,
                probes), address, why + ": default region " + defaultRegion.name());
    }

    @PreDestroy
    void close() {
        if (geoIp != null) {
            try {
                geoIp.close();
            } catch (IOException e) {
                LOG.debug("closing GeoIP database failed", e);
            }
        }
    }
}
