package dev.fidel.chart;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnitSource;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart with titled axes (each title names its unit), ticks, a legend and optional horizontal levels (a limit,
 * a baseline), drawn by JFreeChart and written as SVG by VectorGraphics2D. Points that are not finite are left out; a
 * chart with no point says so in its plot.
 */
public final class LineChart {

    /** The font stack of every label: the chart is laid out with DejaVu Sans metrics; wide fallbacks keep labels apart. */
    static final String FONTS = "'DejaVu Sans',Verdana,'Segoe UI',Arial,sans-serif";
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd95f02), new Color(0x2ca02c), new Color(0x7570b3)};

    static {
        // Rotated labels (the y axis title) as text, not glyph outlines.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private final String title;
    private final String xAxis;
    private final String yAxis;
    private final XYSeriesCollection series = new XYSeriesCollection();
    private final List<ValueMarker> levels = new ArrayList<>();
    private boolean points;

    private LineChart(String title, String xAxis, String yAxis) {
        this.title = title;
        this.xAxis = xAxis;
        this.yAxis = yAxis;
    }

    /** A chart titled {@code title}; each axis title should name its unit, e.g. "code cross-entropy (nats)". */
    public static LineChart of(String title, String xAxis, String yAxis) {
        return new LineChart(title, xAxis, yAxis);
    }

    /** Adds a line through {@code points} ({x, y} pairs, in order of x). */
    public LineChart series(String name, List<double[]> points) {
        XYSeries s = new XYSeries(name, false, true);
        for (double[] p : points) {
            if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
                s.add(p[0], p[1]);
            }
        }
        series.addSeries(s);
        return this;
    }

    /** Adds a dashed horizontal line at {@code y}, labelled {@code name}. */
    public LineChart level(String name, double y) {
        if (Double.isFinite(y)) {
            ValueMarker m = new ValueMarker(y, new Color(0xb00000), new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                    10f, new float[] {6f, 4f}, 0f));
            m.setLabel(name);
            m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            m.setLabelPaint(new Color(0xb00000));
            m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            levels.add(m);
        }
        return this;
    }

    /** Marks each point with a dot (for few points, e.g. one per run). */
    public LineChart withPoints() {
        points = true;
        return this;
    }

    /**
     * The chart as an SVG element without XML prolog: valid inline in HTML and as an {@code .svg} file. Where Java cannot
     * draw (no font installed, a broken AWT), the SVG holds one sentence saying so: a report is never lost for its chart.
     */
    public String svg(int width, int height) {
        try {
            return drawn(width, height);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"" + escape(title) + "\" width=\"" + width
                    + "\" height=\"40\" viewBox=\"0 0 " + width + " 40\" style=\"font-family:" + FONTS + ";font-size:12px\"><text x=\"4\" "
                    + "y=\"24\">" + escape(title) + ": not drawn (" + escape(String.valueOf(e)) + "; a font such as fonts-dejavu-core "
                    + "must be installed for Java to draw charts)</text></svg>";
        }
    }

    private String drawn(int width, int height) {
        JFreeChart chart = new JFreeChart(title, plot());
        theme().apply(chart);
        chart.getXYPlot().setRenderer(renderer());
        VectorGraphics2D g = new VectorGraphics2D();
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        Document document = new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, height));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            document.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String svg = out.toString(StandardCharsets.UTF_8);
        svg = svg.substring(svg.indexOf("<svg"));
        // Labels use the page's font stack (the default 12 px size is left out by the writer: it is given once here).
        svg = svg.replaceAll("font-family:&quot;[^&]*&quot;;", "")
                .replaceFirst("<svg ", "<svg role=\"img\" aria-label=\"" + escape(title) + "\" style=\"font-family:" + FONTS
                        + ";font-size:12px\" ");
        return svg;
    }

    private XYPlot plot() {
        NumberAxis x = new NumberAxis(xAxis);
        x.setAutoRangeIncludesZero(false);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis(yAxis);
        y.setAutoRangeIncludesZero(false);
        y.setStandardTickUnits(new NumberTickUnitSource());
        XYPlot plot = new XYPlot(series, x, y, null);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setNoDataMessage("no points yet");
        for (ValueMarker m : levels) {
            plot.addRangeMarker(m);
        }
        return plot;
    }

    private XYLineAndShapeRenderer renderer() {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, points);
        for (int i = 0; i < series.getSeriesCount(); i++) {
            r.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
            r.setSeriesStroke(i, new BasicStroke(1.8f));
            // A series of one point shows it even without dots.
            r.setSeriesShapesVisible(i, points || series.getSeries(i).getItemCount() == 1);
        }
        return r;
    }

    private static StandardChartTheme theme() {
        StandardChartTheme theme = new StandardChartTheme("fidel");
        theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        theme.setLargeFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        theme.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(new Color(0xdddddd));
        theme.setRangeGridlinePaint(new Color(0xdddddd));
        theme.setAxisLabelPaint(new Color(0x222222));
        theme.setTickLabelPaint(new Color(0x222222));
        return theme;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
