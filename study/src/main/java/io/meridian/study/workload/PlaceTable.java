package io.meridian.study.workload;

import io.meridian.placement.geo.CsvRows;
import io.meridian.placement.geo.GeoPoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The places participants are drawn from, each with a weight: the built-in world distribution (internet users by
 * country, 2022, see {@code internet-users-2022.csv} for the source) or a user's CSV.
 *
 * <p>User CSV: one place a line, {@code latitude,longitude[,weight[,label]]}; the weight defaults to 1 (one line =
 * one participant's home). Blank lines and {@code #} comments are skipped; a first line starting with
 * {@code latitude} is a header. Any bad line fails the whole file with an {@link IllegalArgumentException} that
 * names the file and the line.
 */
public final class PlaceTable {

    /** The built-in world distribution's resource name (next to this class's package). */
    public static final String WORLD_RESOURCE = "/io/meridian/study/internet-users-2022.csv";

    private final List<Place> places;
    private final String source;

    private PlaceTable(List<Place> places, String source) {
        if (places.isEmpty()) {
            throw new IllegalArgumentException(source + ": no places defined");
        }
        this.places = List.copyOf(places);
        this.source = source;
    }

    /**
     * @param places at least one place
     * @param source how reports name this table
     * @return a table of exactly these places
     */
    public static PlaceTable of(List<Place> places, String source) {
        return new PlaceTable(places, source);
    }

    /** @return the built-in world distribution: internet users by country (2022), one representative city a row */
    public static PlaceTable world() {
        InputStream in = PlaceTable.class.getResourceAsStream(WORLD_RESOURCE);
        if (in == null) {
            throw new IllegalStateException("missing resource " + WORLD_RESOURCE);
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parseWorld(r, "built-in internet-users-2022.csv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the world table format: {@code iso2,continent,city,latitude,longitude,users_millions}.
     *
     * @param reader     the CSV text; not closed
     * @param sourceName how errors name the input
     * @return the table
     * @throws IllegalArgumentException naming the source and line on a malformed line
     */
    static PlaceTable parseWorld(Reader reader, String sourceName) {
        List<Place> places = new ArrayList<>();
        for (CsvRows.Row row : CsvRows.read(reader, sourceName, "iso2,")) {
            if (row.size() != 6) {
                throw row.error("expected iso2,continent,city,latitude,longitude,users_millions but found "
                        + row.size() + " field(s)");
            }
            GeoPoint point = point(row, 3, 4);
            double users = row.number(5, "users_millions");
            String country = row.field(0);
            places.add(place(row, country + "/" + row.field(2), country, row.field(1), point, users));
        }
        return new PlaceTable(places, sourceName);
    }

    /**
     * Reads a user's participant CSV ({@code latitude,longitude[,weight[,label]]}).
     *
     * @param reader     the CSV text; not closed
     * @param sourceName how errors name the input (usually the file path)
     * @return the table
     * @throws IllegalArgumentException naming the source and line on a malformed line, or when no line is left
     */
    public static PlaceTable parseParticipants(Reader reader, String sourceName) {
        List<Place> places = new ArrayList<>();
        for (CsvRows.Row row : CsvRows.read(reader, sourceName, "latitude")) {
            if (row.size() < 2 || row.size() > 4) {
                throw row.error("expected latitude,longitude[,weight[,label]] but found " + row.size() + " field(s)");
            }
            GeoPoint point = point(row, 0, 1);
            double weight = row.size() >= 3 && !row.field(2).isEmpty() ? row.number(2, "weight") : 1.0;
            String label = row.size() == 4 && !row.field(3).isEmpty() ? row.field(3) : row.location();
            places.add(place(row, label, null, null, point, weight));
        }
        return new PlaceTable(places, sourceName);
    }

    private static Place place(CsvRows.Row row, String label, String country, String continent, GeoPoint point,
                               double weight) {
        try {
            return new Place(label, country, continent, point, weight);
        } catch (IllegalArgumentException e) {
            throw row.error(e.getMessage(), e);
        }
    }

    private static GeoPoint point(CsvRows.Row row, int latitude, int longitude) {
        double lat = row.number(latitude, "latitude");
        double lon = row.number(longitude, "longitude");
        try {
            return new GeoPoint(lat, lon);
        } catch (IllegalArgumentException e) {
            throw row.error(e.getMessage(), e);
        }
    }

    /** @return the places, in file order */
    public List<Place> places() {
        return places;
    }

    /** @return how reports name this table (a file path or the built-in resource) */
    public String source() {
        return source;
    }

    /** @return the number of places */
    public int size() {
        return places.size();
    }

    /** @return the sum of all weights */
    public double totalWeight() {
        double sum = 0;
        for (Place p : places) {
            sum += p.weight();
        }
        return sum;
    }
}
