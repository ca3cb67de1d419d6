package io.surewire.console.control;

import io.surewire.protocol.JsonBuilders;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart over time as the configuration of Chart.js (PrimeFaces' {@code p:chart}): a label per
 * point, a line per series, no animation (the dashboard redraws it as samples arrive). A point
 * without a value ({@code null}) leaves a gap.
 */
public final class LineChart {

    /**
     * One series: its name, its colour (CSS) and a value per label; drawn dashed, or against the
     * right-hand axis.
     */
    public record Line(String label, String color, List<Double> values, boolean dashed, boolean right) {

        public Line(String label, String color, List<Double> values) {
            this(label, color, values, false, false);
        }

        public Line(String label, String color, List<Double> values, boolean dashed) {
            this(label, color, values, dashed, false);
        }
    }

    private final List<String> labels;
    private final String unit;
    private boolean whole;
    private String rightUnit;
    private final List<Line> lines = new ArrayList<>();

    /** A chart of the points named {@code labels}, its values in {@code unit} (the y axis' title). */
    public LineChart(List<String> labels, String unit) {
        this.labels = List.copyOf(labels);
        this.unit = unit;
    }

    /** The values are counts: the y axis shows whole numbers only. */
    public LineChart whole() {
        this.whole = true;
        return this;
    }

    /** The lines drawn against the right-hand axis count {@code unit}, in whole numbers. */
    public LineChart rightAxis(String unit) {
        this.rightUnit = unit;
        return this;
    }

    public LineChart line(Line line) {
        if (line.values().size() != labels.size()) {
            throw new IllegalArgumentException(line.label() + " has " + line.values().size() + " values for "
                    + labels.size() + " labels");
        }
        if (line.right() && rightUnit == null) {
            throw new IllegalArgumentException(line.label() + " is drawn against a right-hand axis the chart does not have");
        }
        lines.add(line);
        return this;
    }

    private JsonObjectBuilder yTicks(JsonObject font) {
        JsonObjectBuilder ticks = JsonBuilders.object().add("maxTicksLimit", 5).add("font", font);
        return whole ? ticks.add("precision", 0) : ticks;
    }

    /** The configuration, as {@code p:chart}'s value takes it. */
    public String json() {
        JsonArrayBuilder datasets = JsonBuilders.array();
        for (Line line : lines) {
            JsonArrayBuilder data = JsonBuilders.array();
            line.values().forEach(v -> {
                if (v == null || v.isNaN() || v.isInfinite()) {
                    data.addNull();
                } else {
                    data.add(v);
                }
            });
            JsonObjectBuilder dataset = JsonBuilders.object()
                    .add("label", line.label())
                    .add("data", data)
                    .add("borderColor", line.color())
                    .add("backgroundColor", line.color())
                    .add("borderWidth", 1.5)
                    .add("pointRadius", 0)
                    .add("pointHoverRadius", 3)
                    .add("cubicInterpolationMode", "monotone")
                    .add("fill", false)
                    .add("spanGaps", false);
            if (line.dashed()) {
                dataset.add("borderDash", JsonBuilders.array().add(4).add(3));
            }
            if (line.right()) {
                dataset.add("yAxisID", "y2");
            }
            datasets.add(dataset);
        }
        JsonArrayBuilder labelArray = JsonBuilders.array();
        labels.forEach(labelArray::add);
        JsonObject font = JsonBuilders.object().add("size", 11).build();
        return JsonBuilders.object()
                .add("type", "line")
                .add("data", JsonBuilders.object().add("labels", labelArray).add("datasets", datasets))
                .add("options", JsonBuilders.object()
                        .add("animation", false)
                        .add("responsive", true)
                        .add("maintainAspectRatio", false)
                        .add("interaction", JsonBuilders.object().add("mode", "index").add("intersect", false))
                        .add("plugins", JsonBuilders.object()
                                .add("legend", JsonBuilders.object()
                                        .add("position", "bottom")
                                        .add("labels", JsonBuilders.object().add("boxWidth", 10).add("boxHeight", 2)
                                                .add("font", font)))
                                .add("tooltip", JsonBuilders.object().add("enabled", true)))
                        .add("scales", scales(font)))
                .build().toString();
    }

    private JsonObjectBuilder scales(JsonObject font) {
        JsonObjectBuilder scales = JsonBuilders.object()
                .add("x", JsonBuilders.object()
                        .add("grid", JsonBuilders.object().add("display", false))
                        .add("ticks", JsonBuilders.object().add("maxTicksLimit", 7).add("maxRotation", 0)
                                .add("autoSkip", true).add("font", font)))
                .add("y", JsonBuilders.object()
                        .add("beginAtZero", true)
                        .add("grace", "5%")
                        .add("title", JsonBuilders.object().add("display", true).add("text", unit).add("font", font))
                        .add("ticks", yTicks(font)));
        if (rightUnit != null) {
            scales.add("y2", JsonBuilders.object()
                    .add("position", "right")
                    .add("beginAtZero", true)
                    .add("grace", "5%")
                    .add("grid", JsonBuilders.object().add("drawOnChartArea", false))
                    .add("title", JsonBuilders.object().add("display", true).add("text", rightUnit).add("font", font))
                    .add("ticks", JsonBuilders.object().add("maxTicksLimit", 5).add("precision", 0).add("font", font)));
        }
        return scales;
    }
}
