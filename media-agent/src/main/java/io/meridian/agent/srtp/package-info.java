/**
 * SRTP and SRTCP (RFC 3711 AES_CM_128_HMAC_SHA1_80/32, RFC 7714 AEAD_AES_128_GCM) with JDK crypto: key derivation,
 * rollover counter tracking, replay windows, in-place protect/unprotect on byte arrays.
 */
package io.meridian.agent.srtp;
