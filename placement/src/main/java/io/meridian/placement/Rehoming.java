package io.meridian.placement;

import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.latency.RttEstimates;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Re-homing, a named rule ({@link #RULE}): a conference whose home agent was chosen for participants who have all
 * left, while everyone still on it would each be closer to another region, moves there (by live moves). Decided
 * over a snapshot, with the clock injected and the rule's memory passed in and handed back ({@link State}), so it is
 * a pure function the controller and the study call alike. The cases, in order:
 * <ol>
 *   <li>{@code nobodyLeft} — nobody is on the home agent: nothing to move;</li>
 *   <li>{@code homeChosenForStillHere} — someone the home agent was chosen for is still on it: stay;</li>
 *   <li>{@code movedRecently} — the conference moved less than {@code minInterval} ago: stay;</li>
 *   <li>{@code noRegionSavesEveryone} — no region with an eligible agent cuts every remaining participant's RTT by
 *       more than the threshold ({@code threshold - hysteresis} while the condition already holds): stay, and
 *       forget the condition;</li>
 *   <li>{@code waitingForDwell} — the condition began, or holds towards that region for less than {@code dwell}
 *       (a new best region restarts the wait): stay;</li>
 *   <li>{@code rehoming} — move everyone on the home agent to the least loaded eligible agent of the region whose
 *       smallest saving is largest.</li>
 * </ol>
 * Hysteresis in the threshold, the dwell time and the minimum interval together keep a conference from flapping:
 * moving back would need every participant to save more than the threshold the other way, for the dwell time, and
 * not before the interval has passed.
 */
public final class Rehoming {
    /** The rule's name in the decision log. */
    public static final String RULE = "rehoming";

    /**
     * One participant on the home agent.
     *
     * @param participantId its id
     * @param location      where it is (as the join located it)
     * @param probesMs      its measured RTT per region name (may be empty)
     */
    public record Member(String participantId, GeoPoint location, Map<String, Double> probesMs) {
        public Member {
            Objects.requireNonNull(participantId, "participantId");
            Objects.requireNonNull(location, "location");
            probesMs = Map.copyOf(probesMs);
        }
    }

    /**
     * A conference as re-homing sees it.
     *
     * @param conferenceId the conference
     * @param homeAgentId  the agent its first participants were placed on
     * @param chosenFor    who the home agent was chosen for (the participants placed there by the policy's first
     *                     decision, or by a previous re-homing: everyone moved)
     * @param members      everyone on the home agent now
     * @param fleet        the fleet
     */
    public record Snapshot(String conferenceId, String homeAgentId, Set<String> chosenFor, List<Member> members,
                           FleetSnapshot fleet) {
        public Snapshot {
            Objects.requireNonNull(conferenceId, "conferenceId");
            Objects.requireNonNull(homeAgentId, "homeAgentId");
            Objects.requireNonNull(fleet, "fleet");
            chosenFor = Set.copyOf(chosenFor);
            members = List.copyOf(members);
        }
    }

    /**
     * What the rule remembers about one conference between two decisions.
     *
     * @param conditionSince when the move condition began to hold (null while it does not)
     * @param conditionRegion the region it holds towards (null while it does not)
     * @param lastMoveAt     when the conference last moved (null if never)
     */
    public record State(Instant conditionSince, String conditionRegion, Instant lastMoveAt) {
        /** A conference never seen. */
        public static final State NEW = new State(null, null, null);

        State forgetCondition() {
            return conditionSince == null ? this : new State(null, null, lastMoveAt);
        }
    }

    /** The rule's answer, with the state to pass next time. */
    public sealed interface Outcome permits Stay, Move {
        /** Which case decided (see the class comment). */
        String caseName();

        /** One line for the log. */
        String summary();

        /** What to remember for this conference. */
        State next();
    }

    /** The conference stays where it is. */
    public record Stay(String caseName, String summary, State next) implements Outcome {
    }

    /**
     * Move everyone on the home agent.
     *
     * @param agentId  the target agent
     * @param region   its region
     * @param savingMs participant id → estimated RTT saved, ms
     */
    public record Move(String agentId, String region, Map<String, Double> savingMs, String summary, State next)
            implements Outcome {
        public Move {
            savingMs = Map.copyOf(savingMs);
        }

        @Override
        public String caseName() {
            return RULE;
        }
    }

    private final RttEstimates estimates;
    private final RehomingSettings settings;
    private final Clock clock;

    /**
     * @param estimates participant → region RTT (probe when valid, else the latency model): the policy's own
     * @param settings  the rule's knobs
     * @param clock     the time the decision is made at
     */
    public Rehoming(RttEstimates estimates, RehomingSettings settings, Clock clock) {
        this.estimates = Objects.requireNonNull(estimates, "estimates");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Decides for one conference; {@code state} is what the previous decision for it returned ({@link State#NEW}). */
    public Outcome decide(Snapshot snapshot, State state) {
        Instant now = clock.instant();
        if (snapshot.members().isEmpty()) {
            return new Stay("nobodyLeft", "nobody is on the home agent", state.forgetCondition());
        }
        AgentSnapshot home = snapshot.fleet().agent(snapshot.homeAgentId());
        if (home == null || !estimates.catalog().contains(home.region())) {
            return new Stay("homeUnknown", "the home agent is not in the fleet", state.forgetCondition());
        }
        for (Member m : snapshot.members()) {
            if (snapshot.chosenFor().contains(m.participantId())) {
                return new Stay("homeChosenForStillHere", m.participantId()
                        + ", whom the home agent was chosen for, is still on it", state.forgetCondition());
            }
        }
        if (state.lastMoveAt() != null && now.isBefore(state.lastMoveAt().plus(settings.minInterval()))) {
            return new Stay("movedRecently", "moved at " + state.lastMoveAt() + ", less than "
                    + settings.minInterval() + " ago", state);
        }
        Best best = bestRegion(snapshot, home, state);
        if (best == null) {
            return new Stay("noRegionSavesEveryone", "no region cuts every remaining participant's RTT by more than "
                    + format(settings.thresholdMs()) + " ms", state.forgetCondition());
        }
        if (state.conditionSince() == null || !best.region().equals(state.conditionRegion())) {
            return new Stay("waitingForDwell", best.describe() + "; waiting " + settings.dwell() + " for it to last",
                    new State(now, best.region(), state.lastMoveAt()));
        }
        if (now.isBefore(state.conditionSince().plus(settings.dwell()))) {
            return new Stay("waitingForDwell", best.describe() + " since " + state.conditionSince(), state);
        }
        return new Move(best.agent().agentId(), best.region(), best.savingMs(),
                best.describe() + " for " + settings.dwell() + ": moving to " + best.agent().agentId(),
                new State(null, null, now));
    }

    /** The region whose smallest saving is largest among those over the (hysteresis-adjusted) threshold, or null. */
    private Best bestRegion(Snapshot snapshot, AgentSnapshot home, State state) {
        Map<String, AgentSnapshot> targetByRegion = new LinkedHashMap<>();
        snapshot.fleet().agents().stream()
                .filter(a -> !a.region().equals(home.region()) && eligible(a))
                .sorted(Comparator.comparingDouble(Rehoming::load).thenComparing(AgentSnapshot::agentId))
                .forEach(a -> targetByRegion.putIfAbsent(a.region(), a));
        Best best = null;
        for (String region : new TreeSet<>(targetByRegion.keySet())) {
            Map<String, Double> saving = new LinkedHashMap<>();
            double smallest = Double.POSITIVE_INFINITY;
            for (Member m : snapshot.members()) {
                double s = estimates.participantToRegion(m.location(), m.probesMs(), home.region()).ms()
                        - estimates.participantToRegion(m.location(), m.probesMs(), region).ms();
                saving.put(m.participantId(), Math.round(s * 10.0) / 10.0);
                smallest = Math.min(smallest, s);
            }
            double required = region.equals(state.conditionRegion())
                    ? settings.thresholdMs() - settings.hysteresisMs() : settings.thresholdMs();
            if (smallest > required && (best == null || smallest > best.smallestMs())) {
                best = new Best(region, targetByRegion.get(region), saving, smallest);
            }
        }
        return best;
    }

    private boolean eligible(AgentSnapshot a) {
        return a.state() == AgentState.UP && estimates.catalog().contains(a.region())
                && a.stress() < settings.overloadStress() && a.expectedParticipants() < a.capacity()
                && !a.reportedAt().isBefore(clock.instant().minus(settings.reportStaleAfter()));
    }

    private static double load(AgentSnapshot a) {
        return a.capacity() == 0 ? 1.0 : (double) a.expectedParticipants() / a.capacity();
    }

    private static String format(double ms) {
        return String.format(Locale.ROOT, "%.0f", ms);
    }

    private record Best(String region, AgentSnapshot agent, Map<String, Double> savingMs, double smallestMs) {
        String describe() {
            return "everyone left would save at least " + format(smallestMs) + " ms in " + region;
        }
    }
}
