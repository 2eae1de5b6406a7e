package io.meridian.study.sim;

import io.meridian.placement.ConferenceSnapshot;
import io.meridian.placement.Decision;
import io.meridian.placement.LocationSource;
import io.meridian.placement.ParticipantLocation;
import io.meridian.placement.PlacementPolicy;
import io.meridian.placement.PlacementRequest;
import io.meridian.placement.geo.Region;
import io.meridian.study.workload.Conference;
import io.meridian.study.workload.Place;
import io.meridian.study.workload.PlaceTable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Runs a placement policy over a workload: every participant of every conference joins in order through the
 * policy's {@link PlacementPolicy#place} (exactly as the controller calls it), then the conference's media paths,
 * relay traffic and agent load are measured. Conferences are independent (an idle fleet), so they are simulated
 * in parallel in fixed chunks whose tallies are merged in order: the result does not depend on the thread count.
 */
public final class Simulator {

    private static final int CHUNK = 1024;
    /** GeoIP errors are fixed per place, the same for every seed and policy. */
    private static final long GEOIP_SEED = 14;
    private static final double GB_PER_MBIT = 1.0 / 8 / 1000;

    private final PlaceTable places;
    private final StudyFleet fleet;
    private final PathModel path;
    private final SimulationSettings settings;
    private final ParticipantLocation[] locations;
    private final double[] egressUsdPerGb;
    private final double[][] distanceKm;
    private final Map<PlacementPolicy, DecisionCache> caches =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    /**
     * @param places   where participants are
     * @param fleet    the agents (one per catalog region)
     * @param path     the media-path latency model
     * @param settings bitrate, hop cost and agent capacity
     */
    public Simulator(PlaceTable places, StudyFleet fleet, PathModel path, SimulationSettings settings) {
        this.places = places;
        this.fleet = fleet;
        this.path = path;
        this.settings = settings;
        List<Place> p = places.places();
        locations = new ParticipantLocation[p.size()];
        for (int i = 0; i < p.size(); i++) {
            // what GeoIP says, not where the participant is: the truth (PathModel) uses the place itself
            locations[i] = new ParticipantLocation(
                    GeoIpError.displace(p.get(i).point(), settings.geoIpErrorKm(), GEOIP_SEED, i),
                    LocationSource.GEOIP, p.get(i).country(), Map.of());
        }
        distanceKm = new double[p.size()][p.size()];
        for (int i = 0; i < p.size(); i++) {
            for (int j = 0; j < p.size(); j++) {
                distanceKm[i][j] = p.get(i).point().distanceKm(p.get(j).point());
            }
        }
        List<Region> regions = fleet.catalog().all();
        egressUsdPerGb = new double[regions.size()];
        for (int i = 0; i < regions.size(); i++) {
            egressUsdPerGb[i] = regions.get(i).egressUsdPerGb();
        }
    }

    /**
     * @param name        the policy's name in reports
     * @param policy      the policy
     * @param conferences the workload
     * @return the policy's metrics
     */
    public PolicyResult run(String name, PlacementPolicy policy, List<Conference> conferences) {
        // a policy's decisions depend on the place and the conference's agents, not on the workload: one cache per
        // policy object serves every seed it runs on
        DecisionCache cache = settings.memoize() && fleet.size() <= DecisionCache.MAX_REGIONS
                ? caches.computeIfAbsent(policy, p -> new DecisionCache()) : null;
        int chunks = (conferences.size() + CHUNK - 1) / CHUNK;
        List<Tally> tallies = IntStream.range(0, chunks).parallel().mapToObj(c -> {
            Tally t = new Tally(fleet.size());
            for (int i = c * CHUNK; i < Math.min(conferences.size(), (c + 1) * CHUNK); i++) {
                simulate(policy, cache, conferences.get(i), t);
            }
            return t;
        }).toList();
        Tally total = new Tally(fleet.size());
        tallies.forEach(total::merge);
        return result(name, total);
    }

    /**
     * Places one conference's participants in join order.
     *
     * @param policy     the policy
     * @param conference the conference
     * @return the region index of each participant's agent (join order), -1 where rejected
     */
    public int[] place(PlacementPolicy policy, Conference conference) {
        return place(policy, null, conference);
    }

    private int[] place(PlacementPolicy policy, DecisionCache cache, Conference conference) {
        String conferenceId = "c" + conference.index();
        Map<String, Integer> counts = new LinkedHashMap<>();
        int[] regionOf = new int[conference.size()];
        long agentsMask = 0;
        for (int i = 0; i < conference.size(); i++) {
            int place = conference.places()[i];
            int region = cache == null ? DecisionCache.MISSING : cache.get(place, agentsMask);
            if (region == DecisionCache.MISSING) {
                PlacementRequest request = new PlacementRequest(conferenceId, ParticipantIds.of(i), locations[place],
                        new ConferenceSnapshot(conferenceId, counts), fleet.snapshot());
                Decision decision = policy.place(request);
                region = decision instanceof Decision.Placed placed ? fleet.regionIndex(placed.agentId()) : -1;
                if (cache != null) {
                    cache.put(place, agentsMask, region);
                }
            }
            regionOf[i] = region;
            if (region >= 0) {
                counts.merge(fleet.agentIdOf(region), 1, Integer::sum);
                agentsMask |= 1L << region;
            }
        }
        return regionOf;
    }

    private void simulate(PlacementPolicy policy, DecisionCache cache, Conference conference, Tally t) {
        int[] regionOf = place(policy, cache, conference);
        int[] placeOf = conference.places();
        int n = conference.size();
        int[] onRegion = new int[fleet.size()];
        int placed = 0;
        int agents = 0;
        for (int r : regionOf) {
            if (r < 0) {
                t.rejected++;
                continue;
            }
            placed++;
            if (onRegion[r]++ == 0) {
                agents++;
            }
        }
        int cls = ConferenceClass.of(n, spreadKm(placeOf)).ordinal();
        t.conferences++;
        t.participants += n;
        t.agentsSum += agents;
        t.classConferences[cls]++;
        if (agents > 1) {
            t.cascadedConferences++;
            t.classCascaded[cls]++;
        }
        double[] participantSum = new double[n];
        double conferenceSum = 0;
        int conferencePairs = 0;
        for (int i = 0; i < n; i++) {
            if (regionOf[i] < 0) {
                continue;
            }
            for (int j = i + 1; j < n; j++) {
                if (regionOf[j] >= 0) {
                    double ms = path.oneWayMs(placeOf[i], regionOf[i], placeOf[j], regionOf[j]);
                    t.addPair(ms, cls);
                    participantSum[i] += ms;
                    participantSum[j] += ms;
                    conferenceSum += ms;
                    conferencePairs++;
                }
            }
        }
        if (conferencePairs > 0) {
            t.addConference(conferenceSum / conferencePairs, cls);
            for (int i = 0; i < n; i++) {
                if (regionOf[i] >= 0) {
                    t.addParticipant(participantSum[i] / (placed - 1), cls);
                }
            }
        }
        int start = DayModel.startMinuteUtc(conference.index(), places.places().get(placeOf[0]).point().longitude());
        double gbPerStream = settings.streamMbps() * conference.durationMinutes() * 60 * GB_PER_MBIT;
        for (int r = 0; r < onRegion.length; r++) {
            int local = onRegion[r];
            if (local == 0) {
                continue;
            }
            // full mesh: each agent sends its local publishers' streams once to every other agent
            double relayGb = local * (agents - 1) * gbPerStream;
            // every local participant receives everyone else's stream from this agent
            double clientGb = local * (placed - 1) * gbPerStream;
            t.relayGb += relayGb;
            t.clientGb += clientGb;
            if (Double.isNaN(egressUsdPerGb[r])) {
                t.unpricedRelayGb += relayGb;
            } else {
                t.relayUsd += relayGb * egressUsdPerGb[r];
                t.classRelayUsd[cls] += relayGb * egressUsdPerGb[r];
                t.clientUsd += clientGb * egressUsdPerGb[r];
            }
            t.regionLoad[r] += local + (agents - 1);
            // each local participant receives everyone else's stream, and each local publisher's stream goes once
            // to every other agent: packets this agent forwards
            double pps = DayModel.PACKETS_PER_STREAM * local * ((placed - 1) + (agents - 1));
            for (int m = 0; m < conference.durationMinutes(); m += DayModel.BIN_MINUTES) {
                t.regionPackets[r][((start + m) / DayModel.BIN_MINUTES) % DayModel.BINS] += pps;
            }
        }
        t.participantHours += placed * conference.durationMinutes() / 60.0;
    }

    private double spreadKm(int[] placeOf) {
        double max = 0;
        for (int i = 0; i < placeOf.length; i++) {
            for (int j = i + 1; j < placeOf.length; j++) {
                max = Math.max(max, distanceKm[placeOf[i]][placeOf[j]]);
            }
        }
        return max;
    }

    private PolicyResult result(String name, Tally t) {
        // a fleet sized per region for that region's busiest 5 minutes, and the busiest moment of the whole fleet
        long agentsNeeded = 0;
        long atPeak = 0;
        for (double[] bins : t.regionPackets) {
            double max = 0;
            for (double pps : bins) {
                max = Math.max(max, pps);
            }
            agentsNeeded += agents(max);
        }
        for (int b = 0; b < DayModel.BINS; b++) {
            long now = 0;
            for (double[] bins : t.regionPackets) {
                now += agents(bins[b]);
            }
            atPeak = Math.max(atPeak, now);
        }
        List<ClassResult> classes = new ArrayList<>();
        for (ConferenceClass c : ConferenceClass.values()) {
            int i = c.ordinal();
            classes.add(new ClassResult(c, t.classConferences[i], ratio(t.classCascaded[i], t.classConferences[i]),
                    t.classPairs[i] == 0 ? Double.NaN : t.classLatencySumMs[i] / t.classPairs[i],
                    ratio(t.classPairsOver150[i], t.classPairs[i]), t.classRelayUsd[i],
                    t.classMeasuredConferences[i] == 0 ? Double.NaN
                            : t.classConferenceMeanSumMs[i] / t.classMeasuredConferences[i],
                    ratio(t.classConferencesMouthToEarOver150[i], t.classMeasuredConferences[i]),
                    t.classParticipants[i] == 0 ? Double.NaN
                            : t.classParticipantMeanSumMs[i] / t.classParticipants[i]));
        }
        LatencyView pairs = t.pairs.view();
        return new PolicyResult(name, t.conferences, t.participants, t.rejected, pairs.count(),
                pairs.meanMs(), pairs.p95Ms(), pairs.over150Share(),
                t.conferences == 0 ? 0 : (double) t.agentsSum / t.conferences, ratio(t.cascadedConferences, t.conferences),
                t.relayGb, t.relayUsd, t.unpricedRelayGb, t.clientUsd, agentsNeeded, classes,
                t.conferenceMeans.view(), t.participantMeans.view(), pairs, atPeak, t.participantHours,
                t.relayGb * Cost.INTER_REGION_USD_PER_GB);
    }

    private long agents(double packetsPerSecond) {
        return (long) Math.ceil(packetsPerSecond / settings.agentCapacity() - 1e-9);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    /** Participant ids "p0", "p1", … interned once, since every request needs one. */
    private static final class ParticipantIds {
        private static final String[] IDS = IntStream.range(0, 256).mapToObj(i -> "p" + i).toArray(String[]::new);

        static String of(int i) {
            return i < IDS.length ? IDS[i] : "p" + i;
        }
    }
}
