package io.meridian.agent.signaling;

import io.meridian.agent.sdp.HeaderExtension;
import io.meridian.agent.sdp.PublishedMedia;
import io.meridian.agent.sfu.Consumer;
import io.meridian.agent.sfu.ConsumerSpec;
import io.meridian.agent.sfu.MediaKind;
import io.meridian.agent.sfu.Producer;
import io.meridian.agent.sfu.ProducerSpec;
import io.meridian.agent.sfu.Router;
import io.meridian.agent.sfu.RouterTransport;
import io.meridian.agent.sfu.Routers;
import io.meridian.agent.transport.MediaHandler;
import io.meridian.agent.transport.WebRtcTransport;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * {@link Forwarding} over the SFU's {@link Routers}: each WebRTC transport is attached to its conference's
 * router as a {@link io.meridian.agent.sfu.MediaSender}, and its decrypted packets go to the router on the media
 * thread. Subscribers negotiate no header extensions, so consumers strip the publisher's mid extension and
 * keep its payload type, SSRC and sequence numbers.
 */
public final class RouterForwarding implements Forwarding {
    private static final Logger LOG = Logger.getLogger(RouterForwarding.class);

    private final Routers routers;
    private final ConcurrentHashMap<WebRtcTransport, RouterTransport> attached = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Producer> producers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Producer> relayed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ConsumerKey, Consumer> consumers = new ConcurrentHashMap<>();

    private record ConsumerKey(String producerId, WebRtcTransport subscriber) {
    }

    public RouterForwarding(Routers routers) {
        this.routers = routers;
    }

    @Override
    public boolean addProducer(String conferenceId, String producerId, WebRtcTransport publisher, PublishedMedia media) {
        RouterTransport handle = attach(conferenceId, publisher);
        boolean video = media.kind().equals("video");
        ProducerSpec spec = new ProducerSpec(video ? MediaKind.VIDEO : MediaKind.AUDIO, media.mid(), (int) media.ssrc(),
                media.codec().payloadType(), media.codec().clockRate(), 0, -1,
                media.extensionId(HeaderExtension.MID), media.codec().rtcpFeedback().contains("nack pli"),
                media.codec().rtcpFeedback().contains("ccm fir"));
        Producer producer = handle.router().addProducer(handle, spec);
        if (producer == null) {
            LOG.warnf("%s: producer %s refused by the router (SSRC %d taken)", publisher.name(), producerId, media.ssrc());
            return false;
        }
        producers.put(producerId, producer);
        return true;
    }

    @Override
    public void addConsumer(String conferenceId, String producerId, WebRtcTransport subscriber, String mid) {
        Producer producer = producers.get(producerId);
        if (producer == null) {
            producer = relayed.get(producerId);
        }
        if (producer == null || producer.closed()) {
            return; // the publisher left while the subscriber was answering
        }
        RouterTransport handle = attach(conferenceId, subscriber);
        ProducerSpec p = producer.spec();
        try {
            Consumer c = handle.router().addConsumer(producer, handle, new ConsumerSpec(mid, p.payloadType(), -1, 0));
            consumers.put(new ConsumerKey(producerId, subscriber), c);
        } catch (IllegalArgumentException e) {
            LOG.debugf("consumer of %s for %s not added: %s", producerId, subscriber.name(), e.getMessage());
        }
    }

    @Override
    public void removeConsumer(String conferenceId, String producerId, WebRtcTransport subscriber) {
        Consumer c = consumers.remove(new ConsumerKey(producerId, subscriber));
        if (c != null) {
            c.transport().router().removeConsumer(c);
        }
    }

    @Override
    public void detach(String conferenceId, WebRtcTransport transport) {
        RouterTransport handle = attached.remove(transport);
        if (handle == null) {
            return;
        }
        transport.setMediaHandler(MediaHandler.NONE);
        handle.router().detach(handle);
        producers.values().removeIf(p -> p.transport() == handle);
        consumers.keySet().removeIf(k -> k.subscriber() == transport);
    }

    @Override
    public void conferenceEnded(String conferenceId) {
        Router router = routers.get(conferenceId);
        // Rooms calls this once no participant or link uses the router; a transport still attached keeps it.
        if (router != null && router.transports().length == 0) {
            routers.remove(conferenceId);
        }
    }

    @Override
    public Router router(String conferenceId) {
        return routers.getOrCreate(conferenceId);
    }

    @Override
    public Router existingRouter(String conferenceId) {
        return routers.get(conferenceId);
    }

    @Override
    public Producer producer(String producerId) {
        return producers.get(producerId);
    }

    @Override
    public void relayedProducer(String producerId, Producer producer) {
        if (producer == null) {
            relayed.remove(producerId);
        } else {
            relayed.put(producerId, producer);
        }
    }

    private RouterTransport attach(String conferenceId, WebRtcTransport transport) {
        return attached.computeIfAbsent(transport, t -> {
            Router router = routers.getOrCreate(conferenceId);
            RouterTransport handle = router.attach(t);
            t.setMediaHandler(new RouterHandler(router, handle));
            return handle;
        });
    }

    /** Hands a transport's decrypted packets to its router on the media thread. */
    private record RouterHandler(Router router, RouterTransport handle) implements MediaHandler {
        @Override
        public void onRtp(WebRtcTransport transport, byte[] b, int off, int len) {
            router.onRtp(handle, b, off, len, System.nanoTime());
        }

        @Override
        public void onRtcp(WebRtcTransport transport, byte[] b, int off, int len) {
            router.onRtcp(handle, b, off, len, System.nanoTime());
        }
    }
}
