package io.meridian.agent.sfu;

import io.meridian.agent.rtp.RtpHeader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Maps the SSRCs of one simulcast publisher to layers. Browsers do not declare simulcast SSRCs in the SDP; the
 * first packets of each layer carry its rid in the rtp-stream-id extension (RTX packets: repaired-rtp-stream-id),
 * RFC 8852. An SSRC is learned once and then resolved without reading extensions. The table is bounded (two SSRCs
 * per layer): a publisher inventing SSRCs cannot grow it, its extra packets are refused and counted.
 *
 * <p>Media thread only; no allocation after construction.
 */
final class RidResolver {
    /** Result flag: the SSRC is a layer's RTX stream. */
    static final int RTX = 0x100;

    private final byte[][] rids;
    private final int streamIdExt;
    private final int repairedIdExt;
    private final int[] ssrcs;
    private final int[] layers;
    private int learned;
    private long refused;

    /**
     * @param rids          the offered rids, lowest layer first
     * @param streamIdExt   negotiated id of rtp-stream-id, 0 if none
     * @param repairedIdExt negotiated id of repaired-rtp-stream-id, 0 if none
     */
    RidResolver(List<String> rids, int streamIdExt, int repairedIdExt) {
        this.rids = new byte[rids.size()][];
        for (int i = 0; i < rids.size(); i++) {
            this.rids[i] = rids.get(i).getBytes(StandardCharsets.US_ASCII);
        }
        this.streamIdExt = streamIdExt;
        this.repairedIdExt = repairedIdExt;
        this.ssrcs = new int[2 * rids.size()];
        this.layers = new int[2 * rids.size()];
    }

    /**
     * The layer of a packet (with {@link #RTX} set for a repair stream), or -1 when unknown: an SSRC not yet
     * named by an extension, or one more than the table holds.
     */
    int resolve(byte[] b, int off, int len) {
        int ssrc = RtpHeader.ssrc(b, off);
        for (int i = 0; i < learned; i++) {
            if (ssrcs[i] == ssrc) {
                return layers[i];
            }
        }
        int layer = match(b, off, len, streamIdExt);
        if (layer < 0) {
            layer = match(b, off, len, repairedIdExt);
            if (layer >= 0) {
                layer |= RTX;
            }
        }
        if (layer < 0) {
            return -1;
        }
        if (learned == ssrcs.length) {
            refused++;
            return -1;
        }
        ssrcs[learned] = ssrc;
        layers[learned] = layer;
        learned++;
        return layer;
    }

    /** Packets refused because the table was full. */
    long refused() {
        return refused;
    }

    /** The learned media SSRC of a layer (e.g. to send it a PLI), or 0 when not yet seen. */
    int ssrcOf(int layer) {
        for (int i = 0; i < learned; i++) {
            if (layers[i] == layer) {
                return ssrcs[i];
            }
        }
        return 0;
    }

    private int match(byte[] b, int off, int len, int id) {
        if (id == 0 || RtpHeader.headerLength(b, off, len) < 0) {
            return -1;
        }
        long found = RtpHeader.findExtension(b, off, len, id);
        if (found < 0) {
            return -1;
        }
        int at = RtpHeader.extensionOffset(found);
        int n = RtpHeader.extensionLength(found);
        while (n > 0 && b[at + n - 1] == 0) {
            n--; // RFC 8852 allows trailing zero padding
        }
        for (int layer = 0; layer < rids.length; layer++) {
            byte[] rid = rids[layer];
            if (rid.length == n && Arrays.equals(rid, 0, n, b, at, at + n)) {
                return layer;
            }
        }
        return -1;
    }
}
