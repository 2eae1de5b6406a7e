package io.meridian.controller.api;

import io.meridian.controller.ControllerException;

/** An operator endpoint was called without the fleet secret as {@code Authorization: Bearer} (401). */
public class UnauthorizedException extends ControllerException {
    public UnauthorizedException(String detail) {
        super(detail);
    }
}
