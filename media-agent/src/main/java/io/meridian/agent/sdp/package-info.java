/**
 * SDP for WebRTC with browsers: parsing untrusted offers and answers, answering a publisher's offer and writing the
 * agent's offers to subscribers (BUNDLE, rtcp-mux, Unified Plan mids, ICE-lite, the agent as DTLS server, Opus and
 * VP8/H.264). Protocol: docs/signaling.md.
 */
package io.meridian.agent.sdp;
