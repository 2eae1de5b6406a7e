package io.meridian.study.sim;

/**
 * The documented constants of the media-path and cost model (docs/study.md explains each default).
 *
 * @param hopMs         processing cost per agent the media passes through, ms
 * @param streamMbps    bitrate of one participant's media as forwarded (audio + video), Mbit/s
 * @param agentCapacity forwarded packets per second one agent handles, for "agents needed" ({@link DayModel})
 * @param accessStretch multiplies the distance part of participant ↔ agent RTTs in the ground truth (1 = the same
 *                      as the backbone between agents; policies still estimate with the unstretched model)
 * @param memoize       remember each policy's decision per (place, conference agent set) within a run; the
 *                      results are the same, only faster ({@code --exact} turns it off)
 * @param geoIpErrorKm  mean GeoIP location error the policies see, km ({@link GeoIpError}; 0 = exact locations)
 * @param measuredTruth simulate true RTTs apart from the estimate ({@link TruthModel}: the published measured table
 *                      where it reaches, per-path noise everywhere); false = the estimate is the truth
 * @param churnShare    share of participants who leave before the call ends, late joiners included ({@link Churn});
 *                      0 = everyone joins at the start and stays
 * @param capacityAware place under load: run once on an idle fleet to size each region for its busiest 5 minutes,
 *                      then again with every agent's stress at the moment of each join ({@link FleetLoad}), so the
 *                      policies' load-aware rules fire; false = an idle, unlimited fleet
 */
public record SimulationSettings(double hopMs, double streamMbps, int agentCapacity, double accessStretch,
                                 boolean memoize, double geoIpErrorKm, boolean measuredTruth,
                                 double churnShare, boolean capacityAware) {

    /**
     * Default mean GeoIP error, km: an assumption of the order city-level databases reach (Poese et al., "IP
     * Geolocation Databases: Unreliable?", ACM SIGCOMM CCR 41(2), 2011, find errors of hundreds of km common).
     */
    public static final double DEFAULT_GEOIP_ERROR_KM = 100;

    /** Default processing cost per agent: an SFU forwards a packet in well under a few milliseconds. */
    public static final double DEFAULT_HOP_MS = 3.0;
    /** Default stream bitrate: 720p video around 1.4 Mbit/s plus Opus voice. */
    public static final double DEFAULT_STREAM_MBPS = 1.5;
    /** Default agent capacity, forwarded packets/s ({@link DayModel#DEFAULT_AGENT_PACKETS_PER_SECOND}). */
    public static final int DEFAULT_AGENT_CAPACITY = (int) DayModel.DEFAULT_AGENT_PACKETS_PER_SECOND;

    /** @throws IllegalArgumentException when a value is out of range */
    public SimulationSettings {
        if (!(hopMs >= 0 && Double.isFinite(hopMs))) {
            throw new IllegalArgumentException("hop cost must be finite and >= 0 ms, got " + hopMs);
        }
        if (!(streamMbps > 0 && Double.isFinite(streamMbps))) {
            throw new IllegalArgumentException("stream bitrate must be finite and > 0 Mbit/s, got " + streamMbps);
        }
        if (!(accessStretch >= 1 && Double.isFinite(accessStretch))) {
            throw new IllegalArgumentException("access stretch must be finite and >= 1, got " + accessStretch);
        }
        if (!(geoIpErrorKm >= 0 && geoIpErrorKm <= 5000)) {
            throw new IllegalArgumentException("GeoIP error must be within 0..5000 km, got " + geoIpErrorKm);
        }
        if (!(churnShare >= 0 && churnShare <= 1)) {
            throw new IllegalArgumentException("churn share must be within 0..1, got " + churnShare);
        }
        if (agentCapacity < 1) {
            throw new IllegalArgumentException("agent capacity must be >= 1, got " + agentCapacity);
        }
    }

    /** Settings on an idle, unlimited fleet (tests that pin one pass). */
    public SimulationSettings(double hopMs, double streamMbps, int agentCapacity, double accessStretch,
                              boolean memoize, double geoIpErrorKm, boolean measuredTruth, double churnShare) {
        this(hopMs, streamMbps, agentCapacity, accessStretch, memoize, geoIpErrorKm, measuredTruth, churnShare, false);
    }

    /** @return the documented defaults */
    public static SimulationSettings defaults() {
        return new SimulationSettings(DEFAULT_HOP_MS, DEFAULT_STREAM_MBPS, DEFAULT_AGENT_CAPACITY, 1.0, true,
                DEFAULT_GEOIP_ERROR_KM, true, Churn.DEFAULT_SHARE, true);
    }

    /**
     * @return the defaults with exact locations, the estimate as the truth, no churn and an idle fleet (the study
     *         before issue 14)
     */
    public static SimulationSettings estimateIsTruth() {
        return new SimulationSettings(DEFAULT_HOP_MS, DEFAULT_STREAM_MBPS, DEFAULT_AGENT_CAPACITY, 1.0, true, 0, false,
                0);
    }
}
