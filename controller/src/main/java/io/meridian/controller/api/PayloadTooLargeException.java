package io.meridian.controller.api;

import io.meridian.controller.ControllerException;

/** The request body is over the 64 KiB limit. */
public class PayloadTooLargeException extends ControllerException {
    public PayloadTooLargeException(String detail) {
        super(detail);
    }
}
