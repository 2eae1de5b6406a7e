/**
 * STUN (RFC 5389/8489) message codec for ICE: parse and build binding requests and responses, MESSAGE-INTEGRITY
 * (HMAC-SHA1, short-term credentials), FINGERPRINT (CRC-32 xor 0x5354554e), XOR-MAPPED-ADDRESS and the ICE
 * attributes (RFC 8445 §16). Malformed input is reported as a failed parse, never thrown.
 */
package io.meridian.agent.stun;
