package io.meridian.agent.token;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes join tokens single-use: the {@code jti} of every admitted token is remembered until the token expires, so
 * a token copied from a browser, a log or a proxy admits nobody a second time (a kicked participant's token
 * included). Bounded: expired entries are swept as new ones arrive, and when {@link #CAPACITY} live tokens are
 * remembered new admissions are refused rather than forgotten. The ledger lives in memory, so a restarted agent
 * forgets it; tokens live for minutes (the controller's {@code meridian.join-token.lifetime}), which bounds that.
 */
@Singleton
public final class TokenLedger {
    /** Live tokens remembered at most: ~100 bytes each, far beyond any agent's admission rate × token lifetime. */
    static final int CAPACITY = 200_000;

    private final ConcurrentHashMap<String, Instant> used = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int capacity;
    private volatile Instant nextSweep = Instant.MIN;

    @Inject
    public TokenLedger() {
        this(Clock.systemUTC(), CAPACITY);
    }

    TokenLedger(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    /** What {@link #admit} decided. */
    public enum Admission {
        /** First use: the session may start. */
        ADMITTED,
        /** The token admitted a session before. */
        REPLAYED,
        /** The ledger is full of live tokens: refuse now rather than forget one. */
        FULL
    }

    /** Records {@code claims}' token as used. */
    public Admission admit(JoinClaims claims) {
        Instant now = clock.instant();
        if (used.size() >= capacity || now.isAfter(nextSweep)) {
            sweep(now);
        }
        if (used.size() >= capacity) {
            return Admission.FULL;
        }
        // The key binds jti to its participant, so two issuers' equal jti values could never collide.
        String key = claims.participantId() + '\n' + claims.tokenId();
        return used.putIfAbsent(key, claims.expiresAt()) == null ? Admission.ADMITTED : Admission.REPLAYED;
    }

    /** Live tokens remembered. */
    int size() {
        return used.size();
    }

    private void sweep(Instant now) {
        nextSweep = now.plusSeconds(10);
        // An expired token is refused by the verifier anyway, so forgetting it reopens nothing.
        used.values().removeIf(expiresAt -> expiresAt.isBefore(now.minusSeconds(60)));
    }
}
