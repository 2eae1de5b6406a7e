package io.meridian.controller.join;

import io.meridian.controller.ControllerException;

/** A conference, participant or agent the request names does not exist. */
public class NotFoundException extends ControllerException {
    public NotFoundException(String detail) {
        super(detail);
    }
}
