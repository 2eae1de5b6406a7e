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
 * relay traffic and agent load are measured. Under capacity ({@link SimulationSettings#capacityAware}) the day runs
 * twice: on an idle fleet to size each region for its busiest 5 minutes, then on that fleet with each agent's stress
 * at the moment of each join ({@link FleetLoad}). Within a pass conferences are independent (the load is fixed by the
 * first pass), so they are simulated in parallel in fixed chunks whose tallies are merged in order: the result does
 * not depend on the thread count.
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
        int cap = participantKeyCap(policy);
        if (!settings.capacityAware()) {
            return result(name, pass(policy, cache, cap, conferences, null, false), LoadResult.IDLE);
        }
        Tally idle = pass(policy, cache, cap, conferences, null, true);
        // the fleet each region would run for this policy's busiest 5 minutes, then the same day on that fleet
        FleetLoad load = new FleetLoad(fleet, idle.regionPackets, settings.agentCapacity());
        Tally loaded = pass(policy, cache, cap, conferences, load, false);
        Map<String, Long> rules = new LinkedHashMap<>();
        for (io.meridian.placement.Rule r : io.meridian.placement.Rule.values()) {
            if (loaded.ruleCounts[r.ordinal()] > 0) {
                rules.put(r.caseName(), loaded.ruleCounts[r.ordinal()]);
            }
        }
        return result(name, loaded, new LoadResult(load.provisionedAgents(), load.overloadedBins(),
                loaded.joinsOnOverloaded, rules));
    }

    /**
     * How far the participant count matters to the policy's decisions, for the decision cache's key: Meridian's 1:1
     * rule only asks whether the count reaches its minimum, its cost rule needs the count itself; the baselines
     * ignore it. An unknown policy gets the exact count.
     */
    private static int participantKeyCap(PlacementPolicy policy) {
        if (policy instanceof io.meridian.placement.MeridianPolicy m) {
            return m.settings().cost().blind() ? m.settings().minParticipantsToCascade() : Integer.MAX_VALUE;
        }
        String pkg = policy.getClass().getPackageName();
        return pkg.equals("io.meridian.study.policy") ? 0 : Integer.MAX_VALUE;
    }

    private Tally pass(PlacementPolicy policy, DecisionCache cache, int cap, List<Conference> conferences,
                       FleetLoad load, boolean sizingOnly) {
        int chunks = (conferences.size() + CHUNK - 1) / CHUNK;
        List<Tally> tallies = IntStream.range(0, chunks).parallel().mapToObj(c -> {
            Tally t = new Tally(fleet.size());
            for (int i = c * CHUNK; i < Math.min(conferences.size(), (c + 1) * CHUNK); i++) {
                simulate(policy, cache, cap, conferences.get(i), t, load, sizingOnly);
            }
            return t;
        }).toList();
        Tally total = new Tally(fleet.size());
        tallies.forEach(total::merge);
        return total;
    }

    /**
     * Places one conference's participants in join order (with churn: as they join, after those who left before).
     *
     * @param policy     the policy
     * @param conference the conference
     * @return the region index of each participant's agent (join order), -1 where rejected
     */
    public int[] place(PlacementPolicy policy, Conference conference) {
        return place(policy, null, 0, conference, Churn.of(conference, settings.churnShare()), null, null);
    }

    private int startMinute(Conference conference) {
        return DayModel.startMinuteUtc(conference.index(),
                places.places().get(conference.places()[0]).point().longitude());
    }

    /** A cached decision: region index + 1 (0 = rejected) times the number of rules, plus the rule's ordinal. */
    private static final int RULES = io.meridian.placement.Rule.values().length;

    private int[] place(PlacementPolicy policy, DecisionCache cache, int cap, Conference conference, Churn churn,
                        FleetLoad load, Tally t) {
        int startBin = startMinute(conference) / DayModel.BIN_MINUTES;
        String conferenceId = "c" + conference.index();
        Map<String, Integer> counts = new LinkedHashMap<>();
        int n = conference.size();
        int[] regionOf = new int[n];
        int[] onRegion = new int[fleet.size()];
        long agentsMask = 0;
        boolean[] gone = new boolean[n];
        int present = 0;
        for (int i = 0; i < n; i++) {
            // everyone who left by the time i joins leaves first (join bins are non-decreasing in join order)
            for (int k = 0; k < i; k++) {
                if (!gone[k] && regionOf[k] >= 0 && churn.leaveBin()[k] <= churn.joinBin()[i]) {
                    int r = regionOf[k];
                    String agent = fleet.agentIdOf(r);
                    if (--onRegion[r] == 0) {
                        counts.remove(agent);
                        agentsMask &= ~(1L << r);
                    } else {
                        counts.put(agent, onRegion[r]);
                    }
                    gone[k] = true;
                    present--;
                }
            }
            int place = conference.places()[i];
            int dayBin = (startBin + churn.joinBin()[i]) % DayModel.BINS;
            long overloaded = load == null ? 0 : load.overloaded(dayBin);
            int code = cache == null ? DecisionCache.MISSING : cache.get(place, agentsMask, Math.min(present, cap), overloaded);
            if (code == DecisionCache.MISSING) {
                PlacementRequest request = new PlacementRequest(conferenceId, ParticipantIds.of(i), locations[place],
                        new ConferenceSnapshot(conferenceId, counts),
                        load == null ? fleet.snapshot() : load.snapshot(dayBin));
                Decision decision = policy.place(request);
                int r = decision instanceof Decision.Placed placed ? fleet.regionIndex(placed.agentId()) : -1;
                code = (r + 1) * RULES + decision.explanation().rule().ordinal();
                if (cache != null) {
                    cache.put(place, agentsMask, Math.min(present, cap), overloaded, code);
                }
            }
            int region = code / RULES - 1;
            if (t != null) {
                t.ruleCounts[code % RULES]++;
                if (region >= 0 && load != null && load.overloaded(dayBin, region)) {
                    t.joinsOnOverloaded++;
                }
            }
            regionOf[i] = region;
            if (region >= 0) {
                counts.merge(fleet.agentIdOf(region), 1, Integer::sum);
                onRegion[region]++;
                present++;
                agentsMask |= 1L << region;
            }
        }
        return regionOf;
    }

    private void simulate(PlacementPolicy policy, DecisionCache cache, int cap, Conference conference, Tally t,
                          FleetLoad load, boolean sizingOnly) {
        Churn churn = Churn.of(conference, settings.churnShare());
        int[] regionOf = place(policy, cache, cap, conference, churn, load, t);
        int[] placeOf = conference.places();
        int n = conference.size();
        int bins = churn.bins();
        int[] joinBin = churn.joinBin();
        int[] leaveBin = churn.leaveBin();
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
        // latency: each pair weighted by the share of the call the two spent together
        double[] participantSum = new double[n];
        double[] participantWeight = new double[n];
        double conferenceSum = 0;
        double conferenceWeight = 0;
        // the sizing pass needs only the load: skip the pairs (the O(n²) part)
        for (int i = 0; i < (sizingOnly ? 0 : n); i++) {
            if (regionOf[i] < 0) {
                continue;
            }
            for (int j = i + 1; j < n; j++) {
                if (regionOf[j] < 0) {
                    continue;
                }
                int together = Math.min(leaveBin[i], leaveBin[j]) - Math.max(joinBin[i], joinBin[j]);
                if (together <= 0) {
                    continue;
                }
                double w = (double) together / bins;
                double ms = path.oneWayMs(placeOf[i], regionOf[i], placeOf[j], regionOf[j]);
                t.addPair(ms, w, cls);
                participantSum[i] += ms * w;
                participantSum[j] += ms * w;
                participantWeight[i] += w;
                participantWeight[j] += w;
                conferenceSum += ms * w;
                conferenceWeight += w;
            }
        }
        if (conferenceWeight > 0) {
            t.addConference(conferenceSum / conferenceWeight, cls);
            for (int i = 0; i < n; i++) {
                if (participantWeight[i] > 0) {
                    t.addParticipant(participantSum[i] / participantWeight[i],
                            (double) (leaveBin[i] - joinBin[i]) / bins, cls);
                }
            }
        }
        int start = startMinute(conference);
        double gbPerBin = settings.streamMbps() * DayModel.BIN_MINUTES * 60 * GB_PER_MBIT;
        // traffic and load bin by bin: who is there, on which agents
        int[] present = new int[fleet.size()];
        int maxAgentsNow = 0;
        for (int b = 0; b < bins; b++) {
            java.util.Arrays.fill(present, 0);
            int here = 0;
            int agentsNow = 0;
            for (int i = 0; i < n; i++) {
                if (regionOf[i] >= 0 && joinBin[i] <= b && b < leaveBin[i]) {
                    here++;
                    if (present[regionOf[i]]++ == 0) {
                        agentsNow++;
                    }
                }
            }
            t.participantHours += here * DayModel.BIN_MINUTES / 60.0;
            maxAgentsNow = Math.max(maxAgentsNow, agentsNow);
            int dayBin = (start / DayModel.BIN_MINUTES + b) % DayModel.BINS;
            for (int r = 0; r < present.length; r++) {
                int local = present[r];
                if (local == 0) {
                    continue;
                }
                // full mesh: each agent sends its local publishers' streams once to every other agent
                double relayGb = local * (agentsNow - 1) * gbPerBin;
                // every local participant receives everyone else's stream from this agent
                double clientGb = local * (here - 1) * gbPerBin;
                t.relayGb += relayGb;
                t.clientGb += clientGb;
                if (Double.isNaN(egressUsdPerGb[r])) {
                    t.unpricedRelayGb += relayGb;
                } else {
                    t.relayUsd += relayGb * egressUsdPerGb[r];
                    t.classRelayUsd[cls] += relayGb * egressUsdPerGb[r];
                    t.clientUsd += clientGb * egressUsdPerGb[r];
                }
                // packets this agent forwards: to local subscribers and one copy per other agent
                t.regionPackets[r][dayBin] += DayModel.PACKETS_PER_STREAM * local * ((here - 1) + (agentsNow - 1));
            }
        }
        // cascaded: on two or more agents at the same time (under churn a call can move from one agent to another)
        if (maxAgentsNow > 1) {
            t.cascadedConferences++;
            t.classCascaded[cls]++;
        }
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

    private PolicyResult result(String name, Tally t, LoadResult load) {
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
                t.relayGb * Cost.INTER_REGION_USD_PER_GB, load);
    }

    private long agents(double packetsPerSecond) {
        return (long) Math.ceil(packetsPerSecond / settings.agentCapacity() - 1e-9);
    }

    private static double ratio(double a, double b) {
        return b == 0 ? 0 : a / b;
    }

    /** Participant ids "p0", "p1", … interned once, since every request needs one. */
    private static final class ParticipantIds {
        private static final String[] IDS = IntStream.range(0, 256).mapToObj(i -> "p" + i).toArray(String[]::new);

        static String of(int i) {
            return i < IDS.length ? IDS[i] : "p" + i;
        }
    }
}
