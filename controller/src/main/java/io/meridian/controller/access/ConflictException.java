package io.meridian.controller.access;

import io.meridian.controller.ControllerException;

/** The request contradicts what exists (409): an application key taken, a third secret, the last secret. */
public class ConflictException extends ControllerException {
    public ConflictException(String detail) {
        super(detail);
    }
}
