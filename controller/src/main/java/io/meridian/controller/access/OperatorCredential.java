package io.meridian.controller.access;

import io.meridian.controller.api.UnauthorizedException;
import io.meridian.controller.config.MeridianConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The operator's credential for fleet and application management ({@code Authorization: Bearer
 * <MERIDIAN_OPERATOR_TOKEN>}; two comma-separated while rotating). No agent and no application holds it.
 * Compared in constant time; none configured → every operator call is refused.
 */
@Singleton
public class OperatorCredential {
    private final List<byte[]> expected;
    private final Refusals refusals;

    @Inject
    public OperatorCredential(MeridianConfig config, Refusals refusals) {
        this(config.operatorToken().orElse(List.of()), refusals);
    }

    /** For tests. */
    public OperatorCredential(List<String> tokens, Refusals refusals) {
        this.refusals = refusals;
        this.expected = tokens.stream().filter(t -> !t.isBlank())
                .map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** True when an operator token is configured. */
    public boolean configured() {
        return !expected.isEmpty();
    }

    /** Returns normally for the operator; 401 (counted) for anyone else, before anything else is looked at. */
    public void require(String authorization) {
        if (!matches(authorization)) {
            throw refusals.refuse("operator_credential", new UnauthorizedException(!configured()
                    ? "operator calls are disabled: the controller has no operator token (MERIDIAN_OPERATOR_TOKEN)"
                    : "send the operator token as 'Authorization: Bearer <MERIDIAN_OPERATOR_TOKEN>'"));
        }
    }

    /** True when {@code authorization} is exactly "Bearer <an operator token>". */
    public boolean matches(String authorization) {
        if (authorization == null) {
            return false;
        }
        byte[] presented = authorization.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] token : expected) {
            match |= MessageDigest.isEqual(token, presented);
        }
        return match;
    }
}
