/**
 * WebRTC transports on the shared media port: the media plane (socket, ICE-lite demultiplexing, DTLS certificate)
 * and one {@link io.meridian.agent.transport.WebRtcTransport} per browser PeerConnection (ICE + DTLS + SRTP),
 * which hands decrypted media to the forwarding core and sends what it forwards.
 */
package io.meridian.agent.transport;
