package io.meridian.agent.sfu;

import io.meridian.agent.rtp.Rtcp;
import io.meridian.agent.rtp.RtcpWriter;
import io.meridian.agent.rtp.RtpHeader;

/**
 * The router's RTCP side, on the media thread: forwards publishers' sender reports to subscribers, consumes
 * subscribers' receiver reports and REMB, answers NACKs from the send cache (passing misses upstream), turns
 * PLI/FIR into rate-limited keyframe requests, and sends publishers receiver reports plus REMB.
 */
final class RtcpHandler {
    /** Subscriber reports older than this no longer steer a publisher's bitrate. */
    private static final long REPORT_FRESHNESS_NANOS = 5_000_000_000L;
    private static final int MAX_REPORT_BLOCKS = 31;

    private final Router router;
    private final long keyframeIntervalNanos;
    private final long nackHoldNanos;
    private final double nackPerSecond;
    private final int nackMaxPerRequest;

    RtcpHandler(Router router, SfuSettings settings) {
        this.router = router;
        this.keyframeIntervalNanos = settings.keyframeIntervalMillis() * 1_000_000L;
        this.nackHoldNanos = settings.nackUpstreamHoldMillis() * 1_000_000L;
        this.nackPerSecond = settings.nackPacketsPerSecond();
        this.nackMaxPerRequest = settings.nackMaxPerRequest();
    }

    boolean onRtcp(RouterTransport from, byte[] b, int off, int len, long now) {
        if (Rtcp.validateCompound(b, off, len) < 0) {
            router.malformedDrops++;
            return false;
        }
        int end = off + len;
        for (int p = off; p < end; p += Rtcp.packetLength(b, p)) {
            int plen = Rtcp.packetLength(b, p);
            int count = Rtcp.count(b, p);
            switch (Rtcp.packetType(b, p)) {
                case Rtcp.SR -> {
                    if (plen >= 28) {
                        onSenderReport(from, b, p, now);
                        if (Rtcp.reportBlocksFit(b, p)) {
                            onReportBlocks(from, b, Rtcp.srReportBlock(p, 0), count, now);
                        }
                    }
                }
                case Rtcp.RR -> {
                    if (plen >= 8 && Rtcp.reportBlocksFit(b, p)) {
                        onReportBlocks(from, b, Rtcp.rrReportBlock(p, 0), count, now);
                    }
                }
                case Rtcp.RTPFB -> {
                    if (plen >= 12 && count == Rtcp.FMT_NACK) {
                        onNack(from, b, p, now);
                    }
                }
                case Rtcp.PSFB -> {
                    if (plen >= 12) {
                        onPayloadFeedback(from, b, p, count, now);
                    }
                }
                default -> {
                    // SDES, BYE, APP, XR, transport-cc: nothing the router acts on
                }
            }
        }
        return true;
    }

    private void onPayloadFeedback(RouterTransport from, byte[] b, int p, int fmt, long now) {
        if (fmt == Rtcp.FMT_PLI) {
            onKeyframeRequest(from, Rtcp.fbMediaSsrc(b, p), now);
        } else if (fmt == Rtcp.FMT_FIR) {
            for (int i = 0, n = Rtcp.firCount(b, p); i < n; i++) {
                onKeyframeRequest(from, Rtcp.firSsrc(b, p, i), now);
            }
        } else if (fmt == Rtcp.FMT_AFB && Rtcp.isRemb(b, p)) {
            from.subscriberRemb = Rtcp.rembBitrate(b, p);
            from.subscriberRembAtNanos = now;
        }
    }

    private void onSenderReport(RouterTransport from, byte[] b, int p, long now) {
        int ssrc = Rtcp.senderSsrc(b, p);
        Producer prod = router.ssrcs.get(ssrc);
        if (prod == null || prod.transport() != from || prod.ssrc() != ssrc) {
            return;
        }
        long ntp = Rtcp.srNtpTimestamp(b, p);
        prod.stats.onSenderReport(ntp, now);
        long rtpTs = Rtcp.srRtpTimestamp(b, p);
        long packets = Rtcp.srPacketCount(b, p);
        long octets = Rtcp.srOctetCount(b, p);
        byte[] out = Router.Scratch.get().rtcp;
        for (Consumer c : prod.consumers) {
            if (!c.paused) { // translated: the sender info only; the publisher's report blocks are not theirs
                int n = RtcpWriter.writeSr(out, 0, ssrc, ntp, rtpTs, packets, octets, 0);
                c.transport().sender().sendRtcp(out, 0, n);
            }
        }
    }

    private void onReportBlocks(RouterTransport from, byte[] b, int r, int count, long now) {
        for (int i = 0; i < count; i++, r += 24) {
            Producer prod = router.ssrcs.get(Rtcp.rbSsrc(b, r));
            Consumer c = prod == null ? null : consumerOf(prod, from);
            if (c != null) {
                c.fractionLost = Rtcp.rbFractionLost(b, r);
                c.fractionLostAtNanos = now;
            }
        }
    }

    private void onKeyframeRequest(RouterTransport from, int mediaSsrc, long now) {
        Producer prod = router.ssrcs.get(mediaSsrc);
        if (prod == null || prod.kind() != MediaKind.VIDEO || consumerOf(prod, from) == null) {
            return;
        }
        prod.keyframeWanted = true;
        maybeRequestKeyframe(prod, now);
    }

    /** Sends a PLI (or FIR when the publisher only takes FIR) unless one went out within the interval. */
    void maybeRequestKeyframe(Producer p, long now) {
        if (!p.keyframeWanted || p.closed()
                || (p.keyframeRequested && now - p.lastKeyframeRequestNanos < keyframeIntervalNanos)) {
            return;
        }
        p.keyframeWanted = false;
        if (!p.spec().pli() && !p.spec().fir()) {
            return;
        }
        p.lastKeyframeRequestNanos = now;
        p.keyframeRequested = true;
        byte[] out = Router.Scratch.get().rtcp;
        int n = RtcpWriter.writeRr(out, 0, router.localSsrc, 0);
        n += p.spec().pli()
                ? RtcpWriter.writePli(out, n, router.localSsrc, p.ssrc())
                : RtcpWriter.writeFir(out, n, router.localSsrc, p.ssrc(), p.firSequence++);
        p.keyframeRequestsSent++;
        p.transport().sender().sendRtcp(out, 0, n);
    }

    private void onNack(RouterTransport from, byte[] b, int p, long now) {
        Producer prod = router.ssrcs.get(Rtcp.fbMediaSsrc(b, p));
        if (prod == null || prod.cache == null || prod.ssrc() != Rtcp.fbMediaSsrc(b, p)) {
            return;
        }
        Consumer c = consumerOf(prod, from);
        if (c == null || c.paused) {
            return;
        }
        Router.Scratch s = Router.Scratch.get();
        int misses = 0;
        int budget = nackBudget(from, now);
        int honoured = 0;
        int refused = 0;
        int items = Math.min(Rtcp.nackCount(b, p), 64);
        for (int i = 0; i < items; i++) {
            int pid = Rtcp.nackPid(b, p, i);
            int blp = Rtcp.nackBlp(b, p, i);
            for (int k = 0; k <= 16; k++) {
                if (k > 0 && (blp & (1 << (k - 1))) == 0) {
                    continue;
                }
                if (honoured == budget) { // a NACK for a thousand packets must not become a thousand packets
                    refused++;
                    continue;
                }
                honoured++;
                int seq = (pid + k) & 0xFFFF;
                int n = prod.cache.copyTo(seq, s.packet, 0);
                if (n > 0) {
                    prod.nackHits++;
                    retransmit(c, prod, s.packet, n);
                } else {
                    prod.nackMisses++;
                    misses = missedUpstream(prod, c, seq, now, s, misses);
                }
            }
        }
        from.nackTokens -= honoured;
        if (refused > 0) {
            from.nackBudgetDrops += refused;
            router.listener().onNackBudgetExceeded(router, from, refused);
        }
        if (misses > 0) {
            byte[] out = s.rtcp;
            int n = RtcpWriter.writeRr(out, 0, router.localSsrc, 0);
            n += RtcpWriter.writeNack(out, n, router.localSsrc, prod.ssrc(), s.pids, s.blps, misses);
            prod.transport().sender().sendRtcp(out, 0, n);
        }
    }

    /**
     * Sequence numbers {@code subscriber} may have honoured now: its token bucket (refilled at the NACK rate, at most
     * one second's worth) capped by the per-NACK limit. Hits and upstream misses cost the same.
     */
    private int nackBudget(RouterTransport subscriber, long now) {
        if (subscriber.nackTokensAtNanos != Long.MIN_VALUE) {
            subscriber.nackTokens = Math.min(nackPerSecond,
                    subscriber.nackTokens + (now - subscriber.nackTokensAtNanos) * 1e-9 * nackPerSecond);
        }
        subscriber.nackTokensAtNanos = now;
        return (int) Math.min(nackMaxPerRequest, Math.max(0, subscriber.nackTokens));
    }

    /** Remembers who waits for {@code seq} and packs it into the upstream NACK unless asked very recently. */
    private int missedUpstream(Producer prod, Consumer c, int seq, long now, Router.Scratch s, int count) {
        int slot = prod.pendingNext;
        prod.pendingSeq[slot] = seq;
        prod.pendingConsumer[slot] = c;
        prod.pendingNext = (slot + 1) % Producer.PENDING;
        int h = seq & 0xFF;
        if (prod.upstreamSeq[h] == seq && now - prod.upstreamAtNanos[h] < nackHoldNanos) {
            return count;
        }
        prod.upstreamSeq[h] = seq;
        prod.upstreamAtNanos[h] = now;
        if (count > 0) {
            int d = (seq - s.pids[count - 1]) & 0xFFFF;
            if (d >= 1 && d <= 16) {
                s.blps[count - 1] |= 1 << (d - 1);
                return count;
            }
        }
        if (count == s.pids.length) {
            return count;
        }
        s.pids[count] = seq;
        s.blps[count] = 0;
        return count + 1;
    }

    /**
     * A retransmission the publisher sent on its RTX SSRC (RFC 4588): unwrapped into the media stream, cached,
     * and sent to the subscribers whose NACK we passed upstream. Padding-only RTX (bandwidth probes) is dropped.
     */
    boolean onPublisherRtx(Producer p, byte[] b, int off, int len, int hdr) {
        int payload = RtpHeader.payloadLength(b, off, len);
        if (payload < 0) {
            router.malformedDrops++;
            return false;
        }
        if (payload < 2 || p.cache == null) {
            return true;
        }
        int osn = RtpHeader.readShort(b, off + hdr);
        byte[] media = Router.Scratch.get().aux;
        System.arraycopy(b, off, media, 0, hdr);
        System.arraycopy(b, off + hdr + 2, media, hdr, len - hdr - 2);
        int n = len - 2;
        RtpHeader.setSsrc(media, 0, p.ssrc());
        RtpHeader.setPayloadType(media, 0, p.spec().payloadType());
        RtpHeader.setSequenceNumber(media, 0, osn);
        if (!p.cache.contains(osn)) {
            p.cache.put(osn, media, 0, n);
            p.rtxRecovered++;
        }
        for (int i = 0; i < Producer.PENDING; i++) {
            if (p.pendingSeq[i] == osn) {
                Consumer c = p.pendingConsumer[i];
                p.pendingSeq[i] = -1;
                p.pendingConsumer[i] = null;
                if (!c.closed() && !c.paused) {
                    retransmit(c, p, media, n);
                }
            }
        }
        return true;
    }

    /** Sends a cached packet to one consumer: as RTX when both sides negotiated it, else on the media SSRC. */
    private void retransmit(Consumer c, Producer p, byte[] src, int n) {
        Router.Scratch s = Router.Scratch.get();
        byte[] out = src == s.packet ? s.aux : s.packet;
        int hdr = RtpHeader.headerLength(src, 0, n);
        int len;
        if (c.spec().rtxPayloadType() >= 0 && p.spec().hasRtx()) {
            System.arraycopy(src, 0, out, 0, hdr);
            RtpHeader.writeShort(out, hdr, RtpHeader.sequenceNumber(src, 0));
            System.arraycopy(src, hdr, out, hdr + 2, n - hdr);
            len = n + 2;
            RtpHeader.setSsrc(out, 0, p.spec().rtxSsrc());
            RtpHeader.setPayloadType(out, 0, c.spec().rtxPayloadType());
            RtpHeader.setSequenceNumber(out, 0, c.rtxSequence++ & 0xFFFF);
        } else {
            System.arraycopy(src, 0, out, 0, n);
            len = n;
            if (c.rewritesPayloadType()) {
                RtpHeader.setPayloadType(out, 0, c.spec().payloadType());
            }
        }
        long mid = MidRewriter.locate(out, 0, len, p.spec().midExtensionId());
        if (mid >= 0) {
            MidRewriter.rewrite(out, RtpHeader.extensionOffset(mid), RtpHeader.extensionLength(mid),
                    MidRewriter.twoByte(out, 0), c.spec().midExtensionId(), c.midBytes);
        }
        c.retransmissions++;
        c.transport().sender().sendRtp(out, 0, len);
        router.packetsOut++;
        router.bytesOut += len;
    }

    /** Receiver report blocks for the transport's streams plus a REMB with the bitrate its subscribers allow. */
    void sendPublisherFeedback(RouterTransport t, long now) {
        Router.Scratch s = Router.Scratch.get();
        byte[] out = s.rtcp;
        Producer[] own = t.producers;
        int blocks = 0;
        for (Producer p : own) {
            if (p.stats.started() && blocks < MAX_REPORT_BLOCKS) {
                p.stats.writeReportBlock(out, Rtcp.rrReportBlock(0, blocks), p.ssrc(), now);
                blocks++;
            }
        }
        int n = RtcpWriter.writeRr(out, 0, router.localSsrc, blocks);

        int worst = -1;
        long cap = Long.MAX_VALUE;
        int videoProducers = 0;
        int ssrcCount = 0;
        for (Producer p : own) {
            if (ssrcCount < s.ssrcs.length) {
                s.ssrcs[ssrcCount++] = p.ssrc();
            }
            if (p.kind() == MediaKind.VIDEO) {
                videoProducers++;
            }
            for (Consumer c : p.consumers) {
                if (c.fractionLost >= 0 && now - c.fractionLostAtNanos < REPORT_FRESHNESS_NANOS) {
                    worst = Math.max(worst, c.fractionLost);
                }
                RouterTransport sub = c.transport();
                if (sub.subscriberRemb > 0 && now - sub.subscriberRembAtNanos < REPORT_FRESHNESS_NANOS) {
                    cap = Math.min(cap, sub.subscriberRemb / Math.max(1, videoConsumers(sub)));
                }
            }
        }
        if (cap != Long.MAX_VALUE) {
            cap *= Math.max(1, videoProducers);
        }
        long bitrate = t.estimator.update(worst < 0 ? -1 : worst / 256.0, cap);
        t.lastAnnouncedBitrate = bitrate;
        n += RtcpWriter.writeRemb(out, n, router.localSsrc, bitrate, s.ssrcs, ssrcCount);
        t.sender().sendRtcp(out, 0, n);
    }

    private static int videoConsumers(RouterTransport sub) {
        int v = 0;
        for (Consumer c : sub.consumers) {
            if (c.producer().kind() == MediaKind.VIDEO) {
                v++;
            }
        }
        return v;
    }

    private static Consumer consumerOf(Producer prod, RouterTransport t) {
        for (Consumer c : prod.consumers) {
            if (c.transport() == t) {
                return c;
            }
        }
        return null;
    }
}
