package io.meridian.controller.access;

import io.meridian.controller.join.NotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** Applications and conference owners of a single-node controller; nothing survives a restart. */
public class InMemoryAccessStore implements AccessStore {
    private final Map<String, Application> applications = new ConcurrentHashMap<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    @Override
    public Optional<Application> application(String apiKey) {
        return Optional.ofNullable(applications.get(apiKey));
    }

    @Override
    public List<Application> applications() {
        return applications.values().stream().sorted(Comparator.comparing(Application::apiKey)).toList();
    }

    @Override
    public Application create(String apiKey, AppSecret secret) {
        Application created = new Application(apiKey, List.of(secret), false);
        if (applications.putIfAbsent(apiKey, created) != null) {
            throw new ConflictException("application '" + apiKey + "' exists");
        }
        return created;
    }

    @Override
    public Application addSecret(String apiKey, AppSecret secret) {
        return change(apiKey, app -> {
            if (app.secrets().size() >= Application.MAX_SECRETS) {
                throw new ConflictException("application '" + apiKey + "' already has " + Application.MAX_SECRETS
                        + " secrets: remove the old one first");
            }
            List<AppSecret> secrets = new ArrayList<>(app.secrets());
            secrets.add(secret);
            return new Application(apiKey, secrets, false);
        });
    }

    @Override
    public Application removeSecret(String apiKey, String secretId) {
        return change(apiKey, app -> {
            List<AppSecret> secrets = app.secrets().stream().filter(s -> !s.id().equals(secretId)).toList();
            if (secrets.size() == app.secrets().size()) {
                throw new NotFoundException("application '" + apiKey
                        + "' has no secret '" + secretId + "'");
            }
            if (secrets.isEmpty()) {
                throw new ConflictException("secret '" + secretId + "' is the application's last: add another first");
            }
            return new Application(apiKey, secrets, false);
        });
    }

    @Override
    public boolean delete(String apiKey) {
        return applications.remove(apiKey) != null;
    }

    @Override
    public String claimConference(String conferenceId, String apiKey) {
        String previous = owners.putIfAbsent(conferenceId, apiKey);
        return previous == null ? apiKey : previous;
    }

    @Override
    public Optional<String> owner(String conferenceId) {
        return Optional.ofNullable(owners.get(conferenceId));
    }

    @Override
    public int forgetConferences(List<String> conferenceIds) {
        int forgotten = 0;
        for (String id : conferenceIds) {
            forgotten += owners.remove(id) != null ? 1 : 0;
        }
        return forgotten;
    }

    private Application change(String apiKey, UnaryOperator<Application> change) {
        Application updated = applications.computeIfPresent(apiKey, (key, app) -> change.apply(app));
        if (updated == null) {
            throw new NotFoundException("application '" + apiKey + "' does not exist");
        }
        return updated;
    }
}
