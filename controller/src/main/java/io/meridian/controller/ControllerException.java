package io.meridian.controller;

/**
 * Base of the controller's domain exceptions: each subclass maps to one HTTP status in the API's problem
 * table, and its message is safe to show to clients (no internals).
 */
public abstract class ControllerException extends RuntimeException {
    protected ControllerException(String detail) {
        super(detail, null, false, false);
    }
}
