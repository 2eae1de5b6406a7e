package io.meridian.controller.access;

import io.meridian.controller.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses applications declared at start: {@code key:secret} entries, comma-separated in MERIDIAN_APPS or one per
 * line in MERIDIAN_APPS_FILE ({@code #} comments). A key listed twice has two valid secrets (rotation). Errors
 * name the entry's position, never its secret.
 */
public final class DeclaredApplications {
    private DeclaredApplications() {
    }

    /** Entries of MERIDIAN_APPS. */
    public static Map<String, Application> parseList(String text, Instant now) {
        List<Entry> entries = new ArrayList<>();
        String[] parts = text.split(",");
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].isBlank()) {
                entries.add(new Entry(parts[i].strip(), "MERIDIAN_APPS entry " + (i + 1)));
            }
        }
        return build(entries, now);
    }

    /** Lines of MERIDIAN_APPS_FILE. */
    public static Map<String, Application> parseFile(String text, String fileName, Instant now) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                entries.add(new Entry(line, fileName + ":" + (i + 1)));
            }
        }
        return build(entries, now);
    }

    /** Merges two declarations; a key in both is an error. */
    public static Map<String, Application> merge(Map<String, Application> a, Map<String, Application> b) {
        Map<String, Application> all = new LinkedHashMap<>(a);
        b.forEach((key, app) -> {
            if (all.putIfAbsent(key, app) != null) {
                throw new IllegalArgumentException("application '" + key
                        + "' is declared in both MERIDIAN_APPS and MERIDIAN_APPS_FILE");
            }
        });
        return all;
    }

    private static Map<String, Application> build(List<Entry> entries, Instant now) {
        Map<String, List<AppSecret>> secrets = new LinkedHashMap<>();
        for (Entry entry : entries) {
            int colon = entry.text().indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(entry.where() + " is not 'key:secret'");
            }
            String key = entry.text().substring(0, colon);
            String secret = entry.text().substring(colon + 1);
            if (!Ids.valid(key)) {
                throw new IllegalArgumentException(entry.where() + ": " + Ids.problem("the API key", key));
            }
            List<AppSecret> list = secrets.computeIfAbsent(key, k -> new ArrayList<>());
            if (list.size() == Application.MAX_SECRETS) {
                throw new IllegalArgumentException(entry.where() + ": application '" + key + "' has more than "
                        + Application.MAX_SECRETS + " secrets");
            }
            try {
                list.add(new AppSecret("declared-" + (list.size() + 1), secret, now));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(entry.where() + ": the secret of '" + key + "' is shorter than "
                        + AppSecret.MIN_LENGTH + " characters");
            }
        }
        Map<String, Application> apps = new LinkedHashMap<>();
        secrets.forEach((key, list) -> apps.put(key, new Application(key, list, true)));
        return apps;
    }

    private record Entry(String text, String where) {
    }
}
