/**
 * The media UDP socket: one port for every WebRTC session, a dedicated receive thread with preallocated buffers,
 * RFC 7983 demultiplexing into STUN / DTLS / RTP / RTCP, and counters of what was received and dropped. The
 * thread itself (non-blocking channel, selector, posted tasks, tick) is {@code UdpLoop}, which the relay reuses.
 */
package io.meridian.agent.net;
