package io.meridian.controller.access;

import io.meridian.controller.config.MeridianConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Join rate limits, checked before any database work: a token bucket per source address (the resolved client
 * address, after trusted-proxy handling) and one per application (API key of a verified grant). The source is
 * checked first, so a flood from one address is refused before it can spend its application's budget and other
 * addresses' grant holders still get in. Memory is bounded: past {@code max-buckets} per kind, buckets that have
 * refilled (idle) are forgotten first, then any, oldest-inserted first.
 */
@Singleton
public class JoinRateLimits {
    private final Buckets sources;
    private final Buckets apps;
    private final Refusals refusals;

    @Inject
    public JoinRateLimits(MeridianConfig config, Refusals refusals) {
        this(config.rateLimit(), refusals, System::nanoTime);
    }

    /** Limits over a given clock, for tests. */
    public JoinRateLimits(MeridianConfig.RateLimit limits, Refusals refusals, LongSupplier nanoTime) {
        this.sources = new Buckets(limits.sourceRate(), limits.sourceBurst(), limits.maxBuckets(), nanoTime);
        this.apps = new Buckets(limits.appRate(), limits.appBurst(), limits.maxBuckets(), nanoTime);
        this.refusals = refusals;
    }

    /** Takes a join from {@code source} (an IP literal, or "unknown"); throws a 429 problem when over the limit. */
    public void admitSource(String source) {
        long wait = sources.take(source);
        if (wait > 0) {
            throw refusals.refuse("rate-limited-source", new RateLimitedException(
                    "too many joins from your address; retry in " + wait + " s", wait));
        }
    }

    /** Takes a join of application {@code apiKey}; throws a 429 problem when over the limit. */
    public void admitApplication(String apiKey) {
        long wait = apps.take(apiKey);
        if (wait > 0) {
            throw refusals.refuse("rate-limited-app", new RateLimitedException(
                    "too many joins for application '" + apiKey + "'; retry in " + wait + " s", wait));
        }
    }

    /** Buckets currently held, sources and applications together (for tests and the bound). */
    int buckets() {
        return sources.size() + apps.size();
    }

    /** One kind's buckets by key. */
    private static final class Buckets {
        private final double rate;
        private final double burst;
        private final int max;
        private final LongSupplier nanoTime;
        private final Map<String, TokenBucket> byKey = new ConcurrentHashMap<>();

        Buckets(double rate, int burst, int max, LongSupplier nanoTime) {
            if (!(rate > 0) || burst < 1 || max < 1) {
                throw new IllegalArgumentException("meridian.rate-limit: rates must be > 0, bursts and max-buckets"
                        + " >= 1 (got rate " + rate + ", burst " + burst + ", max-buckets " + max + ")");
            }
            this.rate = rate;
            this.burst = burst;
            this.max = max;
            this.nanoTime = nanoTime;
        }

        long take(String key) {
            long now = nanoTime.getAsLong();
            TokenBucket bucket = byKey.get(key);
            if (bucket == null) {
                if (byKey.size() >= max) {
                    evict(now);
                }
                bucket = byKey.computeIfAbsent(key, k -> new TokenBucket(rate, burst, now));
            }
            synchronized (bucket) {
                return bucket.take(now);
            }
        }

        /** Forgets refilled buckets; if none were, forgets a tenth of them so a new key always fits. */
        private synchronized void evict(long now) {
            byKey.values().removeIf(b -> {
                synchronized (b) {
                    return b.full(now);
                }
            });
            int excess = byKey.size() - max + Math.max(1, max / 10);
            for (Iterator<String> keys = byKey.keySet().iterator(); excess > 0 && keys.hasNext(); excess--) {
                keys.next();
                keys.remove();
            }
        }

        int size() {
            return byKey.size();
        }
    }
}
