package io.meridian.controller.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points every @QuarkusTest controller at the real GeoLite2 City database. */
public class GeoIpTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("meridian.geoip-db", TestGeoIp.database().toString());
    }

    @Override
    public void stop() {
    }
}
