/**
 * ICE-lite (RFC 8445 §2.5): answers connectivity checks addressed to a known local ufrag with the local password,
 * learns the remote address from valid checks (switching on USE-CANDIDATE), and expires sessions whose consent
 * checks (RFC 7675) stop.
 */
package io.meridian.agent.ice;
