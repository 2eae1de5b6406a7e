package io.meridian.controller.agentlink;

/** A message from an agent broke the protocol's rules; the description goes back as the gRPC status. */
public class InvalidAgentMessage extends Exception {
    public InvalidAgentMessage(String description) {
        super(description, null, false, false);
    }
}
