/**
 * Browser signaling at {@code /signaling}: join-token check, one {@link io.meridian.agent.signaling.Peer} per
 * session with a publisher and a subscriber PeerConnection, rooms per conference, and renegotiation when tracks
 * appear or go. Protocol: docs/signaling.md.
 */
package io.meridian.agent.signaling;
