package io.meridian.controller.agentlink;

/** An agent command did not succeed: refused, agent not connected, or no acknowledgement in time. */
public class CommandFailedException extends RuntimeException {
    public CommandFailedException(String message) {
        super(message, null, false, false);
    }
}
