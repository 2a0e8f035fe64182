package servesim.simulator.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG charts: well-formed, ticks and points where the numbers say, deterministic, and safe with odd input. */
class ChartsTest {
    @Test
    void aLineChartPlacesItsPointsOnTheAxes() throws Exception {
        double[] x = {0, 1, 2, 3, 4};
        double[] y = {0, 10, 20, 30, 40};
        String svg = Charts.lines("T <&>", "time (s)", "tok/s", List.of(new Charts.Line("a", x, y)), false);
        Document d = parse(svg);
        assertEquals("T <&>", d.getElementsByTagName("title").item(0).getTextContent(), "titles are escaped");
        List<String> labels = texts(d);
        assertTrue(labels.containsAll(List.of("0", "10", "20", "30", "40")), labels.toString());
        NodeList circles = d.getElementsByTagName("circle");
        assertEquals(5 + 1, circles.getLength(), "short lines mark each point (and the legend shows the marker)");
        double x0 = Double.parseDouble(((Element) circles.item(0)).getAttribute("cx"));
        double x4 = Double.parseDouble(((Element) circles.item(4)).getAttribute("cx"));
        double y0 = Double.parseDouble(((Element) circles.item(0)).getAttribute("cy"));
        double y4 = Double.parseDouble(((Element) circles.item(4)).getAttribute("cy"));
        assertTrue(x4 > x0 && y4 < y0, "x grows right, y grows up");
        assertEquals(svg, Charts.lines("T <&>", "time (s)", "tok/s", List.of(new Charts.Line("a", x, y)), false),
                "same numbers, same bytes");
    }

    @Test
    void longLinesAreBucketedAndLogAxesShowDecades() throws Exception {
        int n = 50_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = 1 + i % 997;
        }
        Document d = parse(Charts.lines("big", "x", "y", List.of(new Charts.Line("l", x, y)), true));
        String points = ((Element) d.getElementsByTagName("polyline").item(0)).getAttribute("points");
        assertEquals(Charts.MAX_LINE_POINTS, points.split(" ").length);
        assertEquals(0, d.getElementsByTagName("circle").getLength(), "no markers on long lines");
        assertTrue(texts(d).containsAll(List.of("10", "100", "1000")), texts(d).toString());
    }

    @Test
    void cdfsAndScattersSurviveEmptyAndNonFiniteInput() throws Exception {
        Document empty = parse(Charts.cdf("c", "ms", List.of(new Charts.Line("TTFT", null, new double[0]))));
        assertTrue(texts(empty).contains("no data"));
        Document odd = parse(Charts.cdf("c", "ms", List.of(new Charts.Line("x", null,
                new double[] {Double.NaN, 5, Double.POSITIVE_INFINITY, 5}))));
        assertTrue(texts(odd).contains("1.0"), texts(odd).toString());
        Document s = parse(Charts.scatterWithFront("s", "x", "y", new double[] {1, 2, Double.NaN, 3},
                new double[] {3, 2, 1, 0.5}, new int[] {0, 1, 3}, null));
        assertEquals(3 + 1, s.getElementsByTagName("path").getLength(), "a diamond per front point, one in the legend");
        assertEquals(3 + 1, s.getElementsByTagName("circle").getLength(), "the NaN point is left out");
    }

    @Test
    void tickLabelsUseTheDecimalsTheStepNeeds() {
        assertEquals(0.25, SvgPlot.Axis.niceStep(0.21), 1e-12);
        SvgPlot.Axis a = new SvgPlot.Axis(0, 1, false, 0.25);
        assertEquals("0.75", a.label(0.75));
        assertEquals("0.50", a.label(0.5));
        assertEquals("1500", new SvgPlot.Axis(0, 3000, false, 500).label(1500));
        assertEquals("0.001", new SvgPlot.Axis(0.001, 1, true, 0).label(0.001));
        StringBuilder b = new StringBuilder();
        SvgPlot.num(b, -0.04);
        SvgPlot.num(b.append(' '), 12.345);
        assertEquals("0.0 12.3", b.toString());
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document d) {
        List<String> t = new ArrayList<>();
        NodeList n = d.getElementsByTagName("text");
        for (int i = 0; i < n.getLength(); i++) {
            t.add(n.item(i).getTextContent());
        }
        return t;
    }
}
