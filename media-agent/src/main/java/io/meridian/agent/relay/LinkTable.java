package io.meridian.agent.relay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The open links, by receive tag (the per-packet lookup: open addressing on a long, no boxing, no allocation) and by
 * (conference, peer). Relay thread only.
 */
final class LinkTable {
    private long[] tags = new long[16];
    private RelayLink[] links = new RelayLink[16];
    private int size;
    private final Map<String, RelayLink> byName = new HashMap<>();

    private static String name(String conferenceId, String peerAgentId) {
        return conferenceId + '\n' + peerAgentId;
    }

    /** The link whose peer sends with {@code tag}, or null. */
    RelayLink byTag(long tag) {
        int mask = links.length - 1;
        for (int i = mix(tag) & mask; ; i = (i + 1) & mask) {
            RelayLink l = links[i];
            if (l == null || tags[i] == tag) {
                return l;
            }
        }
    }

    /** The link of a conference to a peer, or null. */
    RelayLink get(String conferenceId, String peerAgentId) {
        return byName.get(name(conferenceId, peerAgentId));
    }

    /** Adds a link; false when another link already receives with its tag. */
    boolean add(RelayLink link) {
        if (byTag(link.receiveTag) != null) {
            return false;
        }
        if ((size + 1) * 2 > links.length) {
            rehash(links.length * 2);
        }
        insert(link);
        size++;
        byName.put(name(link.conferenceId, link.peerAgentId), link);
        return true;
    }

    /** Removes a link. */
    void remove(RelayLink link) {
        if (byName.remove(name(link.conferenceId, link.peerAgentId), link)) {
            size--;
            rehash(links.length); // rebuilding keeps the probe chains intact; links change rarely
        }
    }

    /** Every link (a copy). */
    List<RelayLink> all() {
        return new ArrayList<>(byName.values());
    }

    /** Links of one conference (a copy). */
    List<RelayLink> ofConference(String conferenceId) {
        List<RelayLink> out = new ArrayList<>();
        for (RelayLink l : byName.values()) {
            if (l.conferenceId.equals(conferenceId)) {
                out.add(l);
            }
        }
        return out;
    }

    int size() {
        return size;
    }

    private void rehash(int capacity) {
        Collection<RelayLink> live = byName.values();
        tags = new long[capacity];
        links = new RelayLink[capacity];
        for (RelayLink l : live) {
            insert(l);
        }
    }

    private void insert(RelayLink link) {
        int mask = links.length - 1;
        int i = mix(link.receiveTag) & mask;
        while (links[i] != null) {
            i = (i + 1) & mask;
        }
        tags[i] = link.receiveTag;
        links[i] = link;
    }

    private static int mix(long x) {
        x *= 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 32));
    }
}
