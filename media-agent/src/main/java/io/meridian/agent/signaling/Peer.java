package io.meridian.agent.signaling;

import io.meridian.agent.sdp.AnswerBuilder;
import io.meridian.agent.sdp.PublishAnswer;
import io.meridian.agent.sdp.PublishedMedia;
import io.meridian.agent.sdp.SdpException;
import io.meridian.agent.sdp.SdpParser;
import io.meridian.agent.sdp.SessionDescription;
import io.meridian.agent.transport.WebRtcTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * One participant's signaling session: its publisher transport (the browser offers, the agent answers), its
 * subscriber transport (the agent offers everyone else's tracks, the browser answers), and the protocol of
 * docs/signaling.md. All state changes run on the peer's own {@link SerialExecutor}, fed by WebSocket messages,
 * room changes and transport failures, so the session needs no lock and never blocks anyone else.
 */
public final class Peer {
    private static final Logger LOG = Logger.getLogger(Peer.class);

    private final Rooms rooms;
    private final String conferenceId;
    private final String participantId;
    private final long session;
    private final SignalingChannel channel;
    private final SerialExecutor executor;
    private volatile Room room;
    private WebRtcTransport publisher;
    private WebRtcTransport subscriber;
    private SubscriberNegotiator negotiator;
    private List<RemoteTrack> wanted = List.of();
    private List<String> lastRoster = List.of();
    private boolean ended;

    Peer(Rooms rooms, String conferenceId, String participantId, long session, SignalingChannel channel, Executor pool) {
        this.rooms = rooms;
        this.conferenceId = conferenceId;
        this.participantId = participantId;
        this.session = session;
        this.channel = channel;
        this.executor = new SerialExecutor(pool);
    }

    /** The participant this session belongs to. */
    public String participantId() {
        return participantId;
    }

    /** The conference joined. */
    public String conferenceId() {
        return conferenceId;
    }

    void attach(Room joined) {
        this.room = joined;
    }

    void welcome(String agentId) {
        executor.execute(() -> channel.send(AgentMessages.welcome(conferenceId, participantId, agentId)));
    }

    /** A text frame from the browser. */
    public void receive(String text) {
        executor.execute(() -> handle(text));
    }

    /** The WebSocket closed (by the browser, or after the agent closed it). */
    public void socketClosed() {
        executor.execute(() -> end(0, null, false));
    }

    /** The agent is shutting down. */
    public void shutdown() {
        executor.execute(() -> end(CloseCodes.GOING_AWAY, "agent shutting down", false));
    }

    void replaced() {
        executor.execute(() -> end(CloseCodes.REPLACED, "replaced by a newer session of " + participantId, false));
    }

    void onRoomChanged(List<String> roster, List<RemoteTrack> tracks) {
        executor.execute(() -> {
            if (ended) {
                return;
            }
            if (!roster.equals(lastRoster)) {
                lastRoster = roster;
                channel.send(AgentMessages.participants(roster));
            }
            wanted = tracks;
            resubscribe();
        });
    }

    private void handle(String text) {
        if (ended) {
            return;
        }
        try {
            switch (ClientMessage.parse(text)) {
                case ClientMessage.PublishOffer offer -> publish(offer.sdp());
                case ClientMessage.SubscribeAnswer answer -> subscribed(answer.revision(), answer.sdp());
                case ClientMessage.Leave leave -> end(CloseCodes.NORMAL, "left", false);
            }
        } catch (ProtocolException e) {
            end(CloseCodes.PROTOCOL_ERROR, e.getMessage(), true);
        } catch (SdpException e) {
            end(CloseCodes.PROTOCOL_ERROR, "unusable SDP: " + e.getMessage(), true);
        } catch (RuntimeException e) {
            LOG.errorf(e, "signaling of %s/%s failed", conferenceId, participantId);
            end(CloseCodes.INTERNAL_ERROR, "internal error", true);
        }
    }

    private void publish(String sdp) throws ProtocolException {
        if (publisher != null) {
            throw new ProtocolException("'publish-offer' may be sent once per session");
        }
        SessionDescription offer = SdpParser.parse(sdp);
        WebRtcTransport transport = rooms.plane().createTransport(name("pub"), transportListener());
        publisher = transport;
        PublishAnswer answer = AnswerBuilder.answer(offer, transport.localParameters(), Long.toString(session));
        transport.setOwner(this);
        if (answer.media().isEmpty()) {
            // Nothing accepted: the browser will not connect, so no transport may wait for it (and time out).
            transport.close();
            channel.send(AgentMessages.publishAnswer(answer.sdp()));
            return;
        }
        transport.start(answer.remoteIce(), answer.remoteFingerprint());
        List<RemoteTrack> tracks = new ArrayList<>();
        for (PublishedMedia m : answer.media()) {
            if (m.ssrc() < 0) {
                continue; // without a=ssrc the track cannot be announced to subscribers
            }
            String producerId = participantId + "-" + session + "-" + m.mid();
            if (!rooms.forwarding().addProducer(conferenceId, producerId, transport, m)) {
                continue;
            }
            tracks.add(new RemoteTrack(producerId, participantId, m.kind(), m.codec(), m.ssrc(),
                    m.cname() != null ? m.cname() : participantId));
        }
        channel.send(AgentMessages.publishAnswer(answer.sdp()));
        rooms.published(this, room, tracks);
    }

    private void resubscribe() {
        if (negotiator == null) {
            if (wanted.isEmpty()) {
                return;
            }
            subscriber = rooms.plane().createTransport(name("sub"), transportListener());
            subscriber.setOwner(this);
            negotiator = new SubscriberNegotiator(subscriber.localParameters(), Long.toString(session));
        }
        SubscriberNegotiator.Change change = negotiator.update(wanted);
        for (RemoteTrack t : change.stopped()) {
            rooms.forwarding().removeConsumer(conferenceId, t.producerId(), subscriber);
        }
        offer(change.offer());
    }

    private void subscribed(long revision, String sdp) throws ProtocolException {
        if (negotiator == null) {
            throw new ProtocolException("'subscribe-answer' without a 'subscribe-offer'");
        }
        SubscriberNegotiator.Answered answered;
        try {
            answered = negotiator.onAnswer(revision, sdp);
        } catch (IllegalStateException e) {
            throw new ProtocolException(e.getMessage());
        }
        if (subscriber.state() == WebRtcTransport.State.NEW) {
            subscriber.start(answered.transport().remoteIce(), answered.transport().remoteFingerprint());
        }
        for (SubscriberNegotiator.TrackSlot t : answered.started()) {
            rooms.forwarding().addConsumer(conferenceId, t.producerId(), subscriber, t.mid());
        }
        offer(answered.offer());
    }

    private void offer(SubscriberNegotiator.Offer offer) {
        if (offer != null) {
            channel.send(AgentMessages.subscribeOffer(offer.revision(), offer.sdp(), offer.tracks()));
        }
    }

    private WebRtcTransport.Listener transportListener() {
        return new WebRtcTransport.Listener() {
            @Override
            public void onConnected(WebRtcTransport transport) {
                LOG.debugf("%s connected", transport.name());
            }

            @Override
            public void onFailed(WebRtcTransport transport, String reason) {
                executor.execute(() -> end(CloseCodes.MEDIA_FAILED, "media connection failed: " + reason, true));
            }
        };
    }

    /** Ends the session once: frees media, leaves the room, and closes the socket when {@code code > 0}. */
    private void end(int code, String reason, boolean error) {
        if (ended) {
            return;
        }
        ended = true;
        for (WebRtcTransport t : new WebRtcTransport[] {publisher, subscriber}) {
            if (t != null) {
                rooms.forwarding().detach(conferenceId, t);
                t.close();
            }
        }
        Room joined = room;
        if (joined != null) {
            rooms.left(this, joined, error);
        }
        if (code > 0) {
            if (code != CloseCodes.NORMAL) {
                channel.send(AgentMessages.error(code, reason));
            }
            channel.close(code, CloseCodes.reason(reason));
        }
        LOG.debugf("session %s/%s ended%s", conferenceId, participantId, reason == null ? "" : ": " + reason);
    }

    private String name(String role) {
        return conferenceId + "/" + participantId + "/" + session + "/" + role;
    }
}
