package io.meridian.agent.sfu;

import org.jboss.logging.Logger;

/**
 * The session-lifecycle log line for a simulcast layer switch of one consumer, beside "session joined",
 * "session negotiated" and "session left" (see docs/signaling.md, Observability). Called by layer selection when a
 * consumer's target layer changes — a rare event (bandwidth, viewport, keyframe), never per packet; must not be
 * called from a per-packet loop with an unchanged layer.
 */
public final class LayerChangeLog {
    private static final Logger LOG = Logger.getLogger(LayerChangeLog.class);

    private LayerChangeLog() {
    }

    /**
     * Logs one switch.
     *
     * @param conferenceId  the conference
     * @param participantId the receiving participant (whose consumer switched)
     * @param producerId    the simulcast producer consumed
     * @param fromLayer     the spatial layer forwarded before (-1: none)
     * @param toLayer       the spatial layer forwarded from now on (-1: none, paused)
     * @param reason        why, e.g. {@code bandwidth}, {@code requested}, {@code layer-stopped}
     */
    public static void layerChanged(String conferenceId, String participantId, String producerId, int fromLayer,
            int toLayer, String reason) {
        LOG.infof("session layer change: participant %s, conference %s, producer %s, layer %d -> %d, reason %s",
                participantId, conferenceId, producerId, fromLayer, toLayer, reason);
    }
}
