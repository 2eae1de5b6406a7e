package io.meridian.controller.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The real GeoLite2 City database for tests, fetched on first use by bin/fetch-geoip (works on a fresh clone). */
public final class TestGeoIp {
    private static Path database;

    private TestGeoIp() {
    }

    /** Path of GeoLite2-City.mmdb, fetching it when missing. */
    public static synchronized Path database() {
        if (database != null) {
            return database;
        }
        Path root = repositoryRoot();
        Path db = root.resolve("data/geoip/GeoLite2-City.mmdb");
        try {
            Process fetch = new ProcessBuilder(root.resolve("bin/fetch-geoip").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!fetch.waitFor(5, TimeUnit.MINUTES) || fetch.exitValue() != 0) {
                throw new IllegalStateException("bin/fetch-geoip failed; GeoIP tests need npm and the npm registry");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run bin/fetch-geoip: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (!Files.isRegularFile(db)) {
            throw new IllegalStateException("bin/fetch-geoip did not produce " + db);
        }
        database = db;
        return db;
    }

    /** The repository's root (the controller module's parent). */
    public static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bin/fetch-geoip"))) {
                return p;
            }
        }
        throw new IllegalStateException("no bin/fetch-geoip above " + here);
    }
}
