package io.meridian.placement.geo;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable set of regions, looked up by name or by distance.
 *
 * <p>The built-in catalog ({@link #builtIn()}) lists major AWS, GCP and Azure regions under each provider's own
 * region name ({@code us-east-1}, {@code europe-west1}, {@code westeurope}); the three naming schemes do not
 * collide. Coordinates are those of the metro area each region serves from.
 *
 * <p>Operator files ({@link #parse(Reader, String)}) are CSV, one region a line:
 * {@code name,latitude,longitude[,egressUsdPerGb]}. Blank lines and lines starting with {@code #} are ignored;
 * a first line {@code name,latitude,longitude[,egressUsdPerGb]} is taken as a header. Any bad line fails the
 * whole file with an {@link IllegalArgumentException} naming the source and the line number.
 */
public final class RegionCatalog {

    private static final String BUILT_IN_RESOURCE = "builtin-regions.csv";

    private final Map<String, Region> byName;
    private final List<Region> all;

    private RegionCatalog(List<Region> regions) {
        Map<String, Region> map = new LinkedHashMap<>();
        for (Region r : regions) {
            if (map.putIfAbsent(r.name(), r) != null) {
                throw new IllegalArgumentException("duplicate region name '" + r.name() + "'");
            }
        }
        if (map.isEmpty()) {
            throw new IllegalArgumentException("a region catalog needs at least one region");
        }
        this.byName = Collections.unmodifiableMap(map);
        this.all = List.copyOf(map.values());
    }

    /**
     * @param regions the regions, unique by name, at least one
     * @return a catalog of exactly these regions, in this order
     * @throws IllegalArgumentException on duplicates or an empty list
     */
    public static RegionCatalog of(List<Region> regions) {
        return new RegionCatalog(List.copyOf(regions));
    }

    /** @return the built-in catalog of major AWS, GCP and Azure regions (loaded once) */
    public static RegionCatalog builtIn() {
        return BuiltIn.CATALOG;
    }

    /**
     * Reads an operator region file.
     *
     * @param reader     the CSV text; not closed by this method
     * @param sourceName how errors name the input (usually the file path)
     * @return the catalog
     * @throws IllegalArgumentException naming {@code sourceName} and the line when a line is malformed, a value out
     *                                  of range, a name repeated, or the file empty
     * @throws UncheckedIOException     when the reader fails
     */
    public static RegionCatalog parse(Reader reader, String sourceName) {
        List<Region> regions = new ArrayList<>();
        Map<String, Integer> lineOfName = new LinkedHashMap<>();
        for (CsvRows.Row row : CsvRows.read(reader, sourceName, "name,")) {
            Region region = parseRow(row);
            Integer first = lineOfName.putIfAbsent(region.name(), row.lineNumber());
            if (first != null) {
                throw row.error("region '" + region.name() + "' is already defined on line " + first);
            }
            regions.add(region);
        }
        if (regions.isEmpty()) {
            throw new IllegalArgumentException(sourceName + ": no regions defined");
        }
        return new RegionCatalog(regions);
    }

    private static Region parseRow(CsvRows.Row row) {
        if (row.size() < 3 || row.size() > 4) {
            throw row.error("expected name,latitude,longitude[,egressUsdPerGb] but found " + row.size()
                    + " field(s): '" + row.line() + "'");
        }
        double lat = row.number(1, "latitude");
        double lon = row.number(2, "longitude");
        double egress = row.size() == 4 && !row.field(3).isEmpty() ? row.number(3, "egressUsdPerGb") : Double.NaN;
        try {
            return new Region(row.field(0), new GeoPoint(lat, lon), egress);
        } catch (IllegalArgumentException e) {
            throw row.error(e.getMessage(), e);
        }
    }

    /**
     * @param name a region name (exact, case-sensitive)
     * @return the region, when the catalog has it
     */
    public Optional<Region> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * @param name a region name
     * @return whether the catalog has a region of this name
     */
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /**
     * @param point a location
     * @return the region closest by great-circle distance (the first listed on a tie)
     */
    public Region nearest(GeoPoint point) {
        Objects.requireNonNull(point, "point");
        Region best = null;
        double bestKm = Double.POSITIVE_INFINITY;
        for (Region r : all) {
            double km = r.location().distanceKm(point);
            if (km < bestKm) {
                bestKm = km;
                best = r;
            }
        }
        return best;
    }

    /** @return every region, in catalog order */
    public List<Region> all() {
        return all;
    }

    /** @return the number of regions */
    public int size() {
        return all.size();
    }

    @Override
    public String toString() {
        return "RegionCatalog" + byName.keySet();
    }

    /** Lazy holder: the built-in list is parsed on first use only. */
    private static final class BuiltIn {
        static final RegionCatalog CATALOG = load();

        private static RegionCatalog load() {
            InputStream in = RegionCatalog.class.getResourceAsStream(BUILT_IN_RESOURCE);
            if (in == null) {
                throw new IllegalStateException("missing resource " + BUILT_IN_RESOURCE);
            }
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return parse(r, "built-in " + BUILT_IN_RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
