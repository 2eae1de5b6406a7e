package io.meridian.agent.signaling;

import io.meridian.agent.abuse.Refusals;
import io.meridian.agent.control.LeaveReason;
import io.meridian.agent.control.MoveTarget;
import io.meridian.agent.sfu.Producer;
import io.meridian.agent.sfu.Router;
import io.meridian.agent.token.JoinClaims;
import io.meridian.agent.transport.MediaPlane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The conferences this agent hosts, as signaling sees them: creates a {@link Peer} per admitted WebSocket
 * session, keeps a room while it has participants or a relay link uses its router, and reports joins and leaves.
 * A room comes and goes, with its router, only inside its map entry's atomic update, so a participant leaving
 * and a relay link opening never race each other into removing a router still in use.
 */
public final class Rooms {
    private static final Logger LOG = Logger.getLogger(Rooms.class);

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final MediaPlane plane;
    private final Forwarding forwarding;
    private final ParticipantEvents events;
    private final Executor pool;
    private final Refusals refusals;
    private final Duration negotiationTimeout;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("meridian-signaling-timers").daemon().factory());
    private final AtomicLong sessions = new AtomicLong();
    private volatile Consumer<String> localTracksListener = conferenceId -> { };

    /**
     * Rooms over {@code plane}, running each peer's tasks on {@code pool}; a session that does not negotiate
     * within {@code negotiationTimeout} is closed, and refusals are counted in {@code refusals}.
     */
    public Rooms(MediaPlane plane, Forwarding forwarding, ParticipantEvents events, Executor pool, Refusals refusals,
            Duration negotiationTimeout) {
        this.plane = plane;
        this.forwarding = forwarding;
        this.events = events;
        this.pool = pool;
        this.refusals = refusals;
        this.negotiationTimeout = negotiationTimeout;
    }

    /**
     * Admits the participant of {@code claims} into its conference over {@code channel}; an older session of the
     * same participant is closed as replaced.
     */
    public Peer admit(JoinClaims claims, String agentId, SignalingChannel channel) {
        String conferenceId = claims.conferenceId();
        Peer peer = new Peer(this, claims, sessions.incrementAndGet(), channel, pool, timers, negotiationTimeout);
        peer.welcome(agentId);
        Peer[] replaced = new Peer[1];
        rooms.compute(conferenceId, (id, room) -> {
            Room r = room != null ? room : new Room(id);
            peer.attach(r);
            replaced[0] = r.admit(peer);
            return r;
        });
        if (replaced[0] != null) {
            replaced[0].replaced();
            localTracksListener.accept(conferenceId); // the old session's tracks are gone
        } else {
            events.joined(conferenceId, claims.participantId(), claims.token());
        }
        return peer;
    }

    /** Ends the participant's session here with 4404, if it has one; its departure is reported as REMOVED. */
    public void remove(String conferenceId, String participantId) {
        Room room = rooms.get(conferenceId);
        Peer peer = room == null ? null : room.peer(participantId);
        if (peer != null) {
            peer.removed();
        }
    }

    /** Sends the participant's browser a "move" to {@code target}; false when it has no session here. */
    public boolean move(String conferenceId, String participantId, MoveTarget target) {
        Room room = rooms.get(conferenceId);
        Peer peer = room == null ? null : room.peer(participantId);
        if (peer == null) {
            return false;
        }
        peer.moveTo(target);
        return true;
    }

    /** Counts a refusal by reason ({@code meridian_agent_refusals_total}). */
    void refused(String reason) {
        refusals.count(reason);
    }

    /** Why nobody new is admitted right now (draining, full), or null. */
    public String refusal() {
        return events.refusal();
    }

    /** Conferences with at least one participant on this agent. */
    public int conferences() {
        return (int) rooms.values().stream().filter(r -> !r.isEmpty()).count();
    }

    /** Participants of a conference on this agent (empty when none). */
    public List<String> participants(String conferenceId) {
        Room room = rooms.get(conferenceId);
        return room == null ? List.of() : room.roster();
    }

    /**
     * Closes every session with 1001 (the agent is going away) and waits up to {@code grace} for them to end,
     * so browsers learn it from a close frame rather than a dead socket.
     */
    public void shutdown(Duration grace) {
        for (Room room : rooms.values()) {
            room.peers().forEach(Peer::shutdown);
        }
        timers.shutdownNow();
        long deadline = System.nanoTime() + grace.toNanos();
        while (conferences() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ------------------------------------------------------------------ relay links (ConferenceMedia)

    /** Hears, with the conference id, that a local participant published or left; must not block. */
    void setLocalTracksListener(Consumer<String> listener) {
        localTracksListener = listener == null ? conferenceId -> { } : listener;
    }

    /** The conference's router for relay links, created (with its room) when absent; it stays until released. */
    Router useRouterForRelay(String conferenceId) {
        Router[] router = new Router[1];
        rooms.compute(conferenceId, (id, room) -> {
            Room r = room != null ? room : new Room(id);
            r.relayUses();
            router[0] = forwarding.router(id);
            return r;
        });
        return router[0];
    }

    /** The conference's router, or null. */
    Router existingRouter(String conferenceId) {
        return forwarding.existingRouter(conferenceId);
    }

    /** Relay links no longer use the conference's router: the room and router go unless participants remain. */
    void releaseRouterFromRelay(String conferenceId) {
        rooms.computeIfPresent(conferenceId, (id, room) -> {
            for (TrackProducer dropped : room.relayReleased()) {
                forwarding.relayedProducer(dropped.track().producerId(), null);
            }
            return endIfUnused(room);
        });
    }

    /** The tracks local participants publish, with their live producers; never a relayed track. */
    List<TrackProducer> localTracks(String conferenceId) {
        Room room = rooms.get(conferenceId);
        if (room == null) {
            return List.of();
        }
        List<TrackProducer> out = new ArrayList<>();
        for (RemoteTrack t : room.localTracks()) {
            Producer p = forwarding.producer(t.producerId());
            if (p != null && !p.closed()) {
                out.add(new TrackProducer(t, p));
            }
        }
        return out;
    }

    /**
     * Offers tracks a relay link feeds from {@code peerAgentId} to every local subscriber, replacing that peer's
     * previous offer (empty withdraws it). A stream whose producer was replaced gets a new id, so subscribers
     * renegotiate it instead of keeping a section whose producer is gone.
     */
    void offerRelayed(String conferenceId, String peerAgentId, List<TrackProducer> offered) {
        boolean[] dropped = {false};
        rooms.computeIfPresent(conferenceId, (id, room) -> {
            if (!room.relayInUse()) {
                dropped[0] = !offered.isEmpty();
                return room;
            }
            List<TrackProducer> before = room.relayedFrom(peerAgentId);
            Map<Producer, String> idOf = new HashMap<>();
            Map<String, Producer> taken = new HashMap<>();
            for (TrackProducer b : before) {
                idOf.put(b.producer(), b.track().producerId());
                taken.put(b.track().producerId(), b.producer());
            }
            List<TrackProducer> next = new ArrayList<>();
            for (TrackProducer o : offered) {
                String trackId = idOf.get(o.producer());
                if (trackId == null) {
                    trackId = o.track().producerId();
                    if (taken.containsKey(trackId)) {
                        trackId = trackId + "." + room.nextGeneration();
                    }
                }
                RemoteTrack t = o.track();
                next.add(new TrackProducer(new RemoteTrack(trackId, t.participantId(), t.kind(), t.codec(), t.ssrc(),
                        t.cname()), o.producer()));
            }
            for (TrackProducer n : next) {
                forwarding.relayedProducer(n.track().producerId(), n.producer());
            }
            room.relay(peerAgentId, next);
            for (TrackProducer b : before) {
                if (next.stream().noneMatch(n -> n.track().producerId().equals(b.track().producerId()))) {
                    forwarding.relayedProducer(b.track().producerId(), null);
                }
            }
            return room;
        });
        if (dropped[0]) {
            LOG.debugf("%s: tracks from %s offered while no relay link uses the conference; ignored", conferenceId,
                    peerAgentId);
        }
    }

    // ------------------------------------------------------------------ peers

    MediaPlane plane() {
        return plane;
    }

    Forwarding forwarding() {
        return forwarding;
    }

    /** A peer published: the room tells the others, and relay links learn of the new local tracks. */
    void published(Peer peer, Room room, List<RemoteTrack> tracks) {
        if (room.publish(peer, tracks)) {
            localTracksListener.accept(room.conferenceId());
        }
    }

    /** A peer's session ended: leaves its room (dropping the room when unused) and reports it. */
    void left(Peer peer, Room room, LeaveReason reason) {
        boolean[] wasMember = {false};
        rooms.computeIfPresent(room.conferenceId(), (id, current) -> {
            if (current != room) {
                return current;
            }
            wasMember[0] = room.remove(peer);
            return endIfUnused(room);
        });
        if (wasMember[0]) {
            localTracksListener.accept(room.conferenceId());
            events.left(room.conferenceId(), peer.participantId(), reason);
        }
    }

    /** Inside the room's map entry update: ends the conference here when nobody uses it (null removes the entry). */
    private Room endIfUnused(Room room) {
        if (!room.unused()) {
            return room;
        }
        forwarding.conferenceEnded(room.conferenceId());
        return null;
    }
}
