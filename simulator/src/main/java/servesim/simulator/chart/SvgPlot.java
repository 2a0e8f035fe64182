package servesim.simulator.chart;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One x-y chart drawn as SVG text: a title, two axes with round ticks (linear, or decades on a logarithmic y axis),
 * grid lines, series as lines and/or markers, and a legend below. Coordinates are written with one decimal, so the
 * same numbers always give the same bytes.
 */
final class SvgPlot {
    /** What marks each point of a series. */
    enum Marker { NONE, CIRCLE, DIAMOND }

    /** One series; {@code color} null takes the next colour of the palette. */
    record Series(String name, double[] x, double[] y, boolean line, Marker marker, String color) {
    }

    static final int WIDTH = 900;
    static final int HEIGHT = 520;
    private static final int LEFT = 84;
    private static final int RIGHT = WIDTH - 24;
    private static final int TOP = 48;
    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final double[] fixedY;

    /** {@code fixedY} null fits the y axis to the data, else {min, max}. */
    SvgPlot(String title, String xLabel, String yLabel, boolean logY, double[] fixedY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
        this.fixedY = fixedY;
    }

    String draw(List<Series> series) {
        List<String[]> legend = new ArrayList<>();
        int palette = 0;
        String[] colors = new String[series.size()];
        for (int i = 0; i < series.size(); i++) {
            colors[i] = series.get(i).color() != null ? series.get(i).color() : PALETTE[palette++ % PALETTE.length];
        }
        List<List<Integer>> rows = legendRows(series);
        int bottom = HEIGHT - 56 - 18 * rows.size();
        Axis x = Axis.of(series, true, false, null);
        Axis y = Axis.of(series, false, logY, fixedY);
        StringBuilder b = new StringBuilder(16_384);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        b.append("<title>").append(HtmlReport.esc(title)).append("</title>\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        text(b, WIDTH / 2.0, 26, "middle", 16, title);
        b.append("<defs><clipPath id=\"plot\"><rect x=\"").append(LEFT).append("\" y=\"").append(TOP)
                .append("\" width=\"").append(RIGHT - LEFT).append("\" height=\"").append(bottom - TOP)
                .append("\"/></clipPath></defs>\n");
        b.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(RIGHT - LEFT)
                .append("\" height=\"").append(bottom - TOP).append("\" fill=\"#f8f8f8\" stroke=\"#888888\"/>\n");
        for (double t : x.ticks()) {
            double px = x.map(t, LEFT, RIGHT);
            line(b, px, TOP, px, bottom, "#dddddd");
            text(b, px, bottom + 16, "middle", 12, x.label(t));
        }
        for (double t : y.ticks()) {
            double py = y.map(t, bottom, TOP);
            line(b, LEFT, py, RIGHT, py, "#dddddd");
            text(b, LEFT - 6, py + 4, "end", 12, y.label(t));
        }
        text(b, (LEFT + RIGHT) / 2.0, bottom + 36, "middle", 13, xLabel);
        b.append("<text x=\"0\" y=\"0\" text-anchor=\"middle\" font-size=\"13\" transform=\"translate(18,")
                .append((TOP + bottom) / 2).append(") rotate(-90)\">").append(HtmlReport.esc(yLabel))
                .append("</text>\n");
        b.append("<g clip-path=\"url(#plot)\">\n");
        boolean any = false;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            any |= s.x().length > 0;
            plot(b, s, colors[i], x, y, bottom);
        }
        b.append("</g>\n");
        if (!any) {
            text(b, (LEFT + RIGHT) / 2.0, (TOP + bottom) / 2.0, "middle", 14, "no data");
        }
        int ly = bottom + 56;
        for (List<Integer> row : rows) {
            double lx = LEFT;
            for (int i : row) {
                Series s = series.get(i);
                if (s.line()) {
                    line(b, lx, ly - 4, lx + 20, ly - 4, colors[i], 2);
                }
                marker(b, s.marker(), lx + 10, ly - 4, colors[i]);
                text(b, lx + 26, ly, "start", 12, s.name());
                lx += legendWidth(s);
            }
            ly += 18;
        }
        return b.append("</svg>\n").toString();
    }

    private static void plot(StringBuilder b, Series s, String color, Axis x, Axis y, int bottom) {
        int n = s.x().length;
        if (n == 0) {
            return;
        }
        if (s.line() && n > 1) {
            b.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"");
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    b.append(' ');
                }
                num(b, x.map(s.x()[i], LEFT, RIGHT)).append(',');
                num(b, y.map(s.y()[i], bottom, TOP));
            }
            b.append("\"/>\n");
        }
        for (int i = 0; i < n; i++) {
            marker(b, s.marker(), x.map(s.x()[i], LEFT, RIGHT), y.map(s.y()[i], bottom, TOP), color);
        }
    }

    private static void marker(StringBuilder b, Marker m, double px, double py, String color) {
        switch (m) {
            case CIRCLE -> {
                b.append("<circle cx=\"");
                num(b, px).append("\" cy=\"");
                num(b, py).append("\" r=\"3\" fill=\"").append(color).append("\"/>\n");
            }
            case DIAMOND -> {
                b.append("<path d=\"M");
                num(b, px).append(',');
                num(b, py - 5).append(" l5,5 l-5,5 l-5,-5 z\" fill=\"").append(color).append("\"/>\n");
            }
            case NONE -> {
            }
        }
    }

    private static List<List<Integer>> legendRows(List<Series> series) {
        List<List<Integer>> rows = new ArrayList<>();
        List<Integer> row = new ArrayList<>();
        double used = 0;
        for (int i = 0; i < series.size(); i++) {
            double w = legendWidth(series.get(i));
            if (!row.isEmpty() && used + w > RIGHT - LEFT) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(i);
            used += w;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    /** Room for a legend entry: its symbol and about 7 px per character of its name. */
    private static double legendWidth(Series s) {
        return 26 + 7 * s.name().length() + 18;
    }

    private static void line(StringBuilder b, double x1, double y1, double x2, double y2, String color) {
        line(b, x1, y1, x2, y2, color, 1);
    }

    private static void line(StringBuilder b, double x1, double y1, double x2, double y2, String color, int width) {
        b.append("<line x1=\"");
        num(b, x1).append("\" y1=\"");
        num(b, y1).append("\" x2=\"");
        num(b, x2).append("\" y2=\"");
        num(b, y2).append("\" stroke=\"").append(color).append("\" stroke-width=\"").append(width).append("\"/>\n");
    }

    private static void text(StringBuilder b, double x, double y, String anchor, int size, String s) {
        b.append("<text x=\"");
        num(b, x).append("\" y=\"");
        num(b, y).append("\" text-anchor=\"").append(anchor).append('"');
        if (size != 12) {
            b.append(" font-size=\"").append(size).append('"');
        }
        b.append('>').append(HtmlReport.esc(s)).append("</text>\n");
    }

    /** A coordinate with one decimal ("12.3", "-0.5"); far outside the canvas is held at +-10^6 px. */
    static StringBuilder num(StringBuilder b, double v) {
        long tenths = Math.round(Math.max(-1e7, Math.min(1e7, v)) * 10);
        if (tenths < 0) {
            b.append('-');
            tenths = -tenths;
        }
        return b.append(tenths / 10).append('.').append(tenths % 10);
    }

    /** An axis: its range, ticks and how a value maps to pixels. */
    record Axis(double lo, double hi, boolean log, double step) {
        static Axis of(List<Series> series, boolean isX, boolean log, double[] fixed) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Series s : series) {
                for (double v : isX ? s.x() : s.y()) {
                    if (Double.isFinite(v) && (!log || v > 0)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
            if (fixed != null) {
                min = fixed[0];
                max = fixed[1];
            }
            if (min > max) {
                min = log ? 1 : 0;
                max = log ? 10 : 1;
            }
            if (log) {
                double lo = Math.pow(10, Math.floor(Math.log10(min)));
                double hi = Math.pow(10, Math.ceil(Math.log10(max)));
                return new Axis(lo, hi > lo ? hi : lo * 10, true, 0);
            }
            if (min == max) {
                double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
                min -= pad;
                max += pad;
            }
            double step = niceStep((max - min) / 6);
            if (fixed != null) {
                return new Axis(min, max, false, step);
            }
            return new Axis(Math.floor(min / step) * step, Math.ceil(max / step) * step, false, step);
        }

        /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
        static double niceStep(double raw) {
            double p = Math.pow(10, Math.floor(Math.log10(raw)));
            for (double m : new double[] {1, 2, 2.5, 5, 10}) {
                if (m * p >= raw * (1 - 1e-9)) {
                    return m * p;
                }
            }
            return 10 * p;
        }

        List<Double> ticks() {
            List<Double> t = new ArrayList<>();
            if (log) {
                int decades = (int) Math.round(Math.log10(hi / lo));
                double[] within = decades <= 2 ? new double[] {1, 2, 5} : new double[] {1};
                for (int d = 0; d <= decades; d++) {
                    double base = lo * Math.pow(10, d);
                    for (double m : within) {
                        if (base * m <= hi * (1 + 1e-9)) {
                            t.add(base * m);
                        }
                    }
                }
                return t;
            }
            long first = (long) Math.ceil(lo / step - 1e-9);
            long last = (long) Math.floor(hi / step + 1e-9);
            for (long k = first; k <= last && t.size() < 50; k++) {
                t.add(k * step);
            }
            return t;
        }

        double map(double v, double from, double to) {
            double f = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))
                    : (v - lo) / (hi - lo);
            return from + f * (to - from);
        }

        /** A tick's label: as many decimals as the step needs, no more (decades: plain numbers). */
        String label(double v) {
            if (Math.abs(v) >= 1e9 || (v != 0 && Math.abs(v) < 1e-6)) {
                return String.format(Locale.ROOT, "%.3g", v);
            }
            if (log) {
                return new BigDecimal(String.format(Locale.ROOT, "%.6f", v)).stripTrailingZeros().toPlainString();
            }
            int decimals = Math.max(0, Math.min(6, (int) Math.ceil(-Math.log10(step) - 1e-9)));
            double scaled = step * Math.pow(10, decimals);
            if (Math.abs(scaled - Math.rint(scaled)) > 1e-6 && decimals < 6) {
                decimals++; // 2.5 steps
            }
            String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
            return s.equals("-0") || s.matches("-0\\.0*") ? s.substring(1) : s;
        }
    }
}
