/**
 * Browser signaling at {@code /signaling}: join-token check, one {@link io.meridian.agent.signaling.Peer} per
 * session with a publisher and a subscriber PeerConnection, rooms per conference, and renegotiation when tracks
 * appear or go. {@link io.meridian.agent.signaling.RoomsConferenceMedia} gives relay links the rooms' routers and
 * local tracks, and offers relayed tracks to local subscribers like local ones. Protocol: docs/signaling.md.
 */
package io.meridian.agent.signaling;
