package io.meridian.controller.join;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.controller.ControllerException;

/** No agent can take the participant; the API answers 503 with Retry-After and the decision. */
public class NoCapacityException extends ControllerException {
    private final transient JsonNode decision;

    public NoCapacityException(String reason, JsonNode decision) {
        super("no agent can take the participant: " + reason);
        this.decision = decision;
    }

    /** The logged rejection with its explanation. */
    public JsonNode decision() {
        return decision;
    }
}
