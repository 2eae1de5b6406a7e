/**
 * TURN for browsers whose network blocks UDP to the agents: the configured TURN server and short-lived credentials
 * (coturn's {@code use-auth-secret} convention) handed out in join answers.
 */
package io.meridian.controller.turn;
