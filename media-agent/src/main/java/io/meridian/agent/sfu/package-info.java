/**
 * The forwarding core, in mediasoup's vocabulary: a {@link io.meridian.agent.sfu.Router} per conference, a
 * {@link io.meridian.agent.sfu.Producer} per incoming stream, a {@link io.meridian.agent.sfu.Consumer} per
 * (producer, subscribing transport). Transports attach through {@link io.meridian.agent.sfu.MediaSender} and get a
 * {@link io.meridian.agent.sfu.RouterTransport} handle back.
 * <p>Threading: control methods (attach, add/remove producer and consumer, detach) may run on any thread; they
 * serialise on the router and publish immutable arrays. Packet methods ({@code onRtp}, {@code onRtcp},
 * {@code tick}) run on the one media thread, take no locks, log nothing and allocate nothing per packet.
 */
package io.meridian.agent.sfu;
