package io.meridian.controller.api;

import io.meridian.controller.ControllerException;

/** The request is malformed (bad id, bad JSON, value out of range); nothing was changed. */
public class InvalidRequestException extends ControllerException {
    public InvalidRequestException(String detail) {
        super(detail);
    }
}
