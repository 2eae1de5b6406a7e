/**
 * DTLS-SRTP (RFC 5764) server side with BouncyCastle: a self-signed ECDSA P-256 certificate per agent, the peer's
 * certificate checked against its SDP fingerprint, use_srtp negotiation and the exported SRTP keys.
 */
package io.meridian.agent.dtls;
