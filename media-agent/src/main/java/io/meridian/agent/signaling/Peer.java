package io.meridian.agent.signaling;

import io.meridian.agent.control.LeaveReason;
import io.meridian.agent.control.MoveTarget;
import io.meridian.agent.sdp.AnswerBuilder;
import io.meridian.agent.sdp.LocalTransportParameters;
import io.meridian.agent.sdp.PublishAnswer;
import io.meridian.agent.sdp.PublishedMedia;
import io.meridian.agent.sdp.SdpException;
import io.meridian.agent.sdp.SdpParser;
import io.meridian.agent.sdp.SessionDescription;
import io.meridian.agent.token.JoinClaims;
import io.meridian.agent.transport.WebRtcTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One participant's signaling session: its publisher transport (the browser offers, the agent answers), its
 * subscriber transport (the agent offers everyone else's tracks, the browser answers), and the protocol of
 * docs/signaling.md. All state changes run on the peer's own {@link SerialExecutor}, fed by WebSocket messages,
 * room changes and transport failures, so the session needs no lock and never blocks anyone else.
 *
 * <p>The join token's permissions are enforced here: a participant without "publish" has its publish offer refused
 * (4403), one without "subscribe" is offered nobody's tracks. Each negotiation step the agent waits for — the publish
 * offer of a participant that may publish, the answer to a subscribe offer, the transport connecting — must happen
 * within the negotiation timeout ({@code MERIDIAN_AGENT_SIGNALING_NEGOTIATION_TIMEOUT}) or the session closes with 4408, so an idle socket cannot hold a seat.
 */
public final class Peer {
    private static final Logger LOG = Logger.getLogger(Peer.class);

    private final Rooms rooms;
    private final IceRestartBudget iceRestarts = new IceRestartBudget(System.nanoTime());
    private final String conferenceId;
    private final String participantId;
    private final boolean mayPublish;
    private final boolean maySubscribe;
    private final String joinToken;
    private final long session;
    private final SignalingChannel channel;
    private final SerialExecutor executor;
    private final ScheduledExecutorService timers;
    private final Duration negotiationTimeout;
    private volatile Room room;
    private WebRtcTransport publisher;
    private WebRtcTransport subscriber;
    private SubscriberNegotiator negotiator;
    private List<RemoteTrack> wanted = List.of();
    private List<String> lastRoster = List.of();
    private long answeredRevision;
    private boolean ended;

    Peer(Rooms rooms, JoinClaims claims, long session, SignalingChannel channel, Executor pool,
            ScheduledExecutorService timers, Duration negotiationTimeout) {
        this.rooms = rooms;
        this.conferenceId = claims.conferenceId();
        this.participantId = claims.participantId();
        this.mayPublish = claims.mayPublish();
        this.maySubscribe = claims.maySubscribe();
        this.joinToken = claims.token();
        this.session = session;
        this.channel = channel;
        this.executor = new SerialExecutor(pool);
        this.timers = timers;
        this.negotiationTimeout = negotiationTimeout;
    }

    /** The participant this session belongs to. */
    public String participantId() {
        return participantId;
    }

    /** The conference joined. */
    public String conferenceId() {
        return conferenceId;
    }

    /** The join token that admitted this session. */
    String joinToken() {
        return joinToken;
    }

    void attach(Room joined) {
        this.room = joined;
    }

    void welcome(String agentId) {
        executor.execute(() -> {
            channel.send(AgentMessages.welcome(conferenceId, participantId, agentId, mayPublish, maySubscribe));
            if (mayPublish) {
                expectWithin(() -> publisher == null, "no publish offer");
            }
        });
    }

    /** A text frame from the browser. */
    public void receive(String text) {
        executor.execute(() -> handle(text));
    }

    /** The WebSocket closed (by the browser, or after the agent closed it). */
    public void socketClosed() {
        executor.execute(() -> end(0, null, LeaveReason.CLOSED));
    }

    /** The agent is shutting down. */
    public void shutdown() {
        executor.execute(() -> end(CloseCodes.GOING_AWAY, "agent shutting down", LeaveReason.CLOSED));
    }

    void replaced() {
        executor.execute(() -> end(CloseCodes.REPLACED, "replaced by a newer session of " + participantId,
                LeaveReason.CLOSED));
    }

    /** The controller removed the participant (an administrator's kick). */
    void removed() {
        executor.execute(() -> end(CloseCodes.REMOVED, "removed from the conference", LeaveReason.REMOVED));
    }

    /** The controller moves this participant: its browser opens a session at {@code target}, then leaves this one. */
    void moveTo(MoveTarget target) {
        executor.execute(() -> {
            if (!ended) {
                channel.send(AgentMessages.move(target));
                LOG.infof("moving participant %s of conference %s to %s (%s)", participantId, conferenceId,
                        target.agentId(), target.reason());
            }
        });
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
                case ClientMessage.IceRestart restart -> restartIce(restart.sdp());
                case ClientMessage.Leave leave -> end(CloseCodes.NORMAL, "left", LeaveReason.CLOSED);
            }
        } catch (ProtocolException e) {
            rooms.refused(e.refusal());
            end(e.closeCode(), e.getMessage(), LeaveReason.ERROR);
        } catch (SdpException e) {
            rooms.refused("sdp-refused");
            end(CloseCodes.PROTOCOL_ERROR, "unusable SDP: " + e.getMessage(), LeaveReason.ERROR);
        } catch (RuntimeException e) {
            LOG.errorf(e, "signaling of %s/%s failed", conferenceId, participantId);
            end(CloseCodes.INTERNAL_ERROR, "internal error", LeaveReason.ERROR);
        }
    }

    private void publish(String sdp) throws ProtocolException {
        if (!mayPublish) {
            throw new ProtocolException(CloseCodes.FORBIDDEN, "publish-forbidden",
                    "this participant's grant does not permit publishing");
        }
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
        expectConnected(transport);
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

    /**
     * ICE restart over this session: new ICE credentials on both transports, nothing else changes (DTLS, SRTP,
     * producers and consumers stay). The publisher's new offer is answered with the new credentials; the subscriber
     * connection gets a new offer carrying them, which restarts ICE in the browser too.
     */
    private void restartIce(String publishOffer) throws ProtocolException {
        if (!iceRestarts.take(System.nanoTime())) {
            throw new ProtocolException(CloseCodes.TOO_MANY_SESSIONS, "ice-restart-rate",
                    "more than " + IceRestartBudget.BURST + " ICE restarts at once, or more than one per "
                            + IceRestartBudget.REFILL_SECONDS + " s after that");
        }
        if (publishOffer != null) {
            if (publisher == null) {
                throw new ProtocolException("'ice-restart' with an 'sdp' before 'publish-offer'");
            }
            SessionDescription offer = SdpParser.parse(publishOffer);
            LocalTransportParameters restarted = publisher.restartIce();
            if (restarted == null) {
                throw new ProtocolException(CloseCodes.MEDIA_FAILED, "ice-restart-failed",
                        "the publisher connection has already failed");
            }
            PublishAnswer answer = AnswerBuilder.answer(offer, restarted, Long.toString(session));
            publisher.setRemoteIce(answer.remoteIce());
            channel.send(AgentMessages.publishAnswer(answer.sdp()));
        }
        if (negotiator != null) {
            LocalTransportParameters restarted = subscriber.restartIce();
            if (restarted != null) {
                offer(negotiator.restartIce(restarted));
            }
        }
        LOG.infof("ICE restarted: participant %s, conference %s", participantId, conferenceId);
    }

    private void resubscribe() {
        if (!maySubscribe) {
            return;
        }
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
        answeredRevision = revision;
        if (subscriber.state() == WebRtcTransport.State.NEW) {
            subscriber.start(answered.transport().remoteIce(), answered.transport().remoteFingerprint());
            expectConnected(subscriber);
        } else {
            subscriber.setRemoteIce(answered.transport().remoteIce()); // changes only after an ICE restart
        }
        for (SubscriberNegotiator.TrackSlot t : answered.started()) {
            rooms.forwarding().addConsumer(conferenceId, t.producerId(), subscriber, t.mid());
        }
        offer(answered.offer());
    }

    private void offer(SubscriberNegotiator.Offer offer) {
        if (offer != null) {
            channel.send(AgentMessages.subscribeOffer(offer.revision(), offer.sdp(), offer.tracks()));
            long revision = offer.revision();
            expectWithin(() -> answeredRevision < revision, "subscribe offer " + revision + " not answered");
        }
    }

    private void expectConnected(WebRtcTransport transport) {
        expectWithin(() -> transport.state() == WebRtcTransport.State.CONNECTING
                || transport.state() == WebRtcTransport.State.NEW, transport.name() + " not connected");
    }

    /** Closes the session with 4408 if {@code stillWaiting} holds once the negotiation timeout has passed. */
    private void expectWithin(BooleanSupplier stillWaiting, String what) {
        timers.schedule(() -> executor.execute(() -> {
            if (!ended && stillWaiting.getAsBoolean()) {
                rooms.refused("negotiation-timeout");
                end(CloseCodes.NEGOTIATION_TIMEOUT, "negotiation timed out: " + what + " within "
                        + negotiationTimeout.toSeconds() + " s", LeaveReason.TIMEOUT);
            }
        }), negotiationTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private WebRtcTransport.Listener transportListener() {
        return new WebRtcTransport.Listener() {
            @Override
            public void onConnected(WebRtcTransport transport) {
                LOG.infof("session negotiated: participant %s, conference %s, transport %s", participantId,
                        conferenceId, transport.name());
            }

            @Override
            public void onFailed(WebRtcTransport transport, String reason) {
                executor.execute(() -> end(CloseCodes.MEDIA_FAILED, "media connection failed: " + reason,
                        LeaveReason.ERROR));
            }
        };
    }

    /** Ends the session once: frees media, leaves the room, and closes the socket when {@code code > 0}. */
    private void end(int code, String reason, LeaveReason why) {
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
            rooms.left(this, joined, why);
        }
        if (code > 0) {
            if (code != CloseCodes.NORMAL) {
                channel.send(AgentMessages.error(code, reason));
            }
            channel.close(code, CloseCodes.reason(reason));
        }
        LOG.infof("session left: participant %s, conference %s, reason %s%s", participantId, conferenceId, why,
                reason == null ? "" : " (" + reason + ")");
    }

    private String name(String role) {
        return conferenceId + "/" + participantId + "/" + session + "/" + role;
    }
}
