package dev.portico.loadtest.report;

import dev.portico.loadtest.report.ScenarioResult.Chart;
import dev.portico.loadtest.report.ScenarioResult.Series;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a result's charts as SVG: grouped bars on a linear axis from zero, and latency percentiles as
 * lines on a logarithmic millisecond axis (a tail a hundred times the median stays readable).
 */
final class Charts {

    private Charts() {
    }

    static String draw(Chart c) {
        return c.kind().equals("percentiles") ? percentiles(c) : bars(c);
    }

    static String bars(Chart c) {
        Svg svg = new Svg(c.title());
        double max = 0;
        for (Series s : c.series()) {
            for (Double v : s.values()) {
                max = Math.max(max, v == null ? 0 : v);
            }
        }
        double top = niceCeiling(max);
        double plotW = Svg.WIDTH - Svg.LEFT - Svg.RIGHT;
        double plotH = Svg.HEIGHT - Svg.TOP - Svg.BOTTOM;
        double baseY = Svg.TOP + plotH;
        for (int i = 0; i <= 4; i++) {
            double v = top * i / 4;
            double y = baseY - plotH * i / 4;
            svg.line(Svg.LEFT, y, Svg.LEFT + plotW, y, "#dddddd", 1, false);
            svg.text(Svg.LEFT - 6, y + 4, Svg.number(v), "end", 11, null);
        }
        svg.verticalText(18, Svg.TOP + plotH / 2, c.unit());
        int groups = c.categories().size();
        int per = c.series().size();
        double groupW = plotW / groups;
        double barW = Math.min(60, groupW * 0.8 / per);
        for (int g = 0; g < groups; g++) {
            double x0 = Svg.LEFT + g * groupW + (groupW - barW * per) / 2;
            for (int s = 0; s < per; s++) {
                List<Double> values = c.series().get(s).values();
                double v = g < values.size() && values.get(g) != null ? values.get(g) : 0;
                double h = top == 0 ? 0 : plotH * v / top;
                svg.rect(x0 + s * barW, baseY - h, barW - 2, h, Svg.colour(s));
                svg.text(x0 + s * barW + barW / 2, baseY - h - 4, Svg.number(v), "middle", 10, null);
            }
            svg.text(Svg.LEFT + g * groupW + groupW / 2, baseY + 18, c.categories().get(g), "middle", 12, null);
        }
        svg.line(Svg.LEFT, baseY, Svg.LEFT + plotW, baseY, "#333333", 1, false);
        if (per > 1 || !c.series().get(0).name().isEmpty()) {
            svg.legend(c.series().stream().map(Series::name).toList());
        }
        return svg.finish();
    }

    static String percentiles(Chart c) {
        Svg svg = new Svg(c.title());
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (Series s : c.series()) {
            for (Double v : s.values()) {
                if (v != null && v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (hi == 0) {
            lo = 0.1;
            hi = 1;
        }
        double logLo = Math.floor(Math.log10(lo));
        double logHi = Math.ceil(Math.log10(hi));
        if (logHi <= logLo) {
            logHi = logLo + 1;
        }
        double plotW = Svg.WIDTH - Svg.LEFT - Svg.RIGHT;
        double plotH = Svg.HEIGHT - Svg.TOP - Svg.BOTTOM;
        double baseY = Svg.TOP + plotH;
        for (double e = logLo; e <= logHi; e++) {
            double y = baseY - plotH * (e - logLo) / (logHi - logLo);
            svg.line(Svg.LEFT, y, Svg.LEFT + plotW, y, "#dddddd", 1, false);
            svg.text(Svg.LEFT - 6, y + 4, Svg.number(Math.pow(10, e)), "end", 11, null);
        }
        svg.verticalText(18, Svg.TOP + plotH / 2, c.unit() + " (log scale)");
        int n = c.categories().size();
        double step = plotW / Math.max(1, n - 1) * 0.94;
        double x0 = Svg.LEFT + plotW * 0.03;
        for (int i = 0; i < n; i++) {
            double x = x0 + i * step;
            svg.line(x, Svg.TOP, x, baseY, "#eeeeee", 1, true);
            svg.text(x, baseY + 18, c.categories().get(i), "middle", 12, null);
        }
        for (int s = 0; s < c.series().size(); s++) {
            List<double[]> pts = new ArrayList<>();
            List<Double> values = c.series().get(s).values();
            for (int i = 0; i < values.size() && i < n; i++) {
                double v = Math.max(Math.pow(10, logLo), values.get(i) == null ? 0 : values.get(i));
                double y = baseY - plotH * (Math.log10(v) - logLo) / (logHi - logLo);
                pts.add(new double[] {x0 + i * step, y});
            }
            svg.polyline(pts, Svg.colour(s));
            for (double[] p : pts) {
                svg.circle(p[0], p[1], 3, Svg.colour(s));
            }
        }
        svg.line(Svg.LEFT, baseY, Svg.LEFT + plotW, baseY, "#333333", 1, false);
        svg.legend(c.series().stream().map(Series::name).toList());
        return svg.finish();
    }

    /** 1, 2 or 5 times a power of ten, at or above {@code v}. */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
