package ai.continual.report;

import ai.continual.evaluation.AccuracyMatrix;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes a {@link Comparison} as {@code comparison.json}, PNG plots (XChart) and an {@code index.html} that
 * shows them with the summary table: the accuracy matrix of each strategy as a heatmap, average score and
 * forgetting per date per strategy, and examples processed and wall time per strategy against retraining.
 */
public final class ComparisonReport {

    public static final String JSON_FILE = "comparison.json";
    public static final String HTML_FILE = "index.html";

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ComparisonReport() {}

    public static ObjectMapper json() {
        return JSON;
    }

    /** Writes the JSON, the plots and the HTML page into {@code dir}; returns the PNG files written. */
    public static List<Path> write(Comparison comparison, Path dir) {
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve(JSON_FILE).toFile(), comparison);
            List<Path> plots = new ArrayList<>();
            for (StrategyResult s : comparison.strategies()) {
                plots.add(png(heatmap(comparison, s), dir, "matrix-" + fileName(s.strategy())));
            }
            plots.add(png(perDate(comparison, "Average " + comparison.score() + " per date", true), dir, "average-score"));
            plots.add(png(perDate(comparison, "Average forgetting per date", false), dir, "forgetting"));
            plots.add(png(cost(comparison, true), dir, "examples"));
            plots.add(png(cost(comparison, false), dir, "wall-time"));
            Files.writeString(dir.resolve(HTML_FILE), html(comparison, plots), StandardCharsets.UTF_8);
            return plots;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the comparison report to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The summary table as fixed-width text: final average, forgetting, examples and wall time with ratios. */
    public static String table(Comparison c) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-28s %10s %10s %10s %11s %12s %8s %10s %8s%n", "strategy",
                "final avg", "objective", "newest", "forgetting", "examples", "x retr", "wall s", "x retr"));
        StrategyResult retrain = c.retrain().orElse(null);
        for (StrategyResult s : c.strategies()) {
            ComparisonRun last = s.last();
            sb.append(String.format(Locale.ROOT, "%-28s %10s %10s %10s %11s %12d %8s %10.1f %8s%n", s.strategy(),
                    percent(last.averageScore()), percent(last.objectiveScore()), percent(last.newScore()),
                    percent(last.averageForgetting()), s.totalExamples(),
                    ratio(s.totalExamples(), retrain == null ? 0 : retrain.totalExamples()), s.totalWallMs() / 1000.0,
                    ratio(s.totalWallMs(), retrain == null ? 0 : retrain.totalWallMs())));
        }
        sb.append("objective: ").append(c.objective()).append(" (final version; newest = its own date's score)\n");
        for (StrategyResult s : c.strategies()) {
            if (!s.settings().isEmpty()) {
                sb.append(s.strategy()).append(" ran with ").append(String.join(", ", s.settings())).append('\n');
            }
        }
        return sb.toString();
    }

    private static String percent(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * value);
    }

    private static String ratio(long value, long reference) {
        return reference == 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) value / reference);
    }

    private static HeatMapChart heatmap(Comparison c, StrategyResult s) {
        AccuracyMatrix m = s.matrix();
        HeatMapChart chart = new HeatMapChartBuilder().width(640).height(420)
                .title(s.strategy() + ": " + c.score() + " (version x partition)")
                .xAxisTitle("partition").yAxisTitle("version learned at").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(1);
        chart.getStyler().setRangeColors(new java.awt.Color[] {new java.awt.Color(200, 40, 40),
                new java.awt.Color(240, 220, 80), new java.awt.Color(40, 150, 60)});
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < m.rowCount(); i++) {
            for (int j = 0; j < m.columnCount(); j++) {
                if (m.get(i, j) != null) {
                    cells.add(new Number[] {j, i, Math.round(m.get(i, j) * 1000) / 1000.0});
                }
            }
        }
        List<String> rows = s.runs().stream().map(ComparisonRun::date).toList();
        chart.addSeries(c.score(), m.partitions(), rows, cells);
        return chart;
    }

    private static XYChart perDate(Comparison c, String title, boolean average) {
        XYChart chart = new XYChartBuilder().width(720).height(420).title(title)
                .xAxisTitle("date index (1 = " + (c.dates().isEmpty() ? "" : c.dates().get(0)) + ")")
                .yAxisTitle(average ? c.score() : "forgetting").build();
        for (StrategyResult s : c.strategies()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (ComparisonRun run : s.runs()) {
                Double value = average ? run.averageScore() : run.averageForgetting();
                if (value != null) {
                    x.add((double) c.dates().indexOf(run.date()) + 1);
                    y.add(value);
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(s.strategy(), x, y);
            }
        }
        return chart;
    }

    private static CategoryChart cost(Comparison c, boolean examples) {
        CategoryChart chart = new CategoryChartBuilder().width(720).height(420)
                .title(examples ? "Training examples processed over all dates" : "Wall time over all dates (s)")
                .xAxisTitle("strategy").yAxisTitle(examples ? "examples" : "seconds").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(30);
        List<String> names = c.strategies().stream().map(StrategyResult::strategy).toList();
        List<Double> values = c.strategies().stream()
                .map(s -> examples ? (double) s.totalExamples() : s.totalWallMs() / 1000.0).toList();
        chart.addSeries(examples ? "examples" : "seconds", names, values);
        return chart;
    }

    private static Path png(Chart<?, ?> chart, Path dir, String name) throws IOException {
        Path file = dir.resolve(name + ".png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    private static String fileName(String strategy) {
        return strategy.replaceAll("[^A-Za-z0-9.-]+", "_");
    }

    private static String html(Comparison c, List<Path> plots) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Comparison: ")
                .append(escape(c.model())).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                        + "td:first-child{text-align:left}img{max-width:100%}</style></head><body>\n");
        sb.append("<h1>Continual learning vs retraining: ").append(escape(c.model())).append("</h1>\n<p>Dates ")
                .append(escape(String.join(", ", c.dates()))).append("; score: ").append(escape(c.score()))
                .append("; epochs: ").append(c.epochs()).append(" for version 1 and retrains, ")
                .append(c.updateEpochs() > 0 ? String.valueOf(c.updateEpochs())
                        : "as many as training.max-update-examples pays for (at most " + c.epochs() + ")")
                .append(" for updates (unless a strategy's own settings say otherwise); config hash ")
                .append(escape(c.configHash())).append(".</p>\n");
        sb.append("<table><tr><th>strategy</th><th>final average</th><th>final objective (").append(escape(c.objective()))
                .append(")</th><th>final newest date</th><th>final forgetting</th><th>backward transfer</th>"
                + "<th>examples</th><th>x retrain</th><th>wall s</th><th>x retrain</th><th>rejected runs</th></tr>\n");
        StrategyResult retrain = c.retrain().orElse(null);
        for (StrategyResult s : c.strategies()) {
            ComparisonRun last = s.last();
            long rejected = s.runs().stream().filter(r -> "rejected".equals(r.status())).count();
            sb.append("<tr><td>").append(escape(s.strategy()))
                    .append(s.settings().isEmpty() ? "" : "<br><small>" + escape(String.join(", ", s.settings())) + "</small>")
                    .append("</td><td>").append(percent(last.averageScore()))
                    .append("</td><td>").append(percent(last.objectiveScore()))
                    .append("</td><td>").append(percent(last.newScore()))
                    .append("</td><td>").append(percent(last.averageForgetting())).append("</td><td>")
                    .append(percent(last.backwardTransfer())).append("</td><td>").append(s.totalExamples())
                    .append("</td><td>").append(ratio(s.totalExamples(), retrain == null ? 0 : retrain.totalExamples()))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.1f", s.totalWallMs() / 1000.0))
                    .append("</td><td>").append(ratio(s.totalWallMs(), retrain == null ? 0 : retrain.totalWallMs()))
                    .append("</td><td>").append(rejected).append("</td></tr>\n");
        }
        sb.append("</table>\n");
        for (Path plot : plots) {
            sb.append("<p><img src=\"").append(escape(plot.getFileName().toString())).append("\" alt=\"")
                    .append(escape(plot.getFileName().toString())).append("\"></p>\n");
        }
        sb.append("<p>Raw numbers: <a href=\"").append(JSON_FILE).append("\">").append(JSON_FILE)
                .append("</a>.</p>\n</body></html>\n");
        return sb.toString();
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
