package io.meridian.controller.config;

import io.meridian.placement.CascadeCost;
import io.meridian.placement.MeridianPolicy;
import io.meridian.placement.PlacementPolicy;
import io.meridian.placement.PlacementSettings;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.GreatCircleLatencyModel;
import io.meridian.placement.latency.LatencyModel;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Builds the framework-free placement objects from configuration. */
public class PlacementBeans {
    private static final Logger LOG = Logger.getLogger(PlacementBeans.class);

    /** The controller's clock; tests replace it. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The built-in region catalog, or the operator's file from MERIDIAN_REGIONS. */
    @Produces
    @Singleton
    RegionCatalog regions(MeridianConfig config) {
        if (config.regions().isEmpty() || config.regions().get().isBlank()) {
            RegionCatalog catalog = RegionCatalog.builtIn();
            LOG.infof("regions: built-in catalog of %d regions", catalog.size());
            return catalog;
        }
        Path path = Path.of(config.regions().get());
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            RegionCatalog catalog = RegionCatalog.parse(reader, path.toString());
            LOG.infof("regions: %d regions from %s", catalog.size(), path);
            return catalog;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read MERIDIAN_REGIONS file " + path + ": " + e.getMessage(), e);
        }
    }

    /** The great-circle latency model with its documented constants. */
    @Produces
    @Singleton
    LatencyModel latencyModel() {
        return GreatCircleLatencyModel.defaults();
    }

    /** The policy's settings record. */
    @Produces
    @Singleton
    PlacementSettings settings(MeridianConfig config) {
        MeridianConfig.Policy policy = config.policy();
        return new PlacementSettings(policy.cascadeThresholdMs(), policy.maxAgentsPerConference(),
                policy.overloadStress(), policy.stressPerPlacement(), config.agent().downTimeout(),
                policy.minParticipantsToCascade(),
                new CascadeCost(policy.usdPerMsSaved(), policy.streamMbps(), policy.relayUsdPerGb()));
    }

    /** Meridian's placement policy. */
    @Produces
    @Singleton
    PlacementPolicy policy(RegionCatalog regions, LatencyModel model, PlacementSettings settings, Clock clock) {
        return new MeridianPolicy(regions, model, settings, clock);
    }
}
