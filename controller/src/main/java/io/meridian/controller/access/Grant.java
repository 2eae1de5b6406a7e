package io.meridian.controller.access;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A verified join grant: who the application admits, to which conference, with which permissions.
 *
 * @param apiKey the application that signed it ({@code iss})
 * @param identity the participant id ({@code sub})
 * @param conferenceId the only conference it opens ({@code conference})
 * @param name display name, if given
 */
public record Grant(String apiKey, String identity, String conferenceId, Set<Permission> permissions,
        Optional<String> name, Instant expiresAt) {

    public Grant {
        permissions = Set.copyOf(permissions);
    }

    /** True when the grant carries {@code permission}. */
    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }
}
