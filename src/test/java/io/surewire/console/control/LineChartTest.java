package io.surewire.console.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LineChart}: the Chart.js configuration p:chart takes, a gap for a point without a value. */
class LineChartTest {

    @Test
    void aLinePerSeriesAndALabelPerPoint() {
        JsonObject chart = parse(new LineChart(List.of("10:00:00", "10:00:05"), "per second")
                .line(new LineChart.Line("events", "#2563eb", List.of(1.5, 2.0)))
                .line(new LineChart.Line("acks", "#7c3aed", Arrays.asList(null, 3.0), true))
                .json());

        assertEquals("line", chart.getString("type"));
        assertEquals(List.of("10:00:00", "10:00:05"), chart.getJsonObject("data").getJsonArray("labels")
                .getValuesAs(jakarta.json.JsonString::getString));
        var datasets = chart.getJsonObject("data").getJsonArray("datasets");
        assertEquals(2, datasets.size());
        assertEquals("events", datasets.getJsonObject(0).getString("label"));
        assertEquals(1.5, datasets.getJsonObject(0).getJsonArray("data").getJsonNumber(0).doubleValue());
        assertEquals(JsonValue.NULL, datasets.getJsonObject(1).getJsonArray("data").get(0), "a gap");
        assertTrue(datasets.getJsonObject(1).containsKey("borderDash"));
        assertEquals(false, chart.getJsonObject("options").getBoolean("animation"));
        JsonObject y = chart.getJsonObject("options").getJsonObject("scales").getJsonObject("y");
        assertEquals("per second", y.getJsonObject("title").getString("text"));
        assertEquals(11, y.getJsonObject("ticks").getJsonObject("font").getInt("size"), "each font is whole");
        assertEquals(11, chart.getJsonObject("options").getJsonObject("scales").getJsonObject("x").getJsonObject("ticks")
                .getJsonObject("font").getInt("size"));
        assertTrue(!y.getJsonObject("ticks").containsKey("precision"), "fractions allowed");
    }

    @Test
    void aChartOfCountsHasWholeTicks() {
        JsonObject chart = parse(new LineChart(List.of("a"), "count").whole()
                .line(new LineChart.Line("x", "#000", List.of(1.0))).json());
        assertEquals(0, chart.getJsonObject("options").getJsonObject("scales").getJsonObject("y").getJsonObject("ticks")
                .getInt("precision"));
    }

    @Test
    void aLineMayHaveAnAxisOfItsOwnOnTheRight() {
        JsonObject chart = parse(new LineChart(List.of("a"), "per second").rightAxis("failures")
                .line(new LineChart.Line("redeliveries", "#000", List.of(1.0)))
                .line(new LineChart.Line("failures", "#f00", List.of(2.0), false, true)).json());
        var datasets = chart.getJsonObject("data").getJsonArray("datasets");
        assertTrue(!datasets.getJsonObject(0).containsKey("yAxisID"));
        assertEquals("y2", datasets.getJsonObject(1).getString("yAxisID"));
        JsonObject y2 = chart.getJsonObject("options").getJsonObject("scales").getJsonObject("y2");
        assertEquals("right", y2.getString("position"));
        assertEquals("failures", y2.getJsonObject("title").getString("text"));
        assertThrows(IllegalArgumentException.class, () -> new LineChart(List.of("a"), "x")
                .line(new LineChart.Line("f", "#f00", List.of(2.0), false, true)), "no right axis");
    }

    @Test
    void aValueThatIsNoNumberIsAGap() {
        JsonObject chart = parse(new LineChart(List.of("a"), "ms")
                .line(new LineChart.Line("x", "#000", List.of(Double.NaN))).json());
        assertEquals(JsonValue.NULL, chart.getJsonObject("data").getJsonArray("datasets").getJsonObject(0)
                .getJsonArray("data").get(0));
    }

    @Test
    void everyLineHasAValuePerLabel() {
        LineChart chart = new LineChart(List.of("a", "b"), "ms");
        assertThrows(IllegalArgumentException.class, () -> chart.line(new LineChart.Line("x", "#000", List.of(1.0))));
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
