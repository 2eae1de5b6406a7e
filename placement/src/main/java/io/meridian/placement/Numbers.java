package io.meridian.placement;

/** Fast, locale-independent number formatting for explanations (String.format is too slow per candidate). */
final class Numbers {

    private Numbers() {
    }

    /** @return {@code v} rounded half-up to one decimal, e.g. {@code 5.0} */
    static String oneDecimal(double v) {
        return fixed(v, 10, 1);
    }

    /** @return {@code v} rounded half-up to two decimals, e.g. {@code 0.85} */
    static String twoDecimals(double v) {
        return fixed(v, 100, 2);
    }

    private static String fixed(double v, int scale, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) > 1e15) {
            return Double.toString(v);
        }
        long scaled = Math.round(Math.abs(v) * scale);
        String frac = Long.toString(scaled % scale);
        StringBuilder sb = new StringBuilder(16);
        if (v < 0 && scaled != 0) {
            sb.append('-');
        }
        sb.append(scaled / scale).append('.');
        for (int i = frac.length(); i < digits; i++) {
            sb.append('0');
        }
        return sb.append(frac).toString();
    }
}
