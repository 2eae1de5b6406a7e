package io.meridian.benchmarks.forwarding;

/**
 * One load shape: {@code publishers} each send video and audio, {@code subscribers} each receive every publisher's
 * streams, so each forwarder fans every incoming packet out {@code subscribers} times.
 *
 * @param publishers  N
 * @param subscribers M
 * @param videoPps    video packets per second per publisher
 */
record Scenario(int publishers, int subscribers, int videoPps) {
    Scenario {
        if (publishers < 1 || subscribers < 1 || publishers > 1000 || subscribers > 1000 || videoPps < 0) {
            throw new IllegalArgumentException("bad scenario " + publishers + "x" + subscribers + "@" + videoPps);
        }
    }

    /** Parses {@code NxM} (video rate {@code defaultVideoPps}) or {@code NxM@pps}. */
    static Scenario parse(String text, int defaultVideoPps) {
        String t = text.trim();
        int at = t.indexOf('@');
        int pps = at < 0 ? defaultVideoPps : Integer.parseInt(t.substring(at + 1));
        String shape = at < 0 ? t : t.substring(0, at);
        int x = shape.indexOf('x');
        if (x <= 0) {
            throw new IllegalArgumentException("scenario must look like 10x10 or 10x10@500, got '" + text + "'");
        }
        return new Scenario(Integer.parseInt(shape.substring(0, x)), Integer.parseInt(shape.substring(x + 1)), pps);
    }

    @Override
    public String toString() {
        return publishers + "x" + subscribers + "@" + videoPps;
    }
}
