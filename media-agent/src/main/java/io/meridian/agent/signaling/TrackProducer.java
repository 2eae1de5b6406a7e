package io.meridian.agent.signaling;

import io.meridian.agent.sfu.Producer;

/**
 * A track as subscribers see it and the router producer that receives it: a local participant's, or one a relay
 * link feeds from a peer agent.
 */
record TrackProducer(RemoteTrack track, Producer producer) {
}
