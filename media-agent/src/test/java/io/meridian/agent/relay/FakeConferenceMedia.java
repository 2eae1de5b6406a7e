package io.meridian.agent.relay;

import io.meridian.agent.sdp.Codec;
import io.meridian.agent.sfu.Producer;
import io.meridian.agent.sfu.ProducerSpec;
import io.meridian.agent.sfu.Router;
import io.meridian.agent.sfu.RouterTransport;
import io.meridian.agent.sfu.Routers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link ConferenceMedia} over bare routers: the test publishes local tracks and reads what the relay offered. */
final class FakeConferenceMedia implements ConferenceMedia {
    final Routers routers = new Routers();
    private final Map<String, List<LocalTrack>> local = new ConcurrentHashMap<>();
    private final Map<String, List<RelayedTrack>> offered = new ConcurrentHashMap<>();
    final List<String> offerLog = new CopyOnWriteArrayList<>();
    private volatile LocalTracksListener listener = conferenceId -> { };
    /** Simulates a signaling bug: relayed tracks are reported as local ones too. */
    volatile boolean reportRelayedAsLocal;

    @Override
    public Router router(String conferenceId) {
        return routers.getOrCreate(conferenceId);
    }

    @Override
    public Router existingRouter(String conferenceId) {
        return routers.get(conferenceId);
    }

    @Override
    public void routerUnused(String conferenceId) {
        Router r = routers.get(conferenceId);
        if (r != null && r.transports().length == 0) {
            routers.remove(conferenceId);
        }
    }

    @Override
    public List<LocalTrack> localTracks(String conferenceId) {
        List<LocalTrack> all = new ArrayList<>(local.getOrDefault(conferenceId, List.of()));
        if (reportRelayedAsLocal) {
            offered.forEach((key, tracks) -> {
                if (key.startsWith(conferenceId + "/")) {
                    tracks.forEach(rt -> all.add(new LocalTrack(rt.track(), rt.producer())));
                }
            });
        }
        return all;
    }

    @Override
    public void setLocalTracksListener(LocalTracksListener l) {
        listener = l;
    }

    @Override
    public void offerRelayedTracks(String conferenceId, String peerAgentId, List<RelayedTrack> tracks) {
        offered.put(conferenceId + "/" + peerAgentId, List.copyOf(tracks));
        offerLog.add(conferenceId + "/" + peerAgentId + ":" + tracks.size());
        if (reportRelayedAsLocal) {
            listener.localTracksChanged(conferenceId);
        }
    }

    /** What the relay offers local subscribers from {@code peerAgentId}. */
    List<RelayedTrack> offered(String conferenceId, String peerAgentId) {
        return offered.getOrDefault(conferenceId + "/" + peerAgentId, List.of());
    }

    /** A publisher transport in the conference's router with one producer per spec, announced as local tracks. */
    RouterTransport publish(String conferenceId, String participantId, RecordingSender sender, ProducerSpec... specs) {
        Router router = router(conferenceId);
        RouterTransport t = router.attach(sender);
        List<LocalTrack> tracks = new ArrayList<>(local.getOrDefault(conferenceId, List.of()));
        for (ProducerSpec spec : specs) {
            Producer p = router.addProducer(t, spec);
            tracks.add(new LocalTrack(track(participantId, spec), p));
        }
        local.put(conferenceId, List.copyOf(tracks));
        listener.localTracksChanged(conferenceId);
        return t;
    }

    /** Announces an arbitrary list (e.g. one that wrongly contains a remote producer). */
    void setLocal(String conferenceId, List<LocalTrack> tracks) {
        local.put(conferenceId, List.copyOf(tracks));
        listener.localTracksChanged(conferenceId);
    }

    /** Removes a publisher's transport and its tracks. */
    void unpublish(String conferenceId, RouterTransport t) {
        local.put(conferenceId, local.getOrDefault(conferenceId, List.of()).stream()
                .filter(lt -> lt.producer().transport() != t).toList());
        t.router().detach(t);
        listener.localTracksChanged(conferenceId);
    }

    static RelayTrack track(String participantId, ProducerSpec spec) {
        Codec codec = spec.kind() == io.meridian.agent.sfu.MediaKind.VIDEO
                ? new Codec(spec.payloadType(), "VP8", 90000, 1, "", List.of("nack", "nack pli", "ccm fir"))
                : new Codec(spec.payloadType(), "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of());
        return new RelayTrack(participantId + "-1-" + spec.mid(), participantId, "cname-" + participantId, codec, spec);
    }
}
