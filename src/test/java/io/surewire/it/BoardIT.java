package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.SurewireClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The appointment board: a state change and its event commit together, a refused change broadcasts
 * nothing, conflicts are settled by the database, and a snapshot plus a subscribe from its
 * {@code last_seq} keeps a client's board equal to the database.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag("h2")
class BoardIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger DAYS = new AtomicInteger();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.surewire(Map.of());
    }

    @ArquillianResource
    URL base;

    @Test
    void todaysBoardIsSeeded() {
        JsonObject snapshot = snapshot(LocalDate.now());
        assertTrue(snapshot.getJsonArray("appointments").size() >= 8, snapshot.toString());
        assertEquals("appointments/" + LocalDate.now(), snapshot.getString("topic"));
    }

    @Test
    void aCheckInCommitsTheChangeAndItsEventTogether() {
        LocalDate day = freshDay();
        JsonObject appointment = add(day, "09:00", "Kurt Gödel");
        JsonObject snapshot = snapshot(day);
        try (SurewireClient client = subscribed("board-check-in", snapshot)) {
            HttpResponse<String> done = changeState(appointment.getString("id"), "present", null);
            assertEquals(200, done.statusCode(), done.body());
            assertEquals("present", Hooks.json(done.body()).getString("state"));

            JsonObject event = client.await(Frames.ofType("event"), WAIT);
            JsonObject changed = event.getJsonObject("payload").getJsonObject("appointment");
            assertEquals(appointment.getString("id"), changed.getString("id"));
            assertEquals("present", changed.getString("state"));
            assertEquals(appointment.getJsonNumber("version").longValue() + 1, changed.getJsonNumber("version").longValue());
            assertEquals("present", stateInDatabase(day, appointment.getString("id")));
        }
    }

    @Test
    void anInvalidTransitionIs409RollsBackAndBroadcastsNothing() {
        LocalDate day = freshDay();
        JsonObject appointment = add(day, "10:00", "Emmy Noether");
        String id = appointment.getString("id");
        try (SurewireClient client = subscribed("board-refused", snapshot(day))) {
            HttpResponse<String> refused = changeState(id, "dismissed", null);
            assertEquals(409, refused.statusCode(), refused.body());
            JsonObject error = Hooks.json(refused.body());
            assertEquals("conflict", error.getString("code"));
            assertEquals("scheduled", error.getJsonObject("appointment").getString("state"));

            HttpResponse<String> stale = changeState(id, "present", 99L);
            assertEquals(409, stale.statusCode(), "a stale version is refused: " + stale.body());

            assertEquals(200, changeState(id, "present", appointment.getJsonNumber("version").longValue()).statusCode());
            JsonObject only = client.await(Frames.ofType("event"), WAIT);
            assertEquals("present", only.getJsonObject("payload").getJsonObject("appointment").getString("state"));
            assertEquals(snapshot(day).getJsonNumber("last_seq").longValue(), Frames.seq(only),
                    "the refused changes took no seq and sent no event");
            assertEquals(1, Frames.seqs(client.history(), "appointments/" + day).size());
        }
        assertEquals("present", stateInDatabase(day, id));
    }

    @Test
    void concurrentConflictingChangesAreSettledByTheDatabase() {
        LocalDate day = freshDay();
        JsonObject appointment = add(day, "11:00", "Alonzo Church");
        String id = appointment.getString("id");
        long version = appointment.getJsonNumber("version").longValue();
        List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String target = i % 2 == 0 ? "present" : "cancelled";
            racing.add(CompletableFuture.supplyAsync(() -> changeState(id, target, version)));
        }
        List<HttpResponse<String>> answers = racing.stream().map(CompletableFuture::join).toList();
        List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
        answers.stream().filter(a -> a.statusCode() == 409).forEach(refused -> assertTrue(
                Hooks.json(refused.body()).containsKey("appointment"), "every 409 carries the current appointment: " + refused.body()));
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        JsonObject after = snapshot(day);
        assertEquals(2, after.getJsonNumber("last_seq").longValue(), "the add and the one winning change");
    }

    @Test
    void aSnapshotAndASubscribeFromItsLastSeqKeepAClientsBoardEqualToTheDatabase() throws Exception {
        LocalDate day = freshDay();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(add(day, String.format("%02d:%02d", 8 + i / 4, (i % 4) * 15), "Patient " + i).getString("id"));
        }
        AtomicInteger changes = new AtomicInteger();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            writers.add(CompletableFuture.runAsync(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int n = 0; n < 25; n++) {
                    String id = ids.get(random.nextInt(ids.size()));
                    String next = List.of("present", "seated", "dismissed", "cancelled").get(random.nextInt(4));
                    if (changeState(id, next, null).statusCode() == 200) {
                        changes.incrementAndGet();
                    }
                }
            }));
        }
        // the client arrives while the writers are busy
        JsonObject snapshot = snapshot(day);
        Map<String, JsonObject> board = new HashMap<>();
        snapshot.getJsonArray("appointments").forEach(a -> board.put(a.asJsonObject().getString("id"), a.asJsonObject()));
        try (SurewireClient client = subscribed("board-converges", snapshot)) {
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();
            long lastSeq = snapshot(day).getJsonNumber("last_seq").longValue();
            Awaitility.await().atMost(WAIT).until(() -> client.history().stream()
                    .filter(Frames.ofType("event")).mapToLong(Frames::seq).max().orElse(0) >= lastSeq);
            // every event frame as it arrived, from the first (a listener added after the subscribe
            // would miss a replay that came before it)
            client.history().stream().filter(Frames.ofType("event"))
                    .forEach(frame -> apply(board, frame.getJsonObject("payload").getJsonObject("appointment")));
            long since = snapshot.getJsonNumber("last_seq").longValue();
            assertEquals(java.util.stream.LongStream.rangeClosed(since + 1, lastSeq).boxed().toList(),
                    Frames.seqs(client.history(), snapshot.getString("topic")).stream().distinct().sorted().toList(),
                    "every event after the snapshot arrived");

            Map<String, JsonObject> database = new HashMap<>();
            snapshot(day).getJsonArray("appointments").forEach(a -> database.put(a.asJsonObject().getString("id"), a.asJsonObject()));
            synchronized (board) {
                assertEquals(database, board, "after " + changes.get() + " concurrent changes");
            }
            assertTrue(changes.get() > 0);
        }
    }

    /** Applies a change unless the board already has that version or a newer one. */
    private static void apply(Map<String, JsonObject> board, JsonObject appointment) {
        synchronized (board) {
            JsonObject known = board.get(appointment.getString("id"));
            if (known == null || known.getJsonNumber("version").longValue() < appointment.getJsonNumber("version").longValue()) {
                board.put(appointment.getString("id"), appointment);
            }
        }
    }

    private SurewireClient subscribed(String clientId, JsonObject snapshot) {
        SurewireClient client = SurewireClient.connect(Endpoints.webSocket(base), clientId);
        client.await("hello", WAIT);
        client.subscribe(snapshot.getString("topic"), snapshot.getJsonNumber("last_seq").longValue());
        client.await("subscribed", WAIT);
        return client;
    }

    private JsonObject snapshot(LocalDate day) {
        HttpResponse<String> response = Endpoints.get(base, "/api/appointments?date=" + day);
        assertEquals(200, response.statusCode(), response.body());
        return Hooks.json(response.body());
    }

    private JsonObject add(LocalDate day, String time, String patient) {
        HttpResponse<String> response = Endpoints.post(base, "/api/appointments",
                "{\"date\":\"" + day + "\",\"time\":\"" + time + "\",\"patient\":\"" + patient + "\"}");
        assertEquals(201, response.statusCode(), response.body());
        return Hooks.json(response.body());
    }

    private HttpResponse<String> changeState(String id, String state, Long version) {
        String body = "{\"state\":\"" + state + "\"" + (version == null ? "" : ",\"version\":" + version) + "}";
        return Endpoints.send(HttpRequest.newBuilder(Endpoints.http(base, "/api/appointments/" + id + "/state"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String stateInDatabase(LocalDate day, String id) {
        return snapshot(day).getJsonArray("appointments").stream().map(JsonValue::asJsonObject)
                .filter(a -> id.equals(a.getString("id"))).findFirst().orElseThrow().getString("state");
    }

    /** A day of its own for each test, far from today's seeded board. */
    private static LocalDate freshDay() {
        return LocalDate.of(2100, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(0, 20000) + DAYS.incrementAndGet());
    }

    @Test
    void badBoardRequestsGetJsonErrors() {
        HttpApiIT.expect(Endpoints.get(base, "/api/appointments?date=yesterday"), 400, "bad_request");
        HttpApiIT.expect(changeState("no-such-id", "present", null), 404, "not_found");
        HttpApiIT.expect(changeState("no-such-id", "teleported", null), 400, "bad_request");
        HttpApiIT.expect(Endpoints.post(base, "/api/appointments", "{\"time\":\"25:00\",\"patient\":\"x\"}"), 400, "bad_request");
        HttpApiIT.expect(Endpoints.post(base, "/api/appointments", "{\"time\":\"09:00\"}"), 400, "bad_request");
        HttpApiIT.expect(Endpoints.post(base, "/api/appointments", "[]"), 400, "bad_request");
        assertFalse(Endpoints.get(base, "/api/appointments").body().isBlank());
    }
}
