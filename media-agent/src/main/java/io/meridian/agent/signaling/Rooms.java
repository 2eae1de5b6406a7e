package io.meridian.agent.signaling;

import io.meridian.agent.transport.MediaPlane;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The conferences this agent hosts, as signaling sees them: creates a {@link Peer} per admitted WebSocket
 * session, keeps rooms while they have participants, and reports joins and leaves.
 */
public final class Rooms {
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final MediaPlane plane;
    private final Forwarding forwarding;
    private final ParticipantEvents events;
    private final Executor pool;
    private final AtomicLong sessions = new AtomicLong();

    public Rooms(MediaPlane plane, Forwarding forwarding, ParticipantEvents events, Executor pool) {
        this.plane = plane;
        this.forwarding = forwarding;
        this.events = events;
        this.pool = pool;
    }

    /**
     * Admits {@code participantId} into {@code conferenceId} over {@code channel}; an older session of the
     * same participant is closed as replaced.
     */
    public Peer admit(String conferenceId, String participantId, String agentId, SignalingChannel channel) {
        Peer peer = new Peer(this, conferenceId, participantId, sessions.incrementAndGet(), channel, pool);
        peer.welcome(agentId);
        Peer replaced;
        while (true) {
            Room room = rooms.computeIfAbsent(conferenceId, Room::new);
            synchronized (room) {
                // A room emptied concurrently is gone from the map; retry with a fresh one.
                if (rooms.get(conferenceId) != room) {
                    continue;
                }
                peer.attach(room);
                replaced = room.admit(peer);
                break;
            }
        }
        if (replaced != null) {
            replaced.replaced();
        } else {
            events.joined(conferenceId, participantId);
        }
        return peer;
    }

    /** Why nobody new is admitted right now (draining, full), or null. */
    public String refusal() {
        return events.refusal();
    }

    /** Conferences with at least one participant. */
    public int conferences() {
        return rooms.size();
    }

    /** Participants of a conference on this agent (empty when none). */
    public java.util.List<String> participants(String conferenceId) {
        Room room = rooms.get(conferenceId);
        return room == null ? java.util.List.of() : room.roster();
    }

    /**
     * Closes every session with 1001 (the agent is going away) and waits up to {@code grace} for them to end,
     * so browsers learn it from a close frame rather than a dead socket.
     */
    public void shutdown(java.time.Duration grace) {
        for (Room room : rooms.values()) {
            room.peers().forEach(Peer::shutdown);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!rooms.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    MediaPlane plane() {
        return plane;
    }

    Forwarding forwarding() {
        return forwarding;
    }

    /** A peer's session ended: leaves its room (dropping the room when empty) and reports it. */
    void left(Peer peer, Room room, boolean error) {
        boolean wasMember;
        boolean ended = false;
        synchronized (room) {
            wasMember = room.remove(peer);
            if (room.isEmpty()) {
                ended = rooms.remove(room.conferenceId(), room);
            }
        }
        if (ended) {
            forwarding.conferenceEnded(room.conferenceId());
        }
        if (wasMember) {
            events.left(room.conferenceId(), peer.participantId(), error);
        }
    }
}
