package io.meridian.placement;

import io.meridian.placement.geo.Region;

import java.util.Objects;

/**
 * The cost-aware rule's settings and its estimate: what adding an agent for one joiner costs per hour, and what the
 * operator pays for a millisecond saved.
 *
 * <p>Adding an agent to a full-mesh conference of {@code n} participants on {@code a} agents sends the {@code n}
 * existing streams once to the new agent and the joiner's stream once to each of the {@code a} agents: {@code n + a}
 * relayed streams, at the inter-region transfer price. The joiner also receives its {@code n} streams from the new
 * agent's region instead of the conference agent's, at the difference of their internet egress prices (when both
 * are known). A cascade is worth it when {@code savedRttMs × usdPerMsSaved >= that cost per hour}.
 *
 * @param usdPerMsSaved  the operator's knob: USD per hour it pays for each millisecond of RTT one joiner saves;
 *                       {@code +∞} = cost-blind (cascade whenever the threshold says so), 0 = never pay for a cascade
 * @param streamMbps     one participant's forwarded media, Mbit/s
 * @param relayUsdPerGb  inter-region transfer price for relay traffic, USD per GB
 */
public record CascadeCost(double usdPerMsSaved, double streamMbps, double relayUsdPerGb) {

    /** Default knob: cost-blind, the policy before the cost rule. */
    public static final double DEFAULT_USD_PER_MS_SAVED = Double.POSITIVE_INFINITY;
    /** Default stream: 720p video around 1.4 Mbit/s plus Opus voice. */
    public static final double DEFAULT_STREAM_MBPS = 1.5;
    /**
     * Default relay price, USD/GB: AWS "Amazon EC2 On-Demand Pricing", "Data Transfer OUT From Amazon EC2 To" another
     * AWS region, US and EU regions, 2024.
     */
    public static final double DEFAULT_RELAY_USD_PER_GB = 0.02;

    /** GB per hour of one Mbit/s. */
    private static final double GB_PER_MBPS_HOUR = 3600.0 / 8 / 1000;

    /** @throws IllegalArgumentException on a negative or NaN value, or an infinite bitrate or price */
    public CascadeCost {
        if (!(usdPerMsSaved >= 0)) {
            throw new IllegalArgumentException("usdPerMsSaved must be >= 0 (or infinite), got " + usdPerMsSaved);
        }
        if (!(streamMbps > 0 && Double.isFinite(streamMbps))) {
            throw new IllegalArgumentException("streamMbps must be finite and > 0, got " + streamMbps);
        }
        if (!(relayUsdPerGb >= 0 && Double.isFinite(relayUsdPerGb))) {
            throw new IllegalArgumentException("relayUsdPerGb must be finite and >= 0, got " + relayUsdPerGb);
        }
    }

    /** @return cost-blind, 1.5 Mbit/s streams, relays at 0.02 USD/GB */
    public static CascadeCost defaults() {
        return new CascadeCost(DEFAULT_USD_PER_MS_SAVED, DEFAULT_STREAM_MBPS, DEFAULT_RELAY_USD_PER_GB);
    }

    /**
     * @param usdPerMsSaved the operator's knob
     * @return these settings with that knob
     */
    public CascadeCost withUsdPerMsSaved(double usdPerMsSaved) {
        return new CascadeCost(usdPerMsSaved, streamMbps, relayUsdPerGb);
    }

    /** @return whether cost never stops a cascade */
    public boolean blind() {
        return usdPerMsSaved == Double.POSITIVE_INFINITY;
    }

    /**
     * @param participants participants already in the conference
     * @param agents       agents the conference spans
     * @param cascadeTo    the region of the agent that would be added
     * @param stayIn       the region of the conference agent the joiner would otherwise join (may be null)
     * @return the extra USD per hour of cascading the joiner (may be negative when the new region's egress is cheaper)
     */
    public double usdPerHour(int participants, int agents, Region cascadeTo, Region stayIn) {
        Objects.requireNonNull(cascadeTo, "cascadeTo");
        double streamGbPerHour = streamMbps * GB_PER_MBPS_HOUR;
        double relay = (participants + agents) * streamGbPerHour * relayUsdPerGb;
        double egress = 0;
        if (stayIn != null && cascadeTo.egressPrice().isPresent() && stayIn.egressPrice().isPresent()) {
            egress = participants * streamGbPerHour
                    * (cascadeTo.egressPrice().getAsDouble() - stayIn.egressPrice().getAsDouble());
        }
        return relay + egress;
    }

    /**
     * @param savedRttMs the joiner's RTT saving, ms
     * @param usdPerHour the cascade's cost ({@link #usdPerHour})
     * @return whether the saving is worth the cost at the operator's price
     */
    public boolean pays(double savedRttMs, double usdPerHour) {
        return blind() || usdPerHour <= 0 || savedRttMs * usdPerMsSaved >= usdPerHour;
    }
}
