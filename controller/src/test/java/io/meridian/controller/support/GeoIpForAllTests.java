package io.meridian.controller.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link GeoIpTestResource} for every @QuarkusTest (test resources apply globally). */
@QuarkusTestResource(GeoIpTestResource.class)
public class GeoIpForAllTests {
}
