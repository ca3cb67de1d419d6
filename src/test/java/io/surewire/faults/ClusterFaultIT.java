package io.surewire.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.client.ReliableSubscriber;
import io.surewire.client.SurewireClient;
import io.surewire.it.DeliveryCheck;
import io.surewire.it.Deployments;
import io.surewire.it.Endpoints;
import io.surewire.it.JobRuns;
import io.surewire.it.Postgres;
import io.surewire.it.TestTokens;
import io.surewire.it.Topics;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of a cluster on the suite's PostgreSQL, told of each other's commits and connections by
 * the clustered broker. A client that connects to one node supersedes its connection on the other
 * (4409). Subscribers spread over both, publishers on both, every subscriber gets every event in
 * order. Then {@code kill -9} of the second node mid-stream: its subscribers reconnect to the first
 * and resume, its publishers go on with the first, and nothing is lost, judged frame by frame. A
 * retention-purge that ran on the killed node is adopted by the first one, which finds the killed
 * node's lease free, and goes on from its checkpoint. Then the killed node is started again, and its
 * recovery leaves no transaction prepared in the database.
 * The test runs its own two servers (ports + 200 and + 300) next to the suite's.
 */
class ClusterFaultIT {

    private static final List<Integer> OFFSETS = List.of(200, 300);

    @Test
    void killMinus9OfOneNodeMidStream() throws Exception {
        int events = Scale.current().of(300);
        AtomicLong kills = new AtomicLong();
        AtomicLong receivedBeforeTheKill = new AtomicLong(-1);
        WebArchive war = Deployments.withHooks(Map.of("surewire.cluster.enabled", "true", "surewire.ack.timeout-ms", "2000",
                "surewire.jobs.resume-on-start", "true", "surewire.jobs.retention.scheduled", "false",
                "surewire.jobs.retention.chunk-size", "10"));
        try (StandaloneServer one = StandaloneServer.clusterNode("cluster-1", war, 1, OFFSETS);
             StandaloneServer two = StandaloneServer.clusterNode("cluster-2", war, 2, OFFSETS)) {
            one.start();
            two.start();
            List<URI> endpoints = List.of(Endpoints.webSocket(one.base()), Endpoints.webSocket(two.base()));

            // the broker's cluster forms after the nodes answer: notices flow both ways before anything is judged
            awaitNotices(one, two);
            awaitNotices(two, one);

            // a client that connects to the second node supersedes its connection on the first: 4409 there. The
            // first node must have taken its connection (answered a subscribe) before the second: which one is
            // older is told by when each node registered it, and the client may see a connection open before that
            try (SurewireClient first = SurewireClient.connect(endpoints.get(0), "cluster-supersede")) {
                first.subscribe("it/cluster-probe");
                first.await("subscribed", Duration.ofMinutes(1));
                try (SurewireClient second = SurewireClient.connect(endpoints.get(1), "cluster-supersede")) {
                    assertEquals(4409, first.closed().get(1, TimeUnit.MINUTES).code(),
                            "the older connection, on the other node, was superseded");
                    assertFalse(second.closed().isDone(), "the newer connection stays open");
                }
            }
            // a retention-purge that the second node runs when it is killed, held at its chunk of seq 100 by a row
            // lock (started just before the kill: a chunk waits at most the 5 s lock timeout); the first node must
            // adopt it
            String purged = Topics.unique("cluster-purge");
            hook(two, "/api/it/jobs/events?topic=" + encode(purged) + "&count=250");
            hook(two, "/api/it/jobs/age-events?topic=" + encode(purged) + "&from=1&through=200&age=PT48H");
            AtomicLong cutOff = new AtomicLong();

            try (FaultRun run = FaultRun.startOnCluster(List.of(one.base(), two.base()), endpoints, "cluster",
                    Scale.current().of(10))) {
                run.publish(events, 4, () -> {
                    run.awaitPublished(events / 3);
                    try {
                        receivedBeforeTheKill.set(noticesReceived(two));
                        try (Connection lock = Postgres.connect()) {
                            lock.setAutoCommit(false);
                            try (PreparedStatement row = lock.prepareStatement(
                                    "SELECT seq FROM sw_event WHERE topic = ? AND seq = 100 FOR UPDATE")) {
                                row.setString(1, purged);
                                row.executeQuery().close();
                            }
                            cutOff.set(JobRuns.start(two.base(), "retention-purge", ""));
                            Awaitility.await().atMost(JobRuns.WAIT).until(() -> Postgres.blocksAnother(lock));
                            two.kill();
                            kills.incrementAndGet();
                            lock.rollback();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("the second node could not be killed", e);
                    }
                });
                FaultRun.Outcome outcome = run.converge(Duration.ofMinutes(3));
                run.report("kill -9 of one node of two mid-stream", outcome, kills.get(),
                        receivedBeforeTheKill.get() + " events of the first node reached the second over JMS before"
                                + " the kill; " + outcome.failedPublishes() + " publishes failed and were retried on the"
                                + " other node; " + run.reconnects() + " reconnects");

                assertEquals(1, kills.get());
                assertTrue(receivedBeforeTheKill.get() > 0,
                        "the second node was told of the first node's commits over JMS: " + receivedBeforeTheKill.get());
                assertTrue(outcome.verdict().holds(), outcome.verdict().toString());
                FaultRun.assertInOrderWithoutResyncs(outcome.order());
                // subscriber i started on node i % 2: those of the second node came back on the first
                List<ReliableSubscriber> ofTheKilledNode = IntStream.range(0, run.subscribers().size())
                        .filter(i -> i % 2 == 1).mapToObj(run.subscribers()::get).toList();
                assertTrue(!ofTheKilledNode.isEmpty() && ofTheKilledNode.stream().allMatch(s -> s.connections() >= 2),
                        "the kill was felt: every subscriber of the killed node came back on a new connection");
                Map<JsonValue, Long> perMessage = DeliveryCheck.committed(run.topic()).values().stream()
                        .collect(Collectors.groupingBy(v -> v, Collectors.counting()));
                assertEquals(events, perMessage.size(), "every message is in the log");
                assertTrue(perMessage.values().stream().allMatch(n -> n == 1), "no message twice: the keys held across nodes");
            }
            // the first node found the second one's lease free and went on with its job from its checkpoint
            long adopted = adopted(one, cutOff.get());
            JsonObject done = JobRuns.ended(one.base(), adopted);
            assertEquals("COMPLETED", done.getString("status"), done.toString());
            assertEquals(1, Postgres.number("SELECT COUNT(DISTINCT jobinstanceid) FROM job_execution"
                    + " WHERE jobexecutionid IN (" + cutOff.get() + ", " + adopted + ")"), "a restart of the same job instance");
            assertEquals(201, Postgres.number("SELECT MIN(seq) FROM sw_event WHERE topic = ?", purged),
                    "exactly the expired events are gone");

            // a node killed between the two phases of a transaction (the JMS relay's) leaves it prepared in
            // the database, its locks held, until that node's recovery: started again, it finishes them
            two.start();
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Postgres.number("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()") == 0);
        }
    }

    /** The execution with which {@code node} went on from {@code cutOff} (at most 2 minutes). */
    private static long adopted(StandaloneServer node, long cutOff) {
        AtomicLong next = new AtomicLong(cutOff);
        Awaitility.await().atMost(JobRuns.WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> latest = Endpoints.get(node.base(), "/api/jobs/executions?job=retention-purge&limit=1");
            assertEquals(200, latest.statusCode(), latest.body());
            JsonArray executions = Json.createReader(new StringReader(latest.body())).readArray();
            next.set(executions.isEmpty() ? cutOff : executions.getJsonObject(0).getJsonNumber("execution_id").longValue());
            return next.get() != cutOff;
        });
        return next.get();
    }

    private static void hook(StandaloneServer node, String path) {
        HttpResponse<String> response = Endpoints.post(node.base(), path, "");
        assertEquals(200, response.statusCode(), response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Publishes on {@code from} until {@code to} received a notice of another node (at most 2 minutes). */
    private static void awaitNotices(StandaloneServer from, StandaloneServer to) {
        String token = TestTokens.all("cluster-probe", "frontend");
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    http.send(HttpRequest.newBuilder(Endpoints.http(from.base(), "/api/v1/topics/it/cluster-probe/events"))
                            .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
                    return noticesReceived(to) > 0;
                });
    }

    /** The node's count of notices received from the other nodes, from its metrics endpoint. */
    private static long noticesReceived(StandaloneServer node) throws Exception {
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.metrics())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return scrape.body().lines()
                .filter(line -> line.startsWith("surewire_cluster_notices_received_total"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
