package io.meridian.controller.geo;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import io.meridian.placement.geo.GeoPoint;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/** Looks addresses up in a MaxMind City database (GeoLite2-City or GeoIP2-City). */
public final class GeoIpLookup implements Closeable {

    /** Where an address is, by the database. */
    public record Hit(GeoPoint point, String country) {
    }

    private final DatabaseReader reader;
    private final String description;

    private GeoIpLookup(DatabaseReader reader, String description) {
        this.reader = reader;
        this.description = description;
    }

    /** Opens a City database; throws IOException when missing or not a City database. */
    public static GeoIpLookup open(Path path) throws IOException {
        DatabaseReader reader = new DatabaseReader.Builder(path.toFile()).build();
        String type = reader.getMetadata().getDatabaseType();
        if (type == null || !type.contains("City")) {
            reader.close();
            throw new IOException(path + " is a '" + type + "' database, not a City database");
        }
        return new GeoIpLookup(reader, type + " built " + reader.getMetadata().getBuildDate().toInstant());
    }

    /** E.g. "GeoLite2-City built 2024-...". */
    public String description() {
        return description;
    }

    /** The address's location and country, empty when the database has no coordinates for it. */
    public Optional<Hit> locate(InetAddress address) {
        try {
            Optional<CityResponse> city = reader.tryCity(address);
            if (city.isEmpty()) {
                return Optional.empty();
            }
            Double lat = city.get().getLocation().getLatitude();
            Double lon = city.get().getLocation().getLongitude();
            if (lat == null || lon == null) {
                return Optional.empty();
            }
            String country = city.get().getCountry().getIsoCode();
            return Optional.of(new Hit(new GeoPoint(lat, lon), country));
        } catch (IOException | GeoIp2Exception | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
