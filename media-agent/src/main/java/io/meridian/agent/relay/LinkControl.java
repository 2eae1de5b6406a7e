package io.meridian.agent.relay;

import java.util.List;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * The control plane of links, on the relay thread: answers and sends RTT probes, keeps each side's track list in
 * step ({@link TrackSync}) and applies the peer's list to the router ({@link LinkMedia}). Control messages
 * ({@link ControlMessage}) are SRTCP-protected with the link's control key and framed as type
 * {@link RelayFrame#CONTROL}.
 */
final class LinkControl {
    private static final Logger LOG = Logger.getLogger(LinkControl.class);

    private final RelaySocket socket;
    private final RelayStats stats;
    private final RelaySettings settings;
    private final LinkMedia linkMedia;
    private final BiConsumer<String, Double> rttSample;
    private final byte[] control = new byte[RelayFrame.MAX_DATAGRAM + RelaySocket.HEADROOM];

    LinkControl(RelaySocket socket, RelayStats stats, RelaySettings settings, LinkMedia linkMedia,
            BiConsumer<String, Double> rttSample) {
        this.socket = socket;
        this.stats = stats;
        this.settings = settings;
        this.linkMedia = linkMedia;
        this.rttSample = rttSample;
    }

    /** Sends the link's track list now when it changed or is due for a resend. */
    void announce(RelayLink link, List<RelayTrack> tracks, long now) {
        for (RelayTrack refused : link.sync.setLocal(tracks)) {
            stats.drop(RelayStats.Drop.BAD_TRACK);
            LOG.warnf("%s: track %s exceeds the relay's description limits; not relayed", link, refused.producerId());
        }
        resendIfDue(link, now);
    }

    void onControl(RelayLink link, byte[] b, int off, int len, long now) {
        int subtype = ControlMessage.parse(b, off, len);
        switch (subtype) {
            case ControlMessage.PROBE -> {
                link.sync.peerHolds(ControlMessage.probeHeldEpoch(b, off), ControlMessage.probeHeldVersion(b, off));
                int n = ControlMessage.probe(control, RelayFrame.HEADER, ControlMessage.PROBE_REPLY, link.controlSsrc,
                        ControlMessage.probeId(b, off), ControlMessage.probeSentNanos(b, off),
                        link.sync.heldEpoch(), link.sync.heldVersion());
                sendControl(link, n);
                resendIfDue(link, now);
            }
            case ControlMessage.PROBE_REPLY -> {
                link.sync.peerHolds(ControlMessage.probeHeldEpoch(b, off), ControlMessage.probeHeldVersion(b, off));
                long sent = ControlMessage.probeSentNanos(b, off);
                if (now - sent >= 0) {
                    rttSample.accept(link.peerAgentId, (now - sent) / 1e6);
                }
                resendIfDue(link, now);
            }
            case ControlMessage.TRACKS -> onTracks(link, b, off);
            case ControlMessage.TRACKS_ACK -> link.sync.peerHolds(ControlMessage.epoch(b, off),
                    ControlMessage.version(b, off));
            default -> stats.drop(RelayStats.Drop.MALFORMED);
        }
    }

    private void onTracks(RelayLink link, byte[] b, int off) {
        int dataOff = ControlMessage.chunkDataOffset(off);
        List<RelayTrack> tracks;
        try {
            tracks = TrackCodec.read(b, dataOff, dataOff + ControlMessage.chunkDataLength(b, off),
                    ControlMessage.chunkTracks(b, off));
        } catch (TrackCodec.Malformed e) {
            stats.drop(RelayStats.Drop.BAD_TRACK);
            LOG.debugf("%s: unusable track list chunk: %s", link, e.getMessage());
            return;
        }
        TrackSync.Outcome outcome = link.sync.onChunk(ControlMessage.epoch(b, off), ControlMessage.version(b, off),
                ControlMessage.chunkIndex(b, off), ControlMessage.chunkCount(b, off), tracks);
        switch (outcome) {
            case COMPLETE -> {
                linkMedia.applyRemote(link, link.sync.applied());
                sendAck(link);
            }
            case ALREADY_HELD -> sendAck(link);
            case PENDING -> {
            }
            case MALFORMED -> stats.drop(RelayStats.Drop.BAD_TRACK);
        }
    }

    // ------------------------------------------------------------------ relay thread: sending control

    void resendIfDue(RelayLink link, long now) {
        if (link.sync.dueForSend(now, settings.tracksResend().toNanos())) {
            sendTracks(link);
        }
    }

    void sendProbe(RelayLink link, long now) {
        link.nextProbeNanos = now + settings.linkProbeInterval().toNanos();
        int n = ControlMessage.probe(control, RelayFrame.HEADER, ControlMessage.PROBE, link.controlSsrc,
                link.nextProbeId++, now, link.sync.heldEpoch(), link.sync.heldVersion());
        sendControl(link, n);
    }

    private void sendAck(RelayLink link) {
        int n = ControlMessage.ack(control, RelayFrame.HEADER, link.controlSsrc, link.sync.heldEpoch(),
                link.sync.heldVersion());
        sendControl(link, n);
    }

    void sendTracks(RelayLink link) {
        TrackSync s = link.sync;
        for (int i = 0; i < s.chunkCount(); i++) {
            byte[] data = s.chunk(i);
            int n = ControlMessage.tracks(control, RelayFrame.HEADER, link.controlSsrc, s.epoch(), s.version(), i,
                    s.chunkCount(), s.chunkTrackCount(i), data, data.length);
            sendControl(link, n);
        }
    }

    private void sendControl(RelayLink link, int length) {
        int n = link.control.protectRtcp(control, RelayFrame.HEADER, length);
        if (n < 0) {
            stats.drop(RelayStats.Drop.SEND_FAILED);
            return;
        }
        RelayFrame.writeHeader(control, 0, RelayFrame.CONTROL, link.sendTag);
        if (socket.sendRaw(control, 0, RelayFrame.HEADER + n, link.peerAddress())) {
            stats.count(RelayStats.Event.CONTROL_SENT);
        }
    }
}
