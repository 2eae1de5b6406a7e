package io.meridian.controller.persistence;

import io.meridian.controller.ControllerException;

/** The database cannot be reached or did not answer in time (503 with Retry-After: nothing was changed). */
public class StoreUnavailableException extends ControllerException {
    public StoreUnavailableException(String detail) {
        super(detail);
    }
}
