package servesim.simulator.chart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The charts servesim draws, as SVG text: lines over a shared x axis, cumulative distributions, and scatter plots
 * with a highlighted front. Each takes plain numbers; callers pick them from results. SVG is drawn by
 * {@link SvgPlot} without Java2D, fonts or an image encoder, so a chart costs about a millisecond instead of the
 * tens to hundreds a rasterised PNG took (docs/performance.md), and the same numbers always give the same bytes.
 */
public final class Charts {
    /** One named line: its x and y values (NaN y values are left out). */
    public record Line(String name, double[] x, double[] y) {
    }

    /** Lines longer than this are drawn as the means of this many consecutive buckets (the chart is 900 px wide). */
    static final int MAX_LINE_POINTS = 1000;

    /** Lines at most this long mark each point. */
    private static final int MARKED_POINTS = 200;

    private Charts() {
    }

    /** Lines over a shared x axis. */
    public static String lines(String title, String xLabel, String yLabel, List<Line> lines, boolean logY) {
        List<SvgPlot.Series> series = new ArrayList<>();
        for (Line l : lines) {
            int n = 0;
            double[] x = new double[l.x().length];
            double[] y = new double[l.y().length];
            for (int i = 0; i < l.x().length; i++) {
                double v = l.y()[i];
                if (Double.isFinite(v) && Double.isFinite(l.x()[i]) && (!logY || v > 0)) {
                    x[n] = l.x()[i];
                    y[n++] = v;
                }
            }
            if (n > MAX_LINE_POINTS) {
                double[][] b = bucketMeans(x, y, n, MAX_LINE_POINTS);
                series.add(new SvgPlot.Series(l.name(), b[0], b[1], true, SvgPlot.Marker.NONE, null));
            } else {
                series.add(new SvgPlot.Series(l.name(), Arrays.copyOf(x, n), Arrays.copyOf(y, n), true,
                        n <= MARKED_POINTS ? SvgPlot.Marker.CIRCLE : SvgPlot.Marker.NONE, null));
            }
        }
        return new SvgPlot(title, xLabel, yLabel, logY, null).draw(series);
    }

    /** The first {@code n} points as {@code buckets} means of consecutive runs (x and y averaged alike). */
    static double[][] bucketMeans(double[] x, double[] y, int n, int buckets) {
        double[] bx = new double[buckets];
        double[] by = new double[buckets];
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            double sx = 0;
            double sy = 0;
            for (int i = from; i < to; i++) {
                sx += x[i];
                sy += y[i];
            }
            bx[b] = sx / (to - from);
            by[b] = sy / (to - from);
        }
        return new double[][] {bx, by};
    }

    /** The cumulative distribution of each named sample (x: value, y: share of the sample at or below it). */
    public static String cdf(String title, String xLabel, List<Line> samples) {
        List<SvgPlot.Series> series = new ArrayList<>();
        for (Line s : samples) {
            double[] all = Arrays.stream(s.y()).filter(Double::isFinite).sorted().toArray();
            if (all.length == 0) {
                series.add(new SvgPlot.Series(s.name(), new double[0], new double[0], true, SvgPlot.Marker.NONE,
                        null));
                continue;
            }
            // at most 2,000 points: the sample's quantiles at even steps (a chart cannot show more)
            int n = Math.min(all.length, 2000);
            double[] v = new double[n];
            double[] share = new double[n];
            for (int i = 0; i < n; i++) {
                int k = n == all.length ? i : (int) Math.round((i + 1) * (all.length - 1) / (double) n);
                v[i] = all[k];
                share[i] = (k + 1) / (double) all.length;
            }
            series.add(new SvgPlot.Series(s.name(), v, share, true, SvgPlot.Marker.NONE, null));
        }
        return new SvgPlot(title, xLabel, "share of requests", false, new double[] {0, 1}).draw(series);
    }

    /** A scatter of points with the front drawn over them ({@code front} indices, in x order). */
    public static String scatterWithFront(String title, String xLabel, String yLabel, double[] x, double[] y,
                                          int[] front, String[] labels) {
        int n = 0;
        double[] px = new double[x.length];
        double[] py = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                px[n] = x[i];
                py[n++] = y[i];
            }
        }
        double top = Arrays.stream(py, 0, n).max().orElse(1);
        List<SvgPlot.Series> series = new ArrayList<>();
        series.add(new SvgPlot.Series("configurations", Arrays.copyOf(px, n), Arrays.copyOf(py, n), false,
                SvgPlot.Marker.CIRCLE, "#969696"));
        if (front.length > 0) {
            double[] fx = new double[front.length];
            double[] fy = new double[front.length];
            for (int i = 0; i < front.length; i++) {
                fx[i] = x[front[i]];
                fy[i] = y[front[i]];
            }
            series.add(new SvgPlot.Series("Pareto front", fx, fy, true, SvgPlot.Marker.DIAMOND, null));
        }
        return new SvgPlot(title, xLabel, yLabel, false, new double[] {0, top > 0 ? top * 1.08 : 1}).draw(series);
    }
}
