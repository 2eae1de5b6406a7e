package io.meridian.controller.access;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which application owns each conference, in front of the {@link AccessStore} with a bounded cache: an owner
 * never changes while its conference exists, so a steady join costs no database round trip for it.
 */
@Singleton
public class ConferenceOwners {
    private static final int MAX_CACHED = 50_000;

    private final AccessStore store;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    @Inject
    public ConferenceOwners(AccessStore store) {
        this.store = store;
    }

    /** Makes {@code apiKey} the owner of a new conference; returns the owner (maybe another application). */
    public String claim(String conferenceId, String apiKey) {
        String owner = cache.get(conferenceId);
        if (owner == null) {
            owner = store.claimConference(conferenceId, apiKey);
            remember(conferenceId, owner);
        }
        return owner;
    }

    /** The owner, if the conference was ever joined. */
    public Optional<String> owner(String conferenceId) {
        String owner = cache.get(conferenceId);
        if (owner != null) {
            return Optional.of(owner);
        }
        Optional<String> stored = store.owner(conferenceId);
        stored.ifPresent(o -> remember(conferenceId, o));
        return stored;
    }

    /** Forgets the owners of deleted conferences (retention), here and in the store. */
    public void forget(List<String> conferenceIds) {
        conferenceIds.forEach(cache::remove);
        store.forgetConferences(conferenceIds);
    }

    private void remember(String conferenceId, String owner) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(conferenceId, owner);
    }
}
