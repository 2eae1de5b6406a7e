package io.meridian.agent.relay;

import io.meridian.agent.sfu.Consumer;
import io.meridian.agent.sfu.ConsumerSpec;
import io.meridian.agent.sfu.Producer;
import io.meridian.agent.sfu.Router;
import io.meridian.agent.sfu.RouterTransport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The router side of links: makes a link consume every local producer of its conference (never a producer that
 * itself came from a link — so each stream crosses each link at most once and the mesh has no loops), and turns
 * the peer's announced tracks into remote producers offered to local subscribers. Relay thread only.
 */
final class LinkMedia {
    private static final Logger LOG = Logger.getLogger(LinkMedia.class);
    /** Separates the peer agent from its producer id in the ids local subscribers see. */
    static final String REMOTE_ID_SEPARATOR = "~";

    private final ConferenceMedia media;
    private final RelayStats stats;

    LinkMedia(ConferenceMedia media, RelayStats stats) {
        this.media = media;
        this.stats = stats;
    }

    /** True when {@code producer} was fed by a relay link (a remote stream): it must never go onto another link. */
    static boolean isRemote(Producer producer) {
        return producer.transport().sender() instanceof RelayLink;
    }

    /**
     * Attaches the link to its conference's router if it is not (first use, or the router was replaced), putting
     * back the remote producers it held.
     */
    void ensureAttached(RelayLink link) {
        Router router = media.router(link.conferenceId);
        if (link.attachedTo(router)) {
            return;
        }
        List<RelayTrack> held = link.sync.applied();
        boolean hadRemote = !link.remote.isEmpty();
        link.detach();
        link.attach(router);
        if (!held.isEmpty() || hadRemote) {
            applyRemote(link, held);
        }
    }

    /**
     * Makes the link consume exactly the conference's local producers, and returns the tracks to announce to the
     * peer (remote streams filtered out and counted).
     */
    List<RelayTrack> reconcileLocal(RelayLink link) {
        ensureAttached(link);
        RouterTransport t = link.transport();
        Router router = t.router();
        List<RelayTrack> announce = new ArrayList<>();
        Set<Producer> wanted = new HashSet<>();
        for (ConferenceMedia.LocalTrack lt : media.localTracks(link.conferenceId)) {
            Producer p = lt.producer();
            if (p == null || p.closed() || p.transport().router() != router) {
                continue;
            }
            if (isRemote(p)) {
                stats.count(RelayStats.Event.LOOPS_PREVENTED);
                continue;
            }
            wanted.add(p);
            announce.add(lt.track());
            if (!link.consumers.containsKey(p)) {
                try {
                    Consumer c = router.addConsumer(p, t, ConsumerSpec.mirroring(p.spec(), p.spec().mid()));
                    if (link.silent) {
                        c.setPaused(true);
                    }
                    link.consumers.put(p, c);
                } catch (IllegalArgumentException e) {
                    // closed meanwhile: the next change notification reconciles again
                    wanted.remove(p);
                    announce.remove(lt.track());
                }
            }
        }
        for (var it = link.consumers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!wanted.contains(e.getKey())) {
                router.removeConsumer(e.getValue());
                it.remove();
            }
        }
        return announce;
    }

    /** Replaces the link's remote producers by {@code tracks} and offers them to local subscribers. */
    void applyRemote(RelayLink link, List<RelayTrack> tracks) {
        RouterTransport t = link.transport();
        if (t == null || t.detached()) {
            ensureAttached(link);
            t = link.transport();
        }
        Router router = t.router();
        Map<String, RelayTrack> desired = new LinkedHashMap<>();
        for (RelayTrack track : tracks) {
            desired.put(track.producerId(), track);
        }
        for (var it = link.remote.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            RelayTrack now = desired.get(e.getKey());
            if (now == null || !now.equals(origin(e.getValue().track(), link))) {
                router.removeProducer(e.getValue().producer());
                it.remove();
            }
        }
        for (RelayTrack track : desired.values()) {
            if (link.remote.containsKey(track.producerId())) {
                continue;
            }
            Producer p = router.addProducer(t, track.spec());
            if (p == null) {
                stats.drop(RelayStats.Drop.SSRC_COLLISION);
                LOG.warnf("%s: stream %s (SSRC %s) from %s collides with a stream of this conference; not relayed",
                        link, track.producerId(), Integer.toUnsignedString(track.spec().ssrc()), link.peerAgentId);
                continue;
            }
            link.remote.put(track.producerId(), new ConferenceMedia.RelayedTrack(local(track, link), p));
        }
        media.offerRelayedTracks(link.conferenceId, link.peerAgentId, List.copyOf(link.remote.values()));
    }

    /** Withdraws the link's remote producers from subscribers and the router (the peer went silent). */
    void withdrawRemote(RelayLink link) {
        if (link.remote.isEmpty()) {
            return;
        }
        media.offerRelayedTracks(link.conferenceId, link.peerAgentId, List.of());
        RouterTransport t = link.transport();
        for (ConferenceMedia.RelayedTrack r : link.remote.values()) {
            if (t != null) {
                t.router().removeProducer(r.producer());
            }
        }
        link.remote.clear();
    }

    /** Pauses (peer silent) or resumes sending local streams on the link. */
    void pause(RelayLink link, boolean paused) {
        for (Consumer c : link.consumers.values()) {
            c.setPaused(paused);
        }
    }

    /** Takes the link out of its router and withdraws what it offered (link closed). */
    void close(RelayLink link) {
        if (!link.remote.isEmpty()) {
            media.offerRelayedTracks(link.conferenceId, link.peerAgentId, List.of());
        }
        link.detach();
    }

    /** The track as local subscribers see it: its id prefixed with the peer agent, so ids never clash. */
    static RelayTrack local(RelayTrack track, RelayLink link) {
        return new RelayTrack(link.peerAgentId + REMOTE_ID_SEPARATOR + track.producerId(), track.participantId(),
                track.cname(), track.codec(), track.spec());
    }

    private static RelayTrack origin(RelayTrack local, RelayLink link) {
        String prefix = link.peerAgentId + REMOTE_ID_SEPARATOR;
        String id = local.producerId().startsWith(prefix) ? local.producerId().substring(prefix.length())
                : local.producerId();
        return new RelayTrack(id, local.participantId(), local.cname(), local.codec(), local.spec());
    }
}
