package io.meridian.agent.signaling;

import io.meridian.agent.sdp.LocalTransportParameters;
import io.meridian.agent.sdp.OfferBuilder;
import io.meridian.agent.sdp.OfferSlot;
import io.meridian.agent.sdp.SdpParser;
import io.meridian.agent.sdp.SubscribeAnswer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offer/answer state of one subscriber PeerConnection, where the agent is always the offerer. One offer
 * is in flight at a time; changes that arrive meanwhile are folded into the next offer once the answer comes
 * (no glare, since the browser never offers on this connection). Tracks start forwarding when the answer
 * that carries them is in; they stop forwarding as soon as their producer goes away, before the offer that
 * removes them. Sections are never reused: a removed track's section is closed (port 0), except the first,
 * which carries the BUNDLE transport and is set inactive instead. Not thread-safe: the owning peer locks.
 */
final class SubscriberNegotiator {
    /** An offer to send. */
    record Offer(long revision, String sdp, List<TrackSlot> tracks) {
    }

    /** Which track a sending section carries; sent to the browser with the offer. */
    record TrackSlot(String mid, String participantId, String producerId, String kind) {
    }

    /** What a change of the desired tracks means now: tracks to stop forwarding, and maybe an offer to send. */
    record Change(List<RemoteTrack> stopped, Offer offer) {
    }

    /** What an answer settled: the browser's transport, tracks to start forwarding (by mid), and maybe the next offer. */
    record Answered(SubscribeAnswer transport, List<TrackSlot> started, Offer offer) {
    }

    private LocalTransportParameters local;
    private final String sessionId;
    private final List<OfferSlot> slots = new ArrayList<>();
    private final Map<String, RemoteTrack> bySlotMid = new HashMap<>();
    private final Map<String, RemoteTrack> desired = new LinkedHashMap<>();
    private final Set<String> active = new HashSet<>();
    private final Set<String> refused = new HashSet<>();
    private List<OfferSlot> inFlight;
    private long revision;
    private int nextMid;
    private boolean dirty;

    SubscriberNegotiator(LocalTransportParameters local, String sessionId) {
        this.local = local;
        this.sessionId = sessionId;
    }

    /** Sets the tracks this subscriber should receive (everyone else's). */
    Change update(Collection<RemoteTrack> tracks) {
        Map<String, RemoteTrack> next = new LinkedHashMap<>();
        for (RemoteTrack t : tracks) {
            next.put(t.producerId(), t);
        }
        List<RemoteTrack> stopped = new ArrayList<>();
        for (RemoteTrack old : desired.values()) {
            if (!next.containsKey(old.producerId()) && active.remove(old.producerId())) {
                stopped.add(old);
            }
        }
        if (!next.keySet().equals(desired.keySet())) {
            desired.clear();
            desired.putAll(next);
            dirty = true;
        }
        return new Change(stopped, inFlight == null ? nextOffer() : null);
    }

    /**
     * ICE restart: the next offer carries the transport's new credentials, which makes the browser restart ICE on
     * this connection too (a remote ufrag change). Returns that offer now, or null when one is in flight (the restart
     * offer then follows its answer).
     */
    Offer restartIce(LocalTransportParameters restarted) {
        local = restarted;
        dirty = true;
        return inFlight == null ? nextOffer() : null;
    }

    /** True while an offer awaits its answer. */
    boolean awaitingAnswer() {
        return inFlight != null;
    }

    /** Producers currently forwarded to this subscriber. */
    Set<String> activeProducers() {
        return Set.copyOf(active);
    }

    /**
     * Applies the browser's answer to offer {@code answeredRevision}.
     *
     * @throws io.meridian.agent.sdp.SdpException when the answer does not fit the offer
     * @throws IllegalStateException              when no offer with that revision is in flight
     */
    Answered onAnswer(long answeredRevision, String sdp) {
        if (inFlight == null || answeredRevision != revision) {
            throw new IllegalStateException("answer for revision " + answeredRevision + " but "
                    + (inFlight == null ? "no offer is pending" : "revision " + revision + " is pending"));
        }
        SubscribeAnswer answer = SubscribeAnswer.check(SdpParser.parse(sdp), inFlight);
        inFlight = null;
        Set<String> rejected = new HashSet<>(answer.rejectedMids());
        List<TrackSlot> started = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            OfferSlot slot = slots.get(i);
            RemoteTrack track = bySlotMid.get(slot.mid());
            if (slot.state() != OfferSlot.State.SEND || track == null) {
                continue;
            }
            if (rejected.contains(slot.mid())) {
                refused.add(track.producerId());
                dirty = true;
            } else if (desired.containsKey(track.producerId()) && active.add(track.producerId())) {
                started.add(new TrackSlot(slot.mid(), track.participantId(), track.producerId(), track.kind()));
            }
        }
        return new Answered(answer, started, nextOffer());
    }

    /** Builds the next offer when something changed since the last one, else null. */
    private Offer nextOffer() {
        if (!dirty) {
            return null;
        }
        dirty = false;
        Set<String> offered = new HashSet<>();
        for (int i = 0; i < slots.size(); i++) {
            OfferSlot slot = slots.get(i);
            RemoteTrack track = bySlotMid.get(slot.mid());
            if (slot.state() != OfferSlot.State.SEND) {
                continue;
            }
            if (track != null && desired.containsKey(track.producerId()) && !refused.contains(track.producerId())) {
                offered.add(track.producerId());
            } else {
                slots.set(i, slot.withState(i == 0 ? OfferSlot.State.INACTIVE : OfferSlot.State.CLOSED));
                bySlotMid.remove(slot.mid());
            }
        }
        for (RemoteTrack t : desired.values()) {
            if (!offered.contains(t.producerId()) && !refused.contains(t.producerId())) {
                String mid = Integer.toString(nextMid++);
                slots.add(OfferSlot.send(mid, t.kind(), t.codec(), t.ssrc(), t.cname(), t.participantId(), t.producerId()));
                bySlotMid.put(mid, t);
            }
        }
        if (slots.isEmpty()) {
            return null;
        }
        revision++;
        inFlight = List.copyOf(slots);
        List<TrackSlot> tracks = new ArrayList<>();
        for (OfferSlot s : inFlight) {
            RemoteTrack t = bySlotMid.get(s.mid());
            if (s.state() == OfferSlot.State.SEND && t != null) {
                tracks.add(new TrackSlot(s.mid(), t.participantId(), t.producerId(), t.kind()));
            }
        }
        return new Offer(revision, OfferBuilder.offer(local, sessionId, revision, inFlight), tracks);
    }
}
