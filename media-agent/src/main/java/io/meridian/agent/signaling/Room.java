package io.meridian.agent.signaling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The participants of one conference on this agent and the tracks they publish. Every change is pushed to
 * every peer as a snapshot (roster + everyone else's tracks), each peer working it off on its own executor,
 * so the room's lock is held only to update its maps.
 */
final class Room {
    private final String conferenceId;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private final Map<String, RemoteTrack> tracks = new LinkedHashMap<>();

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

    /** Records the tracks a peer publishes; ignored when the peer is no longer in the room. */
    synchronized void publish(Peer peer, List<RemoteTrack> published) {
        if (peers.get(peer.participantId()) != peer) {
            return;
        }
        for (RemoteTrack t : published) {
            tracks.put(t.producerId(), t);
        }
        broadcast();
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

    /** True when nobody is left. */
    synchronized boolean isEmpty() {
        return peers.isEmpty();
    }

    /** The peers in the room (snapshot). */
    synchronized List<Peer> peers() {
        return List.copyOf(peers.values());
    }

    /** Participants in the room. */
    synchronized List<String> roster() {
        return List.copyOf(peers.keySet());
    }

    private void broadcast() {
        List<String> roster = List.copyOf(peers.keySet());
        for (Peer p : peers.values()) {
            List<RemoteTrack> others = new ArrayList<>();
            for (RemoteTrack t : tracks.values()) {
                if (!t.participantId().equals(p.participantId())) {
                    others.add(t);
                }
            }
            p.onRoomChanged(roster, others);
        }
    }
}
