package io.meridian.agent.control;

import java.util.List;

/**
 * Carries out the controller's relay commands. The cascading (relay) work implements it; until then
 * {@link UnsupportedRelayCommands} refuses them. Called on the controller link's thread: keep it short
 * (bind a socket, register keys) and never block on the network.
 */
public interface RelayCommands {

    /** Opens (or re-keys) a relay link; the result is acknowledged to the controller. */
    CommandResult open(OpenRelayCommand command);

    /** Closes a relay link; the result is acknowledged to the controller. */
    CommandResult close(CloseRelayCommand command);

    /** The fleet's other agents, to probe RTT to at a low rate; replaces the previous list. */
    default void fleetPeers(List<FleetPeer> peers) {
    }

    /** A UDP address of a peer agent. */
    record UdpEndpoint(String host, int port) {
    }

    /**
     * SRTP keying for one direction of a relay link.
     *
     * @param profile    "AEAD_AES_128_GCM" or "AES_CM_128_HMAC_SHA1_80"
     * @param masterKey  16 bytes
     * @param masterSalt 12 bytes (GCM) or 14 bytes (CM)
     */
    record SrtpKeying(String profile, byte[] masterKey, byte[] masterSalt) {
    }

    /** Open a relay link to {@code peerAgentId} for {@code conferenceId}. */
    record OpenRelayCommand(String conferenceId, String peerAgentId, UdpEndpoint peerRelayAddress,
            SrtpKeying sendKey, SrtpKeying receiveKey) {
    }

    /** Close the relay link to {@code peerAgentId} for {@code conferenceId}. */
    record CloseRelayCommand(String conferenceId, String peerAgentId) {
    }

    /** Another agent of the fleet. */
    record FleetPeer(String agentId, String region, UdpEndpoint relayAddress) {
    }

    /** Outcome of a command, acknowledged with its command id. */
    record CommandResult(boolean ok, String error) {

        /** The command was carried out. */
        public static CommandResult done() {
            return new CommandResult(true, "");
        }

        /** The command failed for {@code reason} (sent to the controller, so keep it operator-readable). */
        public static CommandResult failed(String reason) {
            return new CommandResult(false, reason);
        }
    }
}
