package io.meridian.agent.sfu;

/** Kind of a media stream. */
public enum MediaKind {
    /** Audio (Opus). Not keyframe-requested or NACK-cached. */
    AUDIO,
    /** Video (VP8, H.264 …). */
    VIDEO
}
