package io.surewire.bench.raw;

import io.surewire.protocol.JsonBuilders;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import org.HdrHistogram.Histogram;

/**
 * {@code GET /raw/queued}: {@link RawQueued} in the shape of Surewire's {@code commit_to_queued_ms} in
 * {@code /api/websocket/metrics} (count, percentiles in ms, the compressed histogram in Base64), under
 * {@code queued_ms}, so that S5 reads both the same way.
 */
@WebServlet("/queued")
public class RawQueuedServlet extends HttpServlet {

    @Inject
    RawQueued queued;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Histogram histogram = queued.total();
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        response.setContentType("application/json");
        response.getWriter().write(JsonBuilders.object().add("queued_ms", JsonBuilders.object()
                .add("description", "from a published event's frame being built to its frame handed to a subscriber's"
                        + " connection")
                .add("count", histogram.getTotalCount())
                .add("p50", millis(histogram.getValueAtPercentile(50)))
                .add("p90", millis(histogram.getValueAtPercentile(90)))
                .add("p99", millis(histogram.getValueAtPercentile(99)))
                .add("max", millis(histogram.getMaxValue()))
                .add("histogram", Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length))))
                .build().toString());
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
