package io.meridian.study.report;

import java.util.Locale;

/** A tiny SVG writer: just the elements the study's charts use, with text escaped and numbers in fixed format. */
final class Svg {

    static final String FONT = "font-family=\"Helvetica, Arial, sans-serif\"";
    static final String INK = "#222";
    static final String GRID = "#e4e4e4";
    static final String MUTED = "#666";

    private final StringBuilder sb = new StringBuilder();

    Svg(int width, int height) {
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" %s font-size=\"13\">%n", width, height, width, height, FONT));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>%n", width, height));
    }

    Svg rect(double x, double y, double w, double h, String fill) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                x, y, Math.max(0, w), Math.max(0, h), fill));
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double width, boolean dashed) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"%.1f\"%s/>%n", x1, y1, x2, y2, stroke, width,
                dashed ? " stroke-dasharray=\"5 4\"" : ""));
        return this;
    }

    Svg polyline(double[] xs, double[] ys, String stroke, double width) {
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", xs[i], ys[i]));
        }
        sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" "
                + "stroke-linejoin=\"round\"/>%n", pts.toString().strip(), stroke, width));
        return this;
    }

    Svg circle(double cx, double cy, double r, String fill) {
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>%n", cx, cy, r, fill));
        return this;
    }

    /**
     * @param anchor {@code start}, {@code middle} or {@code end}
     * @param style  extra attributes, e.g. {@code font-weight="bold"}, or empty
     */
    Svg text(double x, double y, String text, String anchor, String fill, String style) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\"%s>%s</text>%n",
                x, y, anchor, fill, style.isEmpty() ? "" : " " + style, escape(text)));
        return this;
    }

    String finish() {
        return sb + "</svg>\n";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** @return a "nice" tick step (1, 2 or 5 × 10^k) giving about {@code ticks} ticks over {@code range} */
    static double niceStep(double range, int ticks) {
        if (!(range > 0)) {
            return 1;
        }
        double raw = range / ticks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / magnitude;
        return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * magnitude;
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.format(Locale.ROOT, "%,d", (long) v)
                : String.format(Locale.ROOT, "%.1f", v);
    }
}
