package io.meridian.placement;

import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.LatencyModel;
import io.meridian.placement.latency.RttEstimates;

import java.time.Clock;
import java.util.Locale;
import java.util.Objects;

/**
 * Meridian's placement policy: geolocated, load-aware, explained.
 *
 * <p>Terms. An agent is <em>eligible</em> when its region is in the catalog, it is {@code UP}, its last report is
 * no older than {@code reportStaleAfter} (by the injected clock), it is below capacity counting
 * {@code placementsSinceReport}, and its reported stress is below {@code overloadStress}. Its <em>effective
 * stress</em> is {@code stress + placementsSinceReport × stressPerPlacement}; the caller increments
 * {@code placementsSinceReport} for every participant it places on an agent and resets it when the agent's next
 * report arrives. The participant's RTT to a region is its probe for that region when sent, else the latency
 * model's estimate. The participant's <em>own region</em> is the region with an eligible agent that has the
 * least RTT from the participant. "Within a region" always means: the least effective stress wins.
 *
 * <p>The cases, tried in this order (the first that applies decides):
 * <ol>
 *   <li>{@code firstParticipantNearestRegion} — a new conference goes to its first participant's own region.</li>
 *   <li>{@code stayOnConferenceAgent} — the eligible conference agent nearest the participant, when the own
 *       region is at most {@code cascadeThresholdMs} nearer than it.</li>
 *   <li>{@code noCascadeInSmallCall} — cascading is wanted (the next case would apply) but the conference has fewer
 *       than {@code minParticipantsToCascade} participants (default 2: a 1:1 call): the nearest eligible conference
 *       agent. Relaying between two people cannot beat their direct path (docs/study.md).</li>
 *   <li>{@code cascadeNotWorthItsCost} — cascading is wanted, but its estimated extra USD per hour
 *       ({@link CascadeCost}) exceeds the RTT saved × {@code usdPerMsSaved}: the nearest eligible conference
 *       agent.</li>
 *   <li>{@code cascadeToOwnRegion} — an agent in the own region, when it is nearer by strictly more than
 *       {@code cascadeThresholdMs} than every region where the conference can still take the participant (an
 *       eligible conference agent's region, or an overloaded conference agent's region with a spare agent) and
 *       the conference spans fewer than {@code maxAgentsPerConference} agents. The explanation shows the
 *       cascade's estimated cost per hour.</li>
 *   <li>{@code secondAgentInOverloadedRegion} — a conference agent is overloaded or full, is the nearest such
 *       to the participant, and its region has another eligible agent: add that one (budget permitting).</li>
 *   <li>{@code anyAgentInConference} — cascading was wanted but the budget is spent: the nearest eligible
 *       conference agent.</li>
 *   <li>{@code leastLoadedAnywhere} — no conference agent can take anyone (budget permitting): the eligible agent
 *       minimising participant RTT + relay RTT to the conference's nearest live agent (measured inter-agent RTT
 *       beats the model), least effective stress within that region.</li>
 *   <li>{@code rejectNoCapacity} — nothing fits: {@link Decision.Rejected}.</li>
 * </ol>
 * The two cases that keep a participant off its own region apply only while a conference agent can take it: when
 * none can, the load-aware cases spill as before. The mode is {@code CASCADED} when the conference spans more than one agent after the decision. Every decision
 * carries an {@link Explanation} listing all agents as candidates. Pure: no I/O, no global state, no
 * {@code Instant.now()}; thread-safe.
 */
public final class MeridianPolicy implements PlacementPolicy {
    /** Agents listed in a decision's explanation besides the pick and the conference's own. */
    static final int EXPLAINED_CANDIDATES = 16;

    private final RttEstimates estimates;
    private final PlacementSettings settings;
    private final Clock clock;

    /**
     * @param catalog  regions and their locations
     * @param model    the latency model for pairs without a probe
     * @param settings the policy's knobs
     * @param clock    decides which reports are stale
     */
    public MeridianPolicy(RegionCatalog catalog, LatencyModel model, PlacementSettings settings, Clock clock) {
        this.estimates = new RttEstimates(Objects.requireNonNull(catalog, "catalog"),
                Objects.requireNonNull(model, "model"));
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return the settings this policy was built with */
    public PlacementSettings settings() {
        return settings;
    }

    @Override
    public Decision place(PlacementRequest request) {
        Objects.requireNonNull(request, "request");
        Context c = new Context(new FleetAssessment(request, estimates, settings, clock.instant()));
        Decision d;
        if ((d = firstParticipantNearestRegion(c)) != null) {
            return d;
        }
        if ((d = stayOnConferenceAgent(c)) != null) {
            return d;
        }
        if ((d = noCascadeInSmallCall(c)) != null) {
            return d;
        }
        if ((d = cascadeNotWorthItsCost(c)) != null) {
            return d;
        }
        if ((d = cascadeToOwnRegion(c)) != null) {
            return d;
        }
        if ((d = secondAgentInOverloadedRegion(c)) != null) {
            return d;
        }
        if ((d = anyAgentInConference(c)) != null) {
            return d;
        }
        if ((d = leastLoadedAnywhere(c)) != null) {
            return d;
        }
        return rejectNoCapacity(c);
    }

    private Decision firstParticipantNearestRegion(Context c) {
        if (!c.isNew || c.own == null) {
            return null;
        }
        AssessedAgent pick = c.fleet.leastLoadedIn(c.own.region(), a -> true);
        return c.placed(Rule.FIRST_PARTICIPANT_NEAREST_REGION, pick, String.format(Locale.ROOT,
                "first participant -> %s in %s, the nearest region with capacity (%s)",
                pick.id(), pick.region(), ms(pick)));
    }

    private Decision stayOnConferenceAgent(Context c) {
        if (c.isNew || c.stay == null || c.stay.rttMs() - c.own.rttMs() > settings.cascadeThresholdMs()) {
            return null;
        }
        String why = c.stay.region().equals(c.own.region()) ? "in the participant's own region"
                : String.format(Locale.ROOT, "own region %s would save %.1f ms <= threshold %.1f ms",
                c.own.region(), c.stay.rttMs() - c.own.rttMs(), settings.cascadeThresholdMs());
        return c.placed(Rule.STAY_ON_CONFERENCE_AGENT, c.stay, String.format(Locale.ROOT,
                "stay on conference agent %s in %s (%s): %s", c.stay.id(), c.stay.region(), ms(c.stay), why));
    }

    private Decision noCascadeInSmallCall(Context c) {
        if (c.cascadePick == null || c.stay == null || c.participants >= settings.minParticipantsToCascade()) {
            return null;
        }
        return c.placed(Rule.NO_CASCADE_IN_SMALL_CALL, c.stay, String.format(Locale.ROOT,
                "stay on conference agent %s in %s (%s): a call of %d is not cascaded (minimum %d participants),"
                        + " although own region %s would save %.1f ms",
                c.stay.id(), c.stay.region(), ms(c.stay), c.participants, settings.minParticipantsToCascade(),
                c.own.region(), c.conferenceRttMs - c.cascadePick.rttMs()));
    }

    private Decision cascadeNotWorthItsCost(Context c) {
        if (c.cascadePick == null || c.stay == null) {
            return null;
        }
        double saved = c.conferenceRttMs - c.cascadePick.rttMs();
        if (settings.cost().pays(saved, c.cascadeUsdPerHour)) {
            return null;
        }
        return c.placed(Rule.CASCADE_NOT_WORTH_ITS_COST, c.stay, String.format(Locale.ROOT,
                "stay on conference agent %s in %s (%s): cascading to %s would save %.1f ms for an estimated"
                        + " %.4f USD/h, more than the %.4f USD/h those ms are worth at %s USD per ms saved",
                c.stay.id(), c.stay.region(), ms(c.stay), c.own.region(), saved, c.cascadeUsdPerHour,
                saved * settings.cost().usdPerMsSaved(),
                java.math.BigDecimal.valueOf(settings.cost().usdPerMsSaved()).stripTrailingZeros().toPlainString()));
    }

    private Decision cascadeToOwnRegion(Context c) {
        if (c.cascadePick == null) {
            return null;
        }
        AssessedAgent pick = c.cascadePick;
        return c.placed(Rule.CASCADE_TO_OWN_REGION, pick, String.format(Locale.ROOT,
                "cascaded to %s in own region %s: %s instead of %.1f ms via the conference (saves %.1f ms > %.1f ms),"
                        + " estimated %.4f USD/h more",
                pick.id(), pick.region(), ms(pick), c.conferenceRttMs, c.conferenceRttMs - pick.rttMs(),
                settings.cascadeThresholdMs(), c.cascadeUsdPerHour));
    }

    private Decision secondAgentInOverloadedRegion(Context c) {
        if (c.isNew || !c.budgetLeft || c.overloadedWithSpare == null) {
            return null;
        }
        AssessedAgent busy = c.overloadedWithSpare;
        AssessedAgent pick = c.fleet.leastLoadedIn(busy.region(), a -> !a.inConference());
        return c.placed(Rule.SECOND_AGENT_IN_OVERLOADED_REGION, pick, String.format(Locale.ROOT,
                "conference agent %s in %s cannot take more (%s) -> second agent %s in %s (%s)",
                busy.id(), busy.region(), busy.reason(), pick.id(), pick.region(), ms(pick)));
    }

    private Decision anyAgentInConference(Context c) {
        if (c.isNew || c.stay == null) {
            return null;
        }
        String why = c.budgetLeft ? "no better agent can be added"
                : "the conference already spans " + c.conferenceAgents + " agents (budget "
                + settings.maxAgentsPerConference() + ")";
        return c.placed(Rule.ANY_AGENT_IN_CONFERENCE, c.stay, String.format(Locale.ROOT,
                "join conference agent %s in %s (%s) although own region %s is %s: %s",
                c.stay.id(), c.stay.region(), ms(c.stay), c.own.region(), ms(c.own), why));
    }

    private Decision leastLoadedAnywhere(Context c) {
        if (c.isNew || !c.budgetLeft) {
            return null;
        }
        AssessedAgent bestPath = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (AssessedAgent a : c.fleet.eligible) {
            double cost = a.rttMs() + (Double.isNaN(a.relayRttMs()) ? 0 : a.relayRttMs());
            if (cost < bestCost || (cost == bestCost && AssessedAgent.byLoad(a, bestPath) < 0)) {
                bestCost = cost;
                bestPath = a;
            }
        }
        if (bestPath == null) {
            return null;
        }
        AssessedAgent pick = c.fleet.leastLoadedIn(bestPath.region(), a -> !a.inConference());
        return c.placed(Rule.LEAST_LOADED_ANYWHERE, pick, String.format(Locale.ROOT,
                "no conference agent can take more -> %s in %s (%s + relay %.1f ms to the conference)",
                pick.id(), pick.region(), ms(pick), pick.relayRttMs()));
    }

    private Decision rejectNoCapacity(Context c) {
        String reason;
        if (c.fleet.agents.isEmpty()) {
            reason = "no agents are registered";
        } else if (c.fleet.eligible.isEmpty()) {
            reason = "no agent can take a participant (" + c.fleet.ineligibleCounts() + ")";
        } else {
            reason = "the conference spans " + c.conferenceAgents + " agents (budget "
                    + settings.maxAgentsPerConference() + ") and none of them can take a participant";
        }
        return new Decision.Rejected(reason, c.explain(Rule.REJECT_NO_CAPACITY, "rejected: " + reason));
    }

    private static String ms(AssessedAgent a) {
        return String.format(Locale.ROOT, "%.1f ms %s", a.rttMs(), a.rtt().source().name().toLowerCase(Locale.ROOT));
    }

    /** Values several cases share, computed once per decision. */
    private final class Context {
        final FleetAssessment fleet;
        final boolean isNew;
        final int conferenceAgents;
        /** Participants already in the conference. */
        final int participants;
        final boolean budgetLeft;
        /** Nearest eligible agent anywhere: its region is the participant's own region. */
        final AssessedAgent own;
        /** Nearest eligible conference agent. */
        final AssessedAgent stay;
        /** Nearest load-blocked conference agent whose region has an eligible agent outside the conference. */
        final AssessedAgent overloadedWithSpare;
        /** RTT to the nearest region where the conference can still take the participant; ∞ when none. */
        final double conferenceRttMs;
        /** The agent cascading would add (the own region saves more than the threshold, budget left), or null. */
        final AssessedAgent cascadePick;
        /** {@link #cascadePick}'s estimated extra cost, USD per hour (NaN without one). */
        final double cascadeUsdPerHour;

        Context(FleetAssessment fleet) {
            this.fleet = fleet;
            ConferenceSnapshot conference = fleet.request.conference();
            this.isNew = conference.isNew();
            this.conferenceAgents = conference.agentCount();
            int n = 0;
            for (int k : conference.participantsByAgent().values()) {
                n += k;
            }
            this.participants = n;
            this.budgetLeft = conferenceAgents < settings.maxAgentsPerConference();
            this.own = fleet.nearestEligible(a -> true);
            this.stay = fleet.nearestEligible(AssessedAgent::inConference);
            AssessedAgent blocked = null;
            for (AssessedAgent a : fleet.agents) {
                if (a.inConference() && a.loadBlocked()
                        && (blocked == null || AssessedAgent.byRttThenLoad(a, blocked) < 0)
                        && fleet.leastLoadedIn(a.region(), x -> !x.inConference()) != null) {
                    blocked = a;
                }
            }
            this.overloadedWithSpare = blocked;
            double rtt = stay == null ? Double.POSITIVE_INFINITY : stay.rttMs();
            if (blocked != null) {
                rtt = Math.min(rtt, blocked.rttMs());
            }
            this.conferenceRttMs = rtt;
            AssessedAgent cascade = null;
            if (!isNew && own != null && budgetLeft && !Double.isInfinite(rtt)
                    && rtt - own.rttMs() > settings.cascadeThresholdMs()) {
                cascade = fleet.leastLoadedIn(own.region(), a -> !a.inConference());
            }
            this.cascadePick = cascade;
            AssessedAgent from = stay != null ? stay : blocked;
            this.cascadeUsdPerHour = cascade == null ? Double.NaN : settings.cost().usdPerHour(participants,
                    conferenceAgents, estimates.catalog().byName(cascade.region()).orElseThrow(),
                    from == null ? null : estimates.catalog().byName(from.region()).orElse(null));
        }

        Decision placed(Rule rule, AssessedAgent pick, String summary) {
            boolean adds = !pick.inConference();
            int after = conferenceAgents + (adds ? 1 : 0);
            return new Decision.Placed(pick.id(), pick.region(), after > 1 ? Mode.CASCADED : Mode.SINGLE, adds,
                    explain(rule, summary, pick));
        }

        Explanation explain(Rule rule, String summary) {
            return explain(rule, summary, null);
        }

        /** The explanation lists the best {@link #EXPLAINED_CANDIDATES} agents, the pick and the conference's agents. */
        Explanation explain(Rule rule, String summary, AssessedAgent pick) {
            return new Explanation(rule, summary, fleet.request.location().source(),
                    fleet.candidates(EXPLAINED_CANDIDATES, pick), fleet.size());
        }
    }
}
