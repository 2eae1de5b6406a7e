package io.meridian.agent.sfu;

/**
 * What the subscriber's SDP says about one outgoing copy of a producer.
 *
 * @param mid the subscriber-side m-line mid (written into the mid header extension when there is room)
 * @param payloadType payload type the subscriber expects for the media (rewritten if it differs)
 * @param rtxPayloadType RTX payload type the subscriber accepts, or -1: then NACKs are answered by plain
 *     retransmission on the media SSRC
 * @param midExtensionId the subscriber's extmap id for mid, or 0 to strip the publisher's mid extension
 */
public record ConsumerSpec(String mid, int payloadType, int rtxPayloadType, int midExtensionId) {
    /** Validates the spec. */
    public ConsumerSpec {
        if (mid == null || payloadType < 0 || payloadType > 127 || rtxPayloadType > 127
                || midExtensionId < 0 || midExtensionId > 14) {
            throw new IllegalArgumentException("bad consumer spec");
        }
    }

    /** Same payload types and extension id as the producer, with the given subscriber mid. */
    public static ConsumerSpec mirroring(ProducerSpec producer, String mid) {
        return new ConsumerSpec(mid, producer.payloadType(), producer.rtxPayloadType(),
                producer.midExtensionId() <= 14 ? producer.midExtensionId() : 0);
    }
}
