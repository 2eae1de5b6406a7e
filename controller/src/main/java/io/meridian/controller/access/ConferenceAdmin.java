package io.meridian.controller.access;

import io.meridian.controller.api.UnauthorizedException;
import io.meridian.controller.join.NotFoundException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Who may administer a conference (read it, read its decisions, remove a participant): a grant for that
 * conference with the {@code admin} permission, the owning application's key and secret
 * ({@code Authorization: Basic base64(key:secret)}), or the operator. Another application's credentials get the
 * same 404 as an unknown conference: they learn nothing, not even that it exists.
 */
@Singleton
public class ConferenceAdmin {
    private static final String BASIC = "Basic ";

    private final GrantVerifier grants;
    private final Applications applications;
    private final ConferenceOwners owners;
    private final OperatorCredential operator;
    private final Refusals refusals;

    @Inject
    public ConferenceAdmin(GrantVerifier grants, Applications applications, ConferenceOwners owners,
            OperatorCredential operator, Refusals refusals) {
        this.grants = grants;
        this.applications = applications;
        this.owners = owners;
        this.operator = operator;
        this.refusals = refusals;
    }

    /** Returns normally when {@code authorization} may administer the conference; throws 401/403/404 otherwise. */
    public void authorize(String authorization, String conferenceId) {
        if (operator.matches(authorization)) {
            return;
        }
        String apiKey;
        if (authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            apiKey = application(authorization.substring(BASIC.length()).strip());
        } else {
            Grant grant = grants.verifyHeader(authorization, conferenceId);
            if (!grant.allows(Permission.ADMIN)) {
                throw refusals.refuse("forbidden_admin", new ForbiddenException(
                        "the grant does not carry the 'admin' permission"));
            }
            apiKey = grant.apiKey();
        }
        Optional<String> owner = owners.owner(conferenceId);
        if (owner.isEmpty() || !owner.get().equals(apiKey)) {
            throw new NotFoundException("conference '" + conferenceId + "' does not exist");
        }
    }

    /** The API key whose {@code key:secret} these Basic credentials are; 401 otherwise. */
    private String application(String encoded) {
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw refusals.refuse("app_credentials", new UnauthorizedException("malformed Basic credentials"));
        }
        int colon = pair.indexOf(':');
        String key = colon < 0 ? pair : pair.substring(0, colon);
        byte[] secret = (colon < 0 ? "" : pair.substring(colon + 1)).getBytes(StandardCharsets.UTF_8);
        Application app = applications.find(key).orElse(null);
        boolean match = false;
        if (app != null) {
            for (AppSecret candidate : app.secrets()) {
                match |= MessageDigest.isEqual(candidate.key(), secret);
            }
        }
        if (!match) {
            throw refusals.refuse("app_credentials", new UnauthorizedException(
                    "the application key and secret do not match"));
        }
        return key;
    }
}
