package io.meridian.study.sim;

/**
 * Conferences grouped by size and geographic spread, to show where cascading pays and where it does not.
 * Spread is the largest great-circle distance between two participants' places.
 */
public enum ConferenceClass {
    /** Two people within 1,000 km. */
    PAIR_LOCAL("2 people", "< 1,000 km"),
    /** Two people 1,000–4,000 km apart. */
    PAIR_REGIONAL("2 people", "1,000–4,000 km"),
    /** Two people on different continents. */
    PAIR_INTERCONTINENTAL("2 people", "> 4,000 km"),
    /** 3–6 people within 1,000 km. */
    SMALL_LOCAL("3–6 people", "< 1,000 km"),
    /** 3–6 people up to 4,000 km apart. */
    SMALL_REGIONAL("3–6 people", "1,000–4,000 km"),
    /** 3–6 people on different continents. */
    SMALL_INTERCONTINENTAL("3–6 people", "> 4,000 km"),
    /** 7 or more people within 1,000 km. */
    LARGE_LOCAL("7+ people", "< 1,000 km"),
    /** 7 or more people up to 4,000 km apart. */
    LARGE_REGIONAL("7+ people", "1,000–4,000 km"),
    /** 7 or more people on different continents. */
    LARGE_INTERCONTINENTAL("7+ people", "> 4,000 km");

    /** Spread below this is "local", km. */
    public static final double LOCAL_KM = 1000;
    /** Spread above this is "intercontinental", km. */
    public static final double INTERCONTINENTAL_KM = 4000;

    private final String size;
    private final String spread;

    ConferenceClass(String size, String spread) {
        this.size = size;
        this.spread = spread;
    }

    /**
     * @param participants the conference's size
     * @param spreadKm     the largest distance between two of its participants
     * @return its class
     */
    public static ConferenceClass of(int participants, double spreadKm) {
        int sizeBand = participants <= 2 ? 0 : participants <= 6 ? 1 : 2;
        int spreadBand = spreadKm < LOCAL_KM ? 0 : spreadKm <= INTERCONTINENTAL_KM ? 1 : 2;
        return values()[sizeBand * 3 + spreadBand];
    }

    /** @return the size band, e.g. {@code "3–6 people"} */
    public String size() {
        return size;
    }

    /** @return the spread band, e.g. {@code "> 4,000 km"} */
    public String spread() {
        return spread;
    }
}
