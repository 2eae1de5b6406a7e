package io.meridian.controller.access;

import java.util.List;
import java.util.Optional;

/**
 * Where managed applications and conference ownership live: PostgreSQL when the controller has a database
 * (shared by replicas), else memory. Declared applications (MERIDIAN_APPS) are not stored here.
 */
public interface AccessStore {

    /** The managed application, if any. */
    Optional<Application> application(String apiKey);

    /** Every managed application, by key. */
    List<Application> applications();

    /** Creates an application with its first secret; throws {@link ConflictException} when the key exists. */
    Application create(String apiKey, AppSecret secret);

    /** Adds a secret (rotation); throws {@link ConflictException} when it already has two. */
    Application addSecret(String apiKey, AppSecret secret);

    /** Removes a secret; throws {@link ConflictException} when it is the last one. */
    Application removeSecret(String apiKey, String secretId);

    /** Deletes the application; false when unknown. */
    boolean delete(String apiKey);

    /**
     * The application that owns the conference, making {@code apiKey} its owner when it has none: a
     * conference belongs to the application whose grant first joined it, and no other application's grant opens it.
     */
    String claimConference(String conferenceId, String apiKey);

    /** The application that owns the conference, if any joined it. */
    Optional<String> owner(String conferenceId);

    /** Forgets owners of conferences that no longer exist (retention); returns how many. */
    int forgetConferences(List<String> conferenceIds);
}
