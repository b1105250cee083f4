package dev.portico.loadtest.report;

import java.util.List;
import java.util.Locale;

/** What both chart kinds share: the canvas, colours, text, axis ticks. */
final class Svg {

    static final int WIDTH = 760;
    static final int HEIGHT = 380;
    static final int LEFT = 80;
    static final int RIGHT = 20;
    static final int TOP = 50;
    static final int BOTTOM = 70;
    static final List<String> COLOURS = List.of("#1b6ca8", "#e07b39", "#4c9a2a", "#8e44ad", "#c0392b", "#7f8c8d");

    private final StringBuilder sb = new StringBuilder();

    Svg(String title) {
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(WIDTH / 2.0, 24, title, "middle", 15, "bold");
    }

    Svg text(double x, double y, String s, String anchor, int size, String weight) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\"%s>%s</text>%n",
                x, y, anchor, size, weight == null ? "" : " font-weight=\"" + weight + "\"", escape(s)));
        return this;
    }

    /** Text turned to run upwards, for a y axis label. */
    Svg verticalText(double x, double y, String s) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\" "
                + "transform=\"rotate(-90 %.1f %.1f)\">%s</text>%n", x, y, x, y, escape(s)));
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String colour, double width, boolean dashed) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"%.1f\"%s/>%n", x1, y1, x2, y2, colour, width, dashed ? " stroke-dasharray=\"3,3\"" : ""));
        return this;
    }

    Svg rect(double x, double y, double w, double h, String colour) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                x, y, w, h, colour));
        return this;
    }

    Svg circle(double x, double y, double r, String colour) {
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>%n", x, y, r, colour));
        return this;
    }

    Svg polyline(List<double[]> points, String colour) {
        StringBuilder p = new StringBuilder();
        for (double[] xy : points) {
            p.append(String.format(Locale.ROOT, "%.1f,%.1f ", xy[0], xy[1]));
        }
        sb.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"")
                .append(p.toString().trim()).append("\"/>\n");
        return this;
    }

    /** A legend row under the plot. */
    Svg legend(List<String> names) {
        double x = LEFT;
        double y = HEIGHT - 18;
        for (int i = 0; i < names.size(); i++) {
            rect(x, y - 10, 12, 12, colour(i));
            text(x + 16, y, names.get(i), "start", 12, null);
            x += 28 + names.get(i).length() * 7;
        }
        return this;
    }

    static String colour(int i) {
        return COLOURS.get(i % COLOURS.size());
    }

    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 1) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    String finish() {
        return sb + "</svg>\n";
    }
}
