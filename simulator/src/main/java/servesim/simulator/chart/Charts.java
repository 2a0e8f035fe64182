package servesim.simulator.chart;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts servesim draws (XChart, rendered headless to PNG): lines over a shared x axis, cumulative distributions,
 * and scatter plots with a highlighted front. Each takes plain numbers; callers pick them from results.
 */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** One named line: its x and y values (NaN y values are left out). */
    public record Line(String name, double[] x, double[] y) {
    }

    private Charts() {
    }

    /** Lines over a shared x axis. */
    public static byte[] lines(String title, String xLabel, String yLabel, List<Line> lines, boolean logY) {
        XYChart c = chart(title, xLabel, yLabel);
        c.getStyler().setYAxisLogarithmic(logY);
        for (Line l : lines) {
            int n = 0;
            double[] x = new double[l.x().length];
            double[] y = new double[l.y().length];
            for (int i = 0; i < l.x().length; i++) {
                if (!Double.isNaN(l.y()[i]) && !Double.isInfinite(l.y()[i]) && (!logY || l.y()[i] > 0)) {
                    x[n] = l.x()[i];
                    y[n++] = l.y()[i];
                }
            }
            if (n > 0) {
                XYSeries s = c.addSeries(l.name(), Arrays.copyOf(x, n), Arrays.copyOf(y, n));
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return png(c);
    }

    /** The cumulative distribution of each named sample (x: value, y: share of the sample at or below it). */
    public static byte[] cdf(String title, String xLabel, List<Line> samples) {
        XYChart c = chart(title, xLabel, "share of requests");
        for (Line s : samples) {
            double[] all = Arrays.stream(s.y()).filter(d -> !Double.isNaN(d)).sorted().toArray();
            if (all.length == 0) {
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
            c.addSeries(s.name(), v, share).setMarker(SeriesMarkers.NONE);
        }
        return png(c);
    }

    /** A scatter of points with the front drawn over them ({@code front} indices, in x order). */
    public static byte[] scatterWithFront(String title, String xLabel, String yLabel, double[] x, double[] y,
                                          int[] front, String[] labels) {
        XYChart c = chart(title, xLabel, yLabel);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.addSeries("configurations", x, y).setMarkerColor(new Color(150, 150, 150));
        double top = java.util.Arrays.stream(y).filter(v -> !Double.isNaN(v)).max().orElse(1);
        c.getStyler().setYAxisMax(top * 1.08);
        c.getStyler().setYAxisMin(0.0);
        if (front.length > 0) {
            double[] fx = new double[front.length];
            double[] fy = new double[front.length];
            for (int i = 0; i < front.length; i++) {
                fx[i] = x[front[i]];
                fy[i] = y[front[i]];
            }
            XYSeries f = c.addSeries("Pareto front", fx, fy);
            f.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            f.setMarker(SeriesMarkers.DIAMOND);
        }
        return png(c);
    }

    private static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart c = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel)
                .build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        return c;
    }

    private static byte[] png(XYChart c) {
        try {
            return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
