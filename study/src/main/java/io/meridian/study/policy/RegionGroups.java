package io.meridian.study.policy;

import io.meridian.placement.geo.CsvRows;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Regions grouped the way jicofo's {@code region-groups} setting groups them: a participant whose own region has no
 * agent in the conference joins one in its group before a new agent is added. A region in no group is a group of
 * its own (as in jicofo).
 *
 * <p>File format: CSV {@code group,region}, one region a line, {@code #} comments; a first line starting with
 * {@code group,} is a header. A bad line or a region listed twice fails with the file and line named.
 */
public final class RegionGroups {

    /** The default groups for the study's region catalog (AWS regions grouped by continent). */
    public static final String DEFAULT_RESOURCE = "/io/meridian/study/region-groups.csv";

    private final Map<String, String> groupOfRegion;
    private final Map<String, Set<String>> regionsOfGroup;

    private RegionGroups(Map<String, String> groupOfRegion) {
        this.groupOfRegion = Map.copyOf(groupOfRegion);
        Map<String, Set<String>> byGroup = new LinkedHashMap<>();
        groupOfRegion.forEach((region, group) -> byGroup.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(region));
        Map<String, Set<String>> frozen = new LinkedHashMap<>();
        byGroup.forEach((g, set) -> frozen.put(g, Collections.unmodifiableSet(set)));
        this.regionsOfGroup = Collections.unmodifiableMap(frozen);
    }

    /**
     * @param groupOfRegion region name → group name
     * @return these groups
     */
    public static RegionGroups of(Map<String, String> groupOfRegion) {
        return new RegionGroups(new LinkedHashMap<>(groupOfRegion));
    }

    /** @return the documented default groups for the study catalog */
    public static RegionGroups defaults() {
        InputStream in = RegionGroups.class.getResourceAsStream(DEFAULT_RESOURCE);
        if (in == null) {
            throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(r, "built-in region-groups.csv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param reader     CSV text {@code group,region}; not closed
     * @param sourceName how errors name the input
     * @return the groups
     * @throws IllegalArgumentException naming source and line on a malformed line or a region listed twice
     */
    public static RegionGroups parse(Reader reader, String sourceName) {
        Map<String, String> groups = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        for (CsvRows.Row row : CsvRows.read(reader, sourceName, "group,")) {
            if (row.size() != 2 || row.field(0).isEmpty() || row.field(1).isEmpty()) {
                throw row.error("expected group,region but found '" + row.line() + "'");
            }
            String region = row.field(1);
            Integer first = lineOf.putIfAbsent(region, row.lineNumber());
            if (first != null) {
                throw row.error("region '" + region + "' is already in a group on line " + first);
            }
            groups.put(region, row.field(0));
        }
        return new RegionGroups(groups);
    }

    /**
     * @param region a region name
     * @return the regions of its group, itself included; just itself when it is in no group
     */
    public Set<String> groupOf(String region) {
        String group = groupOfRegion.get(region);
        return group == null ? Set.of(region) : regionsOfGroup.get(group);
    }

    /** @return group name → its regions, in file order */
    public Map<String, Set<String>> groups() {
        return regionsOfGroup;
    }
}
