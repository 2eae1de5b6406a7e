package io.meridian.study.workload;

import io.meridian.placement.geo.GeoPoint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        forEachLine(reader, sourceName, "iso2,", (fields, where) -> {
            if (fields.length != 6) {
                throw new IllegalArgumentException(where + "expected iso2,continent,city,latitude,longitude,"
                        + "users_millions but found " + fields.length + " field(s)");
            }
            GeoPoint point = point(fields[3], fields[4], where);
            double users = number(fields[5], "users_millions", where);
            String country = fields[0].strip();
            places.add(place(country + "/" + fields[2].strip(), country, fields[1].strip(), point, users, where));
        });
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
        forEachLine(reader, sourceName, "latitude", (fields, where) -> {
            if (fields.length < 2 || fields.length > 4) {
                throw new IllegalArgumentException(where + "expected latitude,longitude[,weight[,label]] but found "
                        + fields.length + " field(s)");
            }
            GeoPoint point = point(fields[0], fields[1], where);
            double weight = fields.length >= 3 && !fields[2].isBlank() ? number(fields[2], "weight", where) : 1.0;
            String label = fields.length == 4 && !fields[3].isBlank()
                    ? fields[3].strip() : where.substring(0, where.length() - 2);
            places.add(place(label, null, null, point, weight, where));
        });
        return new PlaceTable(places, sourceName);
    }

    private interface LineHandler {
        void accept(String[] fields, String where);
    }

    private static void forEachLine(Reader reader, String source, String headerPrefix, LineHandler handler) {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        int lineNo = 0;
        boolean seenData = false;
        try {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String trimmed = line.strip();
                if (lineNo == 1 && trimmed.startsWith("\uFEFF")) {
                    trimmed = trimmed.substring(1).strip();
                }
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (!seenData && trimmed.toLowerCase(Locale.ROOT).startsWith(headerPrefix)) {
                    seenData = true;
                    continue; // header
                }
                seenData = true;
                handler.accept(trimmed.split(",", -1), source + ":" + lineNo + ": ");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    private static Place place(String label, String country, String continent, GeoPoint point, double weight,
                               String where) {
        try {
            return new Place(label, country, continent, point, weight);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    private static GeoPoint point(String lat, String lon, String where) {
        try {
            return new GeoPoint(number(lat, "latitude", where), number(lon, "longitude", where));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    private static double number(String text, String field, String where) {
        String t = text.strip();
        try {
            double v = Double.parseDouble(t);
            // parseDouble accepts "NaN", "Infinity" and a trailing 'd'/'f'; a CSV number is none of those
            if (!Double.isFinite(v) || t.matches(".*[A-Za-z].*")) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + field + " is not a number: '" + t + "'");
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
