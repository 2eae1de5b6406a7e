package io.meridian.agent.signaling;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One conference on this agent: its local participants, the tracks they publish, and the tracks relay links bring
 * from peer agents. Every change is pushed to every peer as a snapshot (roster + everyone else's tracks, local and
 * relayed alike), each peer working it off on its own executor, so the room's lock is held only to update its maps.
 * The room lives while it has a participant or a relay link uses its router ({@link #unused}).
 */
final class Room {
    private final String conferenceId;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private final Map<String, RemoteTrack> tracks = new LinkedHashMap<>();
    private final Map<String, List<TrackProducer>> relayed = new LinkedHashMap<>();
    private boolean relayUses;
    private long generation;

    Room(String conferenceId) {
        this.conferenceId = conferenceId;
    }

    String conferenceId() {
        return conferenceId;
    }

    /** Adds a peer; returns the peer it replaces (same participant, older session) or null. */
    synchronized Peer admit(Peer peer) {
        Peer replaced = peers.put(peer.participantId(), peer);
        if (replaced != null) {
            tracks.values().removeIf(t -> t.participantId().equals(peer.participantId()));
        }
        broadcast();
        return replaced;
    }

    /** The participant's session in this room, or null. */
    synchronized Peer peer(String participantId) {
        return peers.get(participantId);
    }

    /** Records the tracks a peer publishes; false (ignored) when the peer is no longer in the room. */
    synchronized boolean publish(Peer peer, List<RemoteTrack> published) {
        if (peers.get(peer.participantId()) != peer) {
            return false;
        }
        for (RemoteTrack t : published) {
            tracks.put(t.producerId(), t);
        }
        broadcast();
        return true;
    }

    /** Removes a peer and its tracks; true when it was in the room. */
    synchronized boolean remove(Peer peer) {
        if (!peers.remove(peer.participantId(), peer)) {
            return false;
        }
        tracks.values().removeIf(t -> t.participantId().equals(peer.participantId()));
        broadcast();
        return true;
    }

    /** True when no participant is left (relayed tracks may remain). */
    synchronized boolean isEmpty() {
        return peers.isEmpty();
    }

    /** True when neither a participant nor a relay link uses the room: it and its router may go. */
    synchronized boolean unused() {
        return peers.isEmpty() && !relayUses;
    }

    /** Marks the conference's router as used by relay links. */
    synchronized void relayUses() {
        relayUses = true;
    }

    /**
     * The relay no longer uses the router: drops what links still offered (they withdraw before closing, so this
     * is normally nothing) and returns it.
     */
    synchronized List<TrackProducer> relayReleased() {
        relayUses = false;
        List<TrackProducer> dropped = new ArrayList<>();
        relayed.values().forEach(dropped::addAll);
        relayed.clear();
        if (!dropped.isEmpty()) {
            broadcast();
        }
        return dropped;
    }

    /** True while relay links use the router. */
    synchronized boolean relayInUse() {
        return relayUses;
    }

    /** The peers in the room (snapshot). */
    synchronized List<Peer> peers() {
        return List.copyOf(peers.values());
    }

    /** Participants in the room. */
    synchronized List<String> roster() {
        return List.copyOf(peers.keySet());
    }

    /** Tracks published by the room's own participants (never relayed ones). */
    synchronized List<RemoteTrack> localTracks() {
        return List.copyOf(tracks.values());
    }

    /** What {@code peerAgentId} currently offers, with the ids subscribers know them by. */
    synchronized List<TrackProducer> relayedFrom(String peerAgentId) {
        return relayed.getOrDefault(peerAgentId, List.of());
    }

    /** Every relayed track, from every peer agent. */
    synchronized List<TrackProducer> relayed() {
        List<TrackProducer> all = new ArrayList<>();
        relayed.values().forEach(all::addAll);
        return all;
    }

    /** A number not used before in this room, to tell a replaced relayed stream from its predecessor. */
    synchronized long nextGeneration() {
        return ++generation;
    }

    /** Replaces the tracks relayed from {@code peerAgentId} (empty: withdraws them) and tells every peer. */
    synchronized void relay(String peerAgentId, List<TrackProducer> offered) {
        List<TrackProducer> before = offered.isEmpty() ? relayed.remove(peerAgentId)
                : relayed.put(peerAgentId, List.copyOf(offered));
        if (before == null && offered.isEmpty()) {
            return;
        }
        broadcast();
    }

    private void broadcast() {
        List<String> roster = List.copyOf(peers.keySet());
        for (Peer p : peers.values()) {
            List<RemoteTrack> others = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (RemoteTrack t : tracks.values()) {
                if (!t.participantId().equals(p.participantId()) && ids.add(t.producerId())) {
                    others.add(t);
                }
            }
            // A participant is never sent its own streams back, even when another agent relays them.
            for (List<TrackProducer> fromPeer : relayed.values()) {
                for (TrackProducer r : fromPeer) {
                    RemoteTrack t = r.track();
                    if (!t.participantId().equals(p.participantId()) && ids.add(t.producerId())) {
                        others.add(t);
                    }
                }
            }
            p.onRoomChanged(roster, others);
        }
    }
}
