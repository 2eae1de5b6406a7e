package io.meridian.agent.relay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps each side of a link in step with the other's track list, over a lossy datagram path. Each side sends its
 * whole list, split into chunks and labelled (epoch, version): the epoch is random per link instance, the version
 * grows with every change. It resends until the peer acknowledges that (epoch, version) — explicitly, or by
 * naming it as what it holds in a probe. The receiving side applies a list only when every chunk of one
 * (epoch, version) has arrived, so a half-received list never reaches the router. Not thread-safe: the relay
 * thread owns it.
 */
final class TrackSync {
    /** Most tracks one peer may announce on a link. */
    static final int MAX_TRACKS = 512;

    /** The outcome of a received chunk. */
    enum Outcome {
        /** Stored; more chunks are needed. */
        PENDING,
        /** The last chunk arrived: {@link #applied()} is the peer's new list. */
        COMPLETE,
        /** Already held (a resend): acknowledge again, change nothing. */
        ALREADY_HELD,
        /** Inconsistent chunk numbering or too many tracks. */
        MALFORMED
    }

    // what we announce
    private final int epoch;
    private int version;
    private List<RelayTrack> local = List.of();
    private List<byte[]> chunks = List.of(new byte[0]);
    private int[] chunkTracks = {0};
    private boolean acknowledged;
    private long nextSendNanos = Long.MIN_VALUE;

    // what the peer announced
    private int heldEpoch;
    private int heldVersion;
    private int pendingEpoch;
    private int pendingVersion;
    private List<RelayTrack>[] pending;
    private int pendingReceived;
    private List<RelayTrack> applied = List.of();

    /** A sync whose announcements carry {@code epoch} (non-zero). */
    TrackSync(int epoch) {
        if (epoch == 0) {
            throw new IllegalArgumentException("epoch 0 means 'nothing held'");
        }
        this.epoch = epoch;
    }

    // ---------------------------------------------------------------- sending side

    /**
     * Sets the local list; a different list gets a new version and must be sent again. Tracks whose encoding
     * exceeds the limits are left out and returned.
     */
    List<RelayTrack> setLocal(List<RelayTrack> tracks) {
        List<RelayTrack> refused = new ArrayList<>();
        List<RelayTrack> kept = new ArrayList<>();
        for (RelayTrack t : tracks) {
            if (TrackCodec.size(t) < 0 || kept.size() >= MAX_TRACKS) {
                refused.add(t);
            } else {
                kept.add(t);
            }
        }
        if (kept.equals(local) && version > 0) {
            return refused;
        }
        local = List.copyOf(kept);
        version++;
        encode();
        acknowledged = false;
        nextSendNanos = Long.MIN_VALUE;
        return refused;
    }

    private void encode() {
        List<byte[]> out = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        byte[] buf = new byte[ControlMessage.MAX_CHUNK_DATA];
        int p = 0;
        int n = 0;
        for (RelayTrack t : local) {
            int size = TrackCodec.size(t);
            if (p + size > buf.length) {
                out.add(Arrays.copyOf(buf, p));
                counts.add(n);
                p = 0;
                n = 0;
            }
            p = TrackCodec.write(buf, p, t);
            n++;
        }
        out.add(Arrays.copyOf(buf, p));
        counts.add(n);
        chunks = out;
        chunkTracks = counts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** True when the current list should be (re)sent now; schedules the next resend {@code intervalNanos} later. */
    boolean dueForSend(long nowNanos, long intervalNanos) {
        if (acknowledged || nowNanos - nextSendNanos < 0 && nextSendNanos != Long.MIN_VALUE) {
            return false;
        }
        nextSendNanos = nowNanos + intervalNanos;
        return true;
    }

    /** The peer says it holds (epoch, version) of our list: stops resending when that is the current one. */
    void peerHolds(int heldEpochOfOurs, int heldVersionOfOurs) {
        boolean current = heldEpochOfOurs == epoch && heldVersionOfOurs == version;
        if (current) {
            acknowledged = true;
        } else if (acknowledged) {
            acknowledged = false; // the peer forgot our list (e.g. it thought us silent): send it again
            nextSendNanos = Long.MIN_VALUE;
        }
    }

    int epoch() {
        return epoch;
    }

    int version() {
        return version;
    }

    boolean acknowledged() {
        return acknowledged;
    }

    List<RelayTrack> local() {
        return local;
    }

    int chunkCount() {
        return chunks.size();
    }

    byte[] chunk(int i) {
        return chunks.get(i);
    }

    int chunkTrackCount(int i) {
        return chunkTracks[i];
    }

    // ---------------------------------------------------------------- receiving side

    /** Takes one received chunk of the peer's list. */
    @SuppressWarnings("unchecked")
    Outcome onChunk(int peerEpoch, int peerVersion, int index, int count, List<RelayTrack> tracks) {
        if (peerEpoch == 0 || count == 0 || index >= count) {
            return Outcome.MALFORMED;
        }
        if (peerEpoch == heldEpoch && peerVersion - heldVersion <= 0) {
            return Outcome.ALREADY_HELD;
        }
        if (pending == null || peerEpoch != pendingEpoch || peerVersion != pendingVersion) {
            if (pending != null && peerEpoch == pendingEpoch && peerVersion - pendingVersion < 0) {
                return Outcome.ALREADY_HELD; // an older version than the one being assembled: ignore
            }
            pendingEpoch = peerEpoch;
            pendingVersion = peerVersion;
            pending = new List[count];
            pendingReceived = 0;
        } else if (pending.length != count) {
            return Outcome.MALFORMED;
        }
        if (pending[index] == null) {
            pending[index] = tracks;
            pendingReceived++;
        }
        if (pendingReceived < count) {
            return Outcome.PENDING;
        }
        List<RelayTrack> all = new ArrayList<>();
        for (List<RelayTrack> part : pending) {
            all.addAll(part);
        }
        pending = null;
        if (all.size() > MAX_TRACKS) {
            return Outcome.MALFORMED;
        }
        heldEpoch = peerEpoch;
        heldVersion = peerVersion;
        applied = List.copyOf(all);
        return Outcome.COMPLETE;
    }

    /** The peer's list last applied. */
    List<RelayTrack> applied() {
        return applied;
    }

    /** Forgets the peer's list (it went silent); the next probe tells it to send again. */
    void forgetPeer() {
        heldEpoch = 0;
        heldVersion = 0;
        pending = null;
        applied = List.of();
    }

    int heldEpoch() {
        return heldEpoch;
    }

    int heldVersion() {
        return heldVersion;
    }
}
