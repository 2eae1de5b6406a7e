package io.meridian.controller.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.fleet.AgentView;
import io.meridian.controller.persistence.ConferenceStore;
import io.meridian.controller.persistence.ConferenceView;
import io.meridian.controller.persistence.ParticipantRecord;
import io.meridian.controller.persistence.RelayLink;
import io.meridian.placement.FleetSnapshot;
import io.meridian.placement.geo.Region;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.LatencyModel;
import io.meridian.placement.latency.RttEstimate;
import io.meridian.placement.latency.RttEstimates;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the console's picture of the fleet: regions, agents, live conferences with their participants at rounded
 * locations, and relay links with their RTT. Compact: agents and participants are arrays whose field order the
 * snapshot's {@code schema} names, and conferences refer to agents by index. No addresses, no exact locations.
 *
 * <p>Live conferences are those the agents report hosting plus those changed on this replica since; a conference's
 * view is re-read from the store when it changed here, when the agents' counts disagree with it, or every
 * {@link #REREAD}.
 */
@Singleton
public class FleetSnapshots {
    /** How long a conference changed here is listed without its agents reporting it (they report every second). */
    static final Duration TRACK_FOR = Duration.ofSeconds(60);
    /** Tracked conferences beyond which the old ones are pruned at the next change (nobody may be watching). */
    static final int TRACK_PRUNE_AT = 1024;
    /** Longest a cached conference view is trusted. */
    static final Duration REREAD = Duration.ofSeconds(10);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final AgentRegistry registry;
    private final ConferenceStore store;
    private final RegionCatalog regions;
    private final RttEstimates estimates;
    private final Clock clock;
    private final ParticipantPlaces places;
    private final Map<String, Instant> touched = new ConcurrentHashMap<>();
    private final Map<String, Cached> views = new ConcurrentHashMap<>();

    private record Cached(ConferenceView view, Instant readAt) {
    }

    @Inject
    public FleetSnapshots(AgentRegistry registry, ConferenceStore store, RegionCatalog regions, LatencyModel model,
            Clock clock) {
        this.registry = registry;
        this.store = store;
        this.regions = regions;
        this.estimates = new RttEstimates(regions, model);
        this.clock = clock;
        this.places = new ParticipantPlaces(id -> store.decisions(id).orElse(List.of()));
    }

    void onTouched(@Observes ConferenceTouched event) {
        Instant now = clock.instant();
        touched.put(event.conferenceId(), now);
        views.remove(event.conferenceId());
        if (touched.size() > TRACK_PRUNE_AT) {
            touched.values().removeIf(at -> at.plus(TRACK_FOR).isBefore(now));
        }
    }

    /** The snapshot as JSON (without version and time, which the feed adds). */
    public synchronized ObjectNode build() {
        List<AgentView> agents = new ArrayList<>(registry.agents());
        agents.sort((a, b) -> a.agentId().compareTo(b.agentId()));
        FleetSnapshot fleet = registry.snapshot();
        Map<String, Integer> index = new HashMap<>();
        Map<String, String> regionOf = new HashMap<>();
        Map<String, Map<String, Integer>> reported = new HashMap<>();
        ObjectNode root = JSON.objectNode();
        ObjectNode schema = root.putObject("schema");
        schema.putArray("agents").add("id").add("region").add("state").add("stress").add("participants")
                .add("capacity");
        schema.putArray("participants").add("id").add("agent").add("lat").add("lon").add("locatedBy");
        schema.putArray("links").add("from").add("to").add("state").add("rttMs").add("rttSource");
        ArrayNode regionsNode = root.putArray("regions");
        for (Region region : regions.all()) {
            regionsNode.addObject().put("name", region.name()).put("lat", region.location().latitude())
                    .put("lon", region.location().longitude());
        }
        ArrayNode agentsNode = root.putArray("agents");
        for (AgentView agent : agents) {
            index.put(agent.agentId(), index.size());
            regionOf.put(agent.agentId(), agent.region());
            agentsNode.addArray().add(agent.agentId()).add(agent.region())
                    .add(agent.state().name().toLowerCase(Locale.ROOT)).add(Math.round(agent.stress() * 100) / 100.0)
                    .add(agent.participants()).add(agent.hello().capacity());
            if (agent.lastReport() != null) {
                agent.lastReport().conferences().forEach((conference, count) ->
                        reported.computeIfAbsent(conference, c -> new HashMap<>()).put(agent.agentId(), count));
            }
        }
        Instant now = clock.instant();
        touched.values().removeIf(at -> at.plus(TRACK_FOR).isBefore(now));
        Set<String> ids = new TreeSet<>(reported.keySet());
        ids.addAll(touched.keySet());
        Set<String> live = new TreeSet<>();
        ArrayNode conferencesNode = root.putArray("conferences");
        for (String id : ids) {
            ConferenceView view = view(id, reported.getOrDefault(id, Map.of()));
            if (view == null || view.participants().isEmpty()) {
                touched.remove(id);
                views.remove(id);
                continue;
            }
            live.add(id);
            conferencesNode.add(conference(view, index, regionOf, fleet));
        }
        places.retain(live);
        views.keySet().retainAll(live);
        return root;
    }

    private ConferenceView view(String id, Map<String, Integer> reportedByAgent) {
        Cached cached = views.get(id);
        Instant now = clock.instant();
        if (cached != null && cached.readAt().plus(REREAD).isAfter(now)
                && agrees(cached.view(), reportedByAgent)) {
            return cached.view();
        }
        ConferenceView view = store.conference(id).orElse(null);
        if (view != null) {
            views.put(id, new Cached(view, now));
        }
        return view;
    }

    /** True when the agents report hosting as many of the conference's participants as the view places on them. */
    private static boolean agrees(ConferenceView view, Map<String, Integer> reportedByAgent) {
        Map<String, Integer> stored = view.participantsByAgent();
        for (Map.Entry<String, Integer> entry : reportedByAgent.entrySet()) {
            if (!entry.getValue().equals(stored.getOrDefault(entry.getKey(), 0))) {
                return false;
            }
        }
        return true;
    }

    private ObjectNode conference(ConferenceView view, Map<String, Integer> index, Map<String, String> regionOf,
            FleetSnapshot fleet) {
        ObjectNode node = JSON.objectNode();
        node.put("id", view.conferenceId());
        node.put("mode", view.mode());
        Map<String, ParticipantPlaces.Place> placed = places.of(view);
        ArrayNode participants = node.putArray("participants");
        for (ParticipantRecord p : view.participants()) {
            ArrayNode row = participants.addArray().add(p.participantId());
            Integer agent = index.get(p.agentId());
            if (agent == null) {
                row.addNull();
            } else {
                row.add(agent);
            }
            ParticipantPlaces.Place place = placed.get(p.participantId());
            if (place == null) {
                row.addNull().addNull();
            } else {
                row.add(place.lat()).add(place.lon());
            }
            row.add(p.locationSource());
        }
        ArrayNode links = node.putArray("links");
        for (RelayLink link : view.links()) {
            Integer from = index.get(link.fromAgentId());
            Integer to = index.get(link.toAgentId());
            if (from == null || to == null) {
                continue;
            }
            ArrayNode row = links.addArray().add(from).add(to).add(link.state());
            String fromRegion = regionOf.get(link.fromAgentId());
            String toRegion = regionOf.get(link.toAgentId());
            if (regions.contains(fromRegion) && regions.contains(toRegion)) {
                RttEstimate rtt = estimates.agentToAgent(link.fromAgentId(), fromRegion, link.toAgentId(), toRegion,
                        fleet.measuredRttMs());
                row.add(Math.round(rtt.ms() * 10) / 10.0).add(rtt.source().name());
            } else {
                row.addNull().addNull();
            }
        }
        return node;
    }
}
