package io.meridian.controller.access;

import java.util.List;

/**
 * A tenant of the fleet: its backend signs join grants with one of its secrets (two at once while rotating).
 *
 * @param apiKey public id, the grants' {@code iss}
 * @param declared true when it comes from MERIDIAN_APPS / MERIDIAN_APPS_FILE (read-only through the API)
 */
public record Application(String apiKey, List<AppSecret> secrets, boolean declared) {
    /** Most secrets valid at once: the current one and the one being rotated out. */
    public static final int MAX_SECRETS = 2;

    public Application {
        secrets = List.copyOf(secrets);
        if (secrets.isEmpty() || secrets.size() > MAX_SECRETS) {
            throw new IllegalArgumentException("application " + apiKey + " must have 1 or " + MAX_SECRETS
                    + " secrets, has " + secrets.size());
        }
    }
}
