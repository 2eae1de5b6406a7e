package io.meridian.placement.latency;

import io.meridian.placement.geo.CsvRows;
import io.meridian.placement.geo.GeoPoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The published inter-region RTT table the latency model is fitted to, shipped as the resource
 * {@value #RESOURCE} next to this class.
 *
 * <p>Source: IBM Cloud Docs for VPC, network latency page, inter-region table "Average latency (ms)" for
 * 19 Oct 2024 – 17 Nov 2024, as published in https://github.com/ibm-cloud-docs/vpc (file
 * {@code _include-segments/network-latency.md}). Ten metro areas on five continents (Dallas, Toronto, Washington DC,
 * Frankfurt, London, Madrid, Osaka, Sydney, Tokyo, São Paulo), 45 pairs. Each value is the mean of the two published
 * directions, so the values are <b>approximate</b> (about ±1 ms, and the live table moves week to week); the place
 * coordinates are metro-area centres chosen by Meridian. The file's format: {@code place,name,lat,lon} and
 * {@code rtt,from,to,ms} lines, {@code #} comments.
 */
public final class PublishedRttTable {

    /** The resource name, relative to this class's package. */
    public static final String RESOURCE = "ibm-cloud-inter-region-rtt.csv";

    private PublishedRttTable() {
    }

    /**
     * @return the table's pairs with their places' coordinates
     * @throws IllegalStateException when the shipped resource is missing or malformed (a build error)
     */
    public static List<RttSample> load() {
        InputStream in = PublishedRttTable.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("missing resource " + RESOURCE);
        }
        Map<String, GeoPoint> places = new HashMap<>();
        List<RttSample> samples = new ArrayList<>();
        List<CsvRows.Row> rows;
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            rows = CsvRows.read(r, RESOURCE, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (CsvRows.Row row : rows) {
            try {
                if (row.size() == 4 && row.field(0).equals("place")) {
                    places.put(row.field(1), new GeoPoint(Double.parseDouble(row.field(2)),
                            Double.parseDouble(row.field(3))));
                } else if (row.size() == 4 && row.field(0).equals("rtt")) {
                    samples.add(new RttSample(row.field(1), row.field(2), place(places, row.field(1)),
                            place(places, row.field(2)), Double.parseDouble(row.field(3))));
                } else {
                    throw new IllegalArgumentException("expected place,name,lat,lon or rtt,from,to,ms");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(row.location() + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(samples);
    }

    private static GeoPoint place(Map<String, GeoPoint> places, String name) {
        GeoPoint p = places.get(name);
        if (p == null) {
            throw new IllegalArgumentException("place '" + name + "' is not declared before use");
        }
        return p;
    }
}
