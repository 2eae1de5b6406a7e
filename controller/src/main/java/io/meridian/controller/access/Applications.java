package io.meridian.controller.access;

import io.meridian.controller.Ids;
import io.meridian.controller.api.InvalidRequestException;
import io.meridian.controller.config.MeridianConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Every application the controller admits grants from: those declared at start (MERIDIAN_APPS,
 * MERIDIAN_APPS_FILE; read-only) and those managed through the API (the {@link AccessStore}). A managed
 * application is cached for {@link #CACHE_FOR}, so a removed secret stops working on every replica within that.
 */
@Singleton
public class Applications {
    /** How long a replica trusts what it read of a managed application. */
    public static final Duration CACHE_FOR = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(Applications.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_CACHED = 10_000;

    private final Map<String, Application> declared;
    private final AccessStore store;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    public Applications(MeridianConfig config, AccessStore store, Clock clock) {
        this(declared(config, clock.instant()), store, clock);
        LOG.infof("applications: %d declared (%s), managed ones in the %s store", declared.size(),
                String.join(", ", declared.keySet()), store instanceof JdbcAccessStore ? "PostgreSQL" : "in-memory");
    }

    /** For tests. */
    public Applications(Map<String, Application> declared, AccessStore store, Clock clock) {
        this.declared = Map.copyOf(declared);
        this.store = store;
        this.clock = clock;
    }

    /** The application with this API key, if any. */
    public Optional<Application> find(String apiKey) {
        Application fixed = declared.get(apiKey);
        if (fixed != null) {
            return Optional.of(fixed);
        }
        Instant now = clock.instant();
        Cached cached = cache.get(apiKey);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.application();
        }
        Optional<Application> read = store.application(apiKey);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(apiKey, new Cached(read, now.plus(CACHE_FOR)));
        return read;
    }

    /** Declared and managed applications. */
    public List<Application> all() {
        List<Application> all = new ArrayList<>(declared.values());
        all.addAll(store.applications());
        return all;
    }

    /** The first declared application (the one dev grants are minted for), if any. */
    public Optional<Application> firstDeclared() {
        return declared.values().stream().findFirst();
    }

    /** Creates a managed application with a fresh secret; the answer is the only time the secret is shown. */
    public Application create(String apiKey) {
        requireManageable(apiKey);
        return store.create(apiKey, newSecret());
    }

    /** Adds a fresh secret to a managed application (rotation). */
    public Application addSecret(String apiKey) {
        requireManageable(apiKey);
        cache.remove(apiKey);
        return store.addSecret(apiKey, newSecret());
    }

    /** Removes a secret of a managed application. */
    public Application removeSecret(String apiKey, String secretId) {
        requireManageable(apiKey);
        cache.remove(apiKey);
        return store.removeSecret(apiKey, secretId);
    }

    /** Deletes a managed application; false when unknown. */
    public boolean delete(String apiKey) {
        requireManageable(apiKey);
        cache.remove(apiKey);
        return store.delete(apiKey);
    }

    private void requireManageable(String apiKey) {
        if (!Ids.valid(apiKey)) {
            throw new InvalidRequestException(Ids.problem("apiKey", apiKey));
        }
        if (declared.containsKey(apiKey)) {
            throw new ConflictException("application '" + apiKey
                    + "' is declared by MERIDIAN_APPS or MERIDIAN_APPS_FILE: change it there");
        }
    }

    private AppSecret newSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        byte[] id = new byte[4];
        RANDOM.nextBytes(id);
        return new AppSecret("s-" + HexFormat.of().formatHex(id),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret), clock.instant());
    }

    private static Map<String, Application> declared(MeridianConfig config, Instant now) {
        Map<String, Application> fromList = config.apps().filter(s -> !s.isBlank())
                .map(text -> DeclaredApplications.parseList(text, now)).orElse(Map.of());
        Map<String, Application> fromFile = config.appsFile().filter(s -> !s.isBlank()).map(file -> {
            try {
                return DeclaredApplications.parseFile(Files.readString(Path.of(file), StandardCharsets.UTF_8), file,
                        now);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read MERIDIAN_APPS_FILE " + file + ": " + e.getMessage());
            }
        }).orElse(Map.of());
        return DeclaredApplications.merge(fromList, fromFile);
    }

    private record Cached(Optional<Application> application, Instant until) {
    }
}
