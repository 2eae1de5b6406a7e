package io.meridian.controller.access;

import io.meridian.controller.ControllerException;

/** The caller is authenticated but may not do this (403): another conference, identity or permission. */
public class ForbiddenException extends ControllerException {
    public ForbiddenException(String detail) {
        super(detail);
    }
}
