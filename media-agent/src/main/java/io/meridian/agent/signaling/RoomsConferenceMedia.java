package io.meridian.agent.signaling;

import io.meridian.agent.relay.ConferenceMedia;
import io.meridian.agent.relay.RelayTrack;
import io.meridian.agent.sfu.MediaKind;
import io.meridian.agent.sfu.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The relay's view of this agent's conferences, over signaling's {@link Rooms}: links attach to the conference's
 * router (kept while a link or a participant uses it), carry the tracks local participants publish (never relayed
 * ones, so the mesh has no loops), and hand peer agents' tracks to local subscribers, who see them appear and
 * disappear through renegotiation exactly like local tracks. Any thread; never blocks on a session.
 */
@ApplicationScoped
public class RoomsConferenceMedia implements ConferenceMedia {
    private final Rooms rooms;

    @Inject
    public RoomsConferenceMedia(Rooms rooms) {
        this.rooms = rooms;
    }

    @Override
    public Router router(String conferenceId) {
        return rooms.useRouterForRelay(Objects.requireNonNull(conferenceId, "conferenceId"));
    }

    @Override
    public Router existingRouter(String conferenceId) {
        return rooms.existingRouter(conferenceId);
    }

    @Override
    public void routerUnused(String conferenceId) {
        rooms.releaseRouterFromRelay(conferenceId);
    }

    @Override
    public List<LocalTrack> localTracks(String conferenceId) {
        List<LocalTrack> out = new ArrayList<>();
        for (TrackProducer tp : rooms.localTracks(conferenceId)) {
            RemoteTrack t = tp.track();
            out.add(new LocalTrack(new RelayTrack(t.producerId(), t.participantId(), t.cname(), t.codec(),
                    tp.producer().spec()), tp.producer()));
        }
        return out;
    }

    @Override
    public void setLocalTracksListener(LocalTracksListener listener) {
        rooms.setLocalTracksListener(listener == null ? null : listener::localTracksChanged);
    }

    @Override
    public void offerRelayedTracks(String conferenceId, String peerAgentId, List<RelayedTrack> tracks) {
        List<TrackProducer> offered = new ArrayList<>(tracks.size());
        for (RelayedTrack r : tracks) {
            RelayTrack t = r.track();
            String kind = t.spec().kind() == MediaKind.VIDEO ? "video" : "audio";
            offered.add(new TrackProducer(new RemoteTrack(t.producerId(), t.participantId(), kind, t.codec(),
                    Integer.toUnsignedLong(t.spec().ssrc()), t.cname()), r.producer()));
        }
        rooms.offerRelayed(conferenceId, peerAgentId, offered);
    }
}
