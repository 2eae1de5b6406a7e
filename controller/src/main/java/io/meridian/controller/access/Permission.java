package io.meridian.controller.access;

import java.util.Locale;
import java.util.Optional;

/** What a join grant lets its holder do in its conference ({@code permissions} claim). */
public enum Permission {
    /** Send camera, microphone or screen. */
    PUBLISH,
    /** Receive the others' media. */
    SUBSCRIBE,
    /** Inspect the conference, read its decision log, remove participants. */
    ADMIN;

    /** The name as it appears in grants and agent tokens. */
    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The permission a claim value names, if any. */
    public static Optional<Permission> ofClaim(String value) {
        for (Permission p : values()) {
            if (p.claim().equals(value)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
