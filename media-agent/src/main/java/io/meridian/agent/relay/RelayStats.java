package io.meridian.agent.relay;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The relay's counters: what it received, sent and delivered, and every datagram it dropped by reason. Written by
 * the relay thread and the media thread without locks; read racily for metrics and tests.
 */
public final class RelayStats {

    /** Why a relay datagram (or an announced stream) was refused. */
    public enum Drop {
        /** Too short, too long, an unknown type byte, or a body that does not parse. */
        MALFORMED,
        /** The link tag names no open link (unknown conference, unknown peer, or a closed link). */
        UNKNOWN_LINK,
        /** SRTP/SRTCP authentication failed (wrong key, tampering). */
        AUTH_FAILED,
        /** A replayed or too old SRTP/SRTCP packet. */
        REPLAYED,
        /** The router refused a decrypted packet (SSRC of no remote producer, or of another transport's). */
        UNROUTABLE,
        /** The queue to the media thread was full. */
        QUEUE_FULL,
        /** A remote stream refused because its SSRC (or RTX SSRC) is already used in the conference. */
        SSRC_COLLISION,
        /** A stream announced by a peer that is not a valid stream description, or over the per-link limit. */
        BAD_TRACK,
        /** A fleet probe over the answer rate limit. */
        PROBE_RATE_LIMITED,
        /** A fleet echo matching no probe we sent. */
        UNSOLICITED_ECHO,
        /** An outgoing packet that could not be protected or sent. */
        SEND_FAILED
    }

    /** What happened to good traffic. */
    public enum Event {
        /** Authenticated media (RTP and RTCP) datagrams received on links. */
        MEDIA_RECEIVED,
        /** Media packets handed to a router on the media thread. */
        MEDIA_DELIVERED,
        /** Media datagrams sent on links. */
        MEDIA_SENT,
        /** Authenticated control datagrams received. */
        CONTROL_RECEIVED,
        /** Control datagrams sent. */
        CONTROL_SENT,
        /** Fleet probes sent. */
        FLEET_PROBES_SENT,
        /** Fleet probes answered. */
        FLEET_PROBES_ANSWERED,
        /** RTT samples taken (links and fleet). */
        RTT_SAMPLES,
        /** Local producers withheld from a link because they came from another link (loop prevention). */
        LOOPS_PREVENTED,
        /** Links that went silent and had their remote streams withdrawn. */
        LINKS_SILENT
    }

    private final Map<Drop, LongAdder> drops = new EnumMap<>(Drop.class);
    private final Map<Event, LongAdder> events = new EnumMap<>(Event.class);
    private final LongAdder[] dropArray;
    private final LongAdder[] eventArray;

    /** Zeroed counters. */
    public RelayStats() {
        dropArray = new LongAdder[Drop.values().length];
        eventArray = new LongAdder[Event.values().length];
        for (Drop d : Drop.values()) {
            dropArray[d.ordinal()] = new LongAdder();
            drops.put(d, dropArray[d.ordinal()]);
        }
        for (Event e : Event.values()) {
            eventArray[e.ordinal()] = new LongAdder();
            events.put(e, eventArray[e.ordinal()]);
        }
    }

    void drop(Drop reason) {
        dropArray[reason.ordinal()].increment();
    }

    void count(Event event) {
        eventArray[event.ordinal()].increment();
    }

    /** Datagrams (or streams) dropped for {@code reason}. */
    public long drops(Drop reason) {
        return dropArray[reason.ordinal()].sum();
    }

    /** Occurrences of {@code event}. */
    public long events(Event event) {
        return eventArray[event.ordinal()].sum();
    }

    /** All drops, all reasons. */
    public long totalDrops() {
        long sum = 0;
        for (LongAdder a : dropArray) {
            sum += a.sum();
        }
        return sum;
    }

    /** A snapshot of every counter, for logs and metrics. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        drops.forEach((k, v) -> out.put("drop." + k.name().toLowerCase(java.util.Locale.ROOT), v.sum()));
        events.forEach((k, v) -> out.put(k.name().toLowerCase(java.util.Locale.ROOT), v.sum()));
        return out;
    }
}
