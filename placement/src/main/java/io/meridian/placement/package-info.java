/**
 * Meridian's placement policy: which media agent hosts a joining participant, and why.
 *
 * <p>Pure Java with no framework types: the controller maps its registry, store and request into the records
 * here ({@link io.meridian.placement.PlacementRequest}), asks a {@link io.meridian.placement.PlacementPolicy}
 * (normally {@link io.meridian.placement.MeridianPolicy}) and acts on the {@link io.meridian.placement.Decision}.
 * Region data lives in {@code geo}, RTT estimation in {@code latency}.
 */
package io.meridian.placement;
