package io.meridian.agent.relay;

import io.meridian.agent.sfu.Producer;
import io.meridian.agent.sfu.Router;
import java.util.List;

/**
 * What the relay needs from the agent's conferences (signaling and the forwarding core): the routers to attach
 * links to, the tracks published locally, and a way to offer relayed tracks to local subscribers. Implemented over
 * signaling's rooms by the wiring; tests implement it over bare routers.
 */
public interface ConferenceMedia {

    /** Hears that the local tracks of a conference changed; may be called on any thread, must not block. */
    interface LocalTracksListener {
        /** Re-read {@link #localTracks(String)} for {@code conferenceId}. */
        void localTracksChanged(String conferenceId);
    }

    /** A track published on this agent and the producer that receives it. */
    record LocalTrack(RelayTrack track, Producer producer) {
    }

    /** A track relayed from a peer agent and the producer the relay feeds it into. */
    record RelayedTrack(RelayTrack track, Producer producer) {
    }

    /** The conference's router, created when absent (a link may open before the first local participant). */
    Router router(String conferenceId);

    /** The conference's router, or null when it has none. */
    Router existingRouter(String conferenceId);

    /**
     * The relay no longer uses the conference's router (its last link closed): remove the router if no local
     * participant uses it either.
     */
    void routerUnused(String conferenceId);

    /** Tracks published by this agent's participants in the conference, now. */
    List<LocalTrack> localTracks(String conferenceId);

    /** Installs the one listener of local track changes. */
    void setLocalTracksListener(LocalTracksListener listener);

    /**
     * Offers the tracks relayed from {@code peerAgentId} to the conference's local subscribers, replacing what that
     * peer offered before; an empty list withdraws them. Subscribers see them appear and disappear with
     * renegotiation exactly like local tracks.
     */
    void offerRelayedTracks(String conferenceId, String peerAgentId, List<RelayedTrack> tracks);
}
