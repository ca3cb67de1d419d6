package io.surewire.platform;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every tunable of Surewire, read through MicroProfile Config: a system property, an environment
 * variable ({@code SUREWIRE_ACK_TIMEOUT_MS} for {@code surewire.ack.timeout-ms}) or
 * {@code META-INF/microprofile-config.properties}. The defaults here are the documented ones
 * (README, "Configuration").
 */
@ApplicationScoped
public class SurewireConfig {

    /** Security is on unless {@code surewire.security.enabled} says otherwise (read before the beans, too). */
    public static final String SECURITY_ENABLED_BY_DEFAULT = "true";

    /** Undertow stops reading a connection with more than 50 frames waiting to be written: stay well below. */
    private static final int MAX_FRAMES_IN_FLIGHT = 40;

    /** The contract keeps an idempotency key at least this long. */
    static final Duration MIN_IDEMPOTENCY_RETENTION = Duration.ofHours(24);

    private static final Logger LOG = Logger.getLogger(SurewireConfig.class.getName());

    @Inject
    @ConfigProperty(name = "surewire.ack.timeout-ms", defaultValue = "5000")
    long ackTimeoutMs;

    @Inject
    @ConfigProperty(name = "surewire.ack.max-retries", defaultValue = "3")
    int maxRetries;

    @Inject
    @ConfigProperty(name = "surewire.heartbeat.interval-ms", defaultValue = "25000")
    long heartbeatIntervalMs;

    @Inject
    @ConfigProperty(name = "surewire.heartbeat.missed-intervals", defaultValue = "3")
    int heartbeatMissedIntervals;

    @Inject
    @ConfigProperty(name = "surewire.retention.max-events", defaultValue = "10000")
    long retentionMaxEvents;

    @Inject
    @ConfigProperty(name = "surewire.retention.max-age", defaultValue = "PT24H")
    Duration retentionMaxAge;

    @Inject
    @ConfigProperty(name = "surewire.frame.max-bytes", defaultValue = "65536")
    int frameMaxBytes;

    @Inject
    @ConfigProperty(name = "surewire.publish.max-payload-bytes", defaultValue = "65536")
    int maxPayloadBytes;

    @Inject
    @ConfigProperty(name = "surewire.poll.max-wait-seconds", defaultValue = "30")
    int pollMaxWaitSeconds;

    @Inject
    @ConfigProperty(name = "surewire.poll.max-limit", defaultValue = "1000")
    int pollMaxLimit;

    @Inject
    @ConfigProperty(name = "surewire.poll.max-waiting", defaultValue = "5000")
    int pollMaxWaiting;

    @Inject
    @ConfigProperty(name = "surewire.idempotency.retention", defaultValue = "PT48H")
    Duration idempotencyRetention;

    @Inject
    @ConfigProperty(name = "surewire.jms.events.enabled", defaultValue = "true")
    boolean jmsEventsEnabled;

    @Inject
    @ConfigProperty(name = "surewire.replay.max-unacked", defaultValue = "250")
    int replayMaxUnacked;

    @Inject
    @ConfigProperty(name = "surewire.replay.cache.events-per-topic", defaultValue = "256")
    int replayCacheEventsPerTopic;

    @Inject
    @ConfigProperty(name = "surewire.replay.cache.max-bytes", defaultValue = "33554432")
    long replayCacheMaxBytes;

    @Inject
    @ConfigProperty(name = "surewire.replay.cache.max-topics", defaultValue = "10000")
    int replayCacheMaxTopics;

    @Inject
    @ConfigProperty(name = "surewire.replay.cache.idle-ms", defaultValue = "60000")
    long replayCacheIdleMs;

    @Inject
    @ConfigProperty(name = "surewire.delivery.fanout-chunk", defaultValue = "64")
    int fanoutChunk;

    @Inject
    @ConfigProperty(name = "surewire.delivery.fanout-inline", defaultValue = "0")
    int fanoutInline;

    @Inject
    @ConfigProperty(name = "surewire.delivery.threads", defaultValue = "16")
    int deliveryThreads;

    @Inject
    @ConfigProperty(name = "surewire.publish.group-commit.max-events", defaultValue = "100")
    int groupCommitMaxEvents;

    @Inject
    @ConfigProperty(name = "surewire.publish.group-commit.lanes", defaultValue = "2")
    int groupCommitLanes;

    @Inject
    @ConfigProperty(name = "surewire.jms.events.linger-ms", defaultValue = "100")
    long jmsEventsLingerMs;

    @Inject
    @ConfigProperty(name = "surewire.cluster.enabled", defaultValue = "false")
    boolean clusterEnabled;

    @Inject
    @ConfigProperty(name = "surewire.node", defaultValue = "surewire-1")
    String node;

    @Inject
    @ConfigProperty(name = "surewire.cluster.inline-payload-bytes", defaultValue = "8192")
    int clusterInlinePayloadBytes;

    @Inject
    @ConfigProperty(name = "surewire.cluster.queue-length", defaultValue = "10000")
    int clusterQueueLength;

    @Inject
    @ConfigProperty(name = "surewire.cluster.notice-ttl-ms", defaultValue = "10000")
    long clusterNoticeTtlMs;

    @Inject
    @ConfigProperty(name = "surewire.jms.events.batch-size", defaultValue = "500")
    int jmsEventsBatchSize;

    @Inject
    @ConfigProperty(name = "surewire.outbound.queue-limit", defaultValue = "1000")
    int outboundQueueLimit;

    @Inject
    @ConfigProperty(name = "surewire.outbound.frames-in-flight", defaultValue = "16")
    int outboundFramesInFlight;

    @Inject
    @ConfigProperty(name = "surewire.outbound.stall-timeout-ms", defaultValue = "10000")
    long outboundStallTimeoutMs;

    @Inject
    @ConfigProperty(name = "surewire.websocket.release-upgrade-request", defaultValue = "true")
    boolean releaseUpgradeRequest;

    @Inject
    @ConfigProperty(name = "surewire.connection.max-queued-tasks", defaultValue = "5000")
    int maxQueuedTasks;

    @Inject
    @ConfigProperty(name = "surewire.publish.max-pending-per-connection", defaultValue = "64")
    int maxPendingPublishes;

    @Inject
    @ConfigProperty(name = "surewire.failures.max-unwritten", defaultValue = "10000")
    int maxUnwrittenFailures;

    @Inject
    @ConfigProperty(name = "surewire.replay.page-size", defaultValue = "200")
    int replayPageSize;

    @Inject
    @ConfigProperty(name = "surewire.subscriptions.max-per-connection", defaultValue = "256")
    int maxSubscriptionsPerConnection;

    @Inject
    @ConfigProperty(name = "surewire.rate.frames-per-second", defaultValue = "500")
    int framesPerSecond;

    @Inject
    @ConfigProperty(name = "surewire.rate.max-limited-seconds", defaultValue = "5")
    int maxRateLimitedSeconds;

    @Inject
    @ConfigProperty(name = "surewire.shutdown.reconnect-after-ms", defaultValue = "2000")
    long shutdownReconnectAfterMs;

    @Inject
    @ConfigProperty(name = "surewire.shutdown.grace", defaultValue = "PT2S")
    Duration shutdownGrace;

    @Inject
    @ConfigProperty(name = "surewire.demo.seed", defaultValue = "true")
    boolean demoSeed;

    @Inject
    @ConfigProperty(name = "surewire.board.zone", defaultValue = "UTC")
    String boardZone;

    @Inject
    @ConfigProperty(name = "surewire.security.enabled", defaultValue = SECURITY_ENABLED_BY_DEFAULT)
    boolean securityEnabled;

    @Inject
    @ConfigProperty(name = "surewire.security.jwt.secret")
    Optional<String> jwtSecret;

    @Inject
    @ConfigProperty(name = "surewire.security.jwt.clock-leeway-seconds", defaultValue = "30")
    int clockLeewaySeconds;

    @Inject
    @ConfigProperty(name = "surewire.security.allowed-origins")
    Optional<String> allowedOrigins;

    @Inject
    @ConfigProperty(name = "surewire.security.handshakes-per-second", defaultValue = "20")
    double handshakesPerSecond;

    @Inject
    @ConfigProperty(name = "surewire.security.handshake-burst", defaultValue = "200")
    int handshakeBurst;

    @Inject
    @ConfigProperty(name = "surewire.security.handshake-addresses", defaultValue = "100000")
    int handshakeAddresses;

    @Inject
    @ConfigProperty(name = "surewire.board.token.lifetime", defaultValue = "PT10M")
    Duration boardTokenLifetime;

    @Inject
    @ConfigProperty(name = "surewire.board.token.topics", defaultValue = "appointments/+")
    List<String> boardTokenTopics;

    @Inject
    @ConfigProperty(name = "surewire.board.token.publish")
    Optional<List<String>> boardTokenPublish;

    // The batch jobs (io.surewire.jobs): retention-purge and failure-report.

    @Inject
    @ConfigProperty(name = "surewire.jobs.retention.chunk-size", defaultValue = "1000")
    int retentionJobChunkSize;

    @Inject
    @ConfigProperty(name = "surewire.jobs.retention.scheduled", defaultValue = "true")
    boolean retentionJobScheduled;

    @Inject
    @ConfigProperty(name = "surewire.jobs.resume-on-start", defaultValue = "true")
    boolean resumeJobsOnStart;

    @Inject
    @ConfigProperty(name = "surewire.jobs.failure-report.chunk-size", defaultValue = "500")
    int failureReportChunkSize;

    @Inject
    @ConfigProperty(name = "surewire.jobs.failure-report.period", defaultValue = "PT24H")
    Duration failureReportPeriod;

    @Inject
    @ConfigProperty(name = "surewire.jobs.list.max-limit", defaultValue = "100")
    int jobsListMaxLimit;

    /** WildFly's data directory (a system property of every WildFly server). */
    @Inject
    @ConfigProperty(name = "jboss.server.data.dir")
    Optional<String> serverDataDir;

    // ---- the operator console and its statistics

    @Inject
    @ConfigProperty(name = "surewire.statistics.window", defaultValue = "PT15M")
    Duration statisticsWindow;

    @Inject
    @ConfigProperty(name = "surewire.console.zone", defaultValue = "UTC")
    String consoleZone;

    @Inject
    @ConfigProperty(name = "surewire.console.token-lifetime", defaultValue = "PT10M")
    Duration consoleTokenLifetime;

    @PostConstruct
    void check() {
        if (idempotencyRetention.compareTo(MIN_IDEMPOTENCY_RETENTION) < 0) {
            LOG.warning(() -> "surewire.idempotency.retention=" + idempotencyRetention + " is shorter than the 24 h"
                    + " the protocol promises: idempotency keys are kept 24 h");
        }
        if (outboundFramesInFlight() != outboundFramesInFlight) {
            LOG.warning(() -> "surewire.outbound.frames-in-flight=" + outboundFramesInFlight + " is outside 1.."
                    + MAX_FRAMES_IN_FLIGHT + ": " + outboundFramesInFlight() + " is used");
        }
    }

    public long ackTimeoutMs() {
        return ackTimeoutMs;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public long heartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    public int heartbeatMissedIntervals() {
        return heartbeatMissedIntervals;
    }

    public long retentionMaxEvents() {
        return retentionMaxEvents;
    }

    public Duration retentionMaxAge() {
        return retentionMaxAge;
    }

    public int frameMaxBytes() {
        return frameMaxBytes;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    public int pollMaxWaitSeconds() {
        return pollMaxWaitSeconds;
    }

    public int pollMaxLimit() {
        return pollMaxLimit;
    }

    public int pollMaxWaiting() {
        return pollMaxWaiting;
    }

    /**
     * How long idempotency keys are kept: at least the 24 h the contract promises, whatever is set
     * (a shorter setting is raised to 24 h, with a warning at startup).
     */
    public Duration idempotencyRetention() {
        return idempotencyRetention.compareTo(MIN_IDEMPOTENCY_RETENTION) < 0 ? MIN_IDEMPOTENCY_RETENTION
                : idempotencyRetention;
    }

    public boolean jmsEventsEnabled() {
        return jmsEventsEnabled;
    }

    /** Whether this node is one of several on the same database, told of each other's commits over JMS. */
    public boolean clusterEnabled() {
        return clusterEnabled;
    }

    /** This node's name, unique among the nodes of a cluster (also the transaction manager's node identifier). */
    public String node() {
        return node;
    }

    /** An event whose payload is at most this long (UTF-16 units) travels in its notice; a longer one is read from the log. */
    public int clusterInlinePayloadBytes() {
        return clusterInlinePayloadBytes;
    }

    /** Notices waiting to be sent to the other nodes; beyond, one is dropped, and the next second's head check covers it. */
    public int clusterQueueLength() {
        return clusterQueueLength;
    }

    /** How long a notice to the other nodes may travel before the broker drops it: by then the head checks covered it. */
    public long clusterNoticeTtlMs() {
        return clusterNoticeTtlMs;
    }

    /** A replay or resend sends at most this many events past the client's last ack. */
    public int replayMaxUnacked() {
        return replayMaxUnacked;
    }

    /** The latest events of a topic kept in memory for replays (0: none). */
    public int replayCacheEventsPerTopic() {
        return replayCacheEventsPerTopic;
    }

    /** About how many bytes the events kept in memory for replays may take in all. */
    public long replayCacheMaxBytes() {
        return replayCacheMaxBytes;
    }

    /** How many topics may keep recent events in memory for replays. */
    public int replayCacheMaxTopics() {
        return replayCacheMaxTopics;
    }

    /** A topic nobody here subscribes to keeps its recent events this long after its last one. */
    public long replayCacheIdleMs() {
        return replayCacheIdleMs;
    }

    /** A live event goes to this many subscribers per task of the delivery pool. */
    public int fanoutChunk() {
        return fanoutChunk;
    }

    /**
     * A live event goes to this many of its subscribers on the thread that committed it, after the
     * others were handed to the delivery pool (0: all of them through the pool).
     */
    public int fanoutInline() {
        return fanoutInline;
    }

    /** The threads that run the connections' delivery tasks. */
    public int deliveryThreads() {
        return deliveryThreads;
    }

    /** At most this many publishes to one topic are committed in one transaction (1: no group commit). */
    public int groupCommitMaxEvents() {
        return groupCommitMaxEvents;
    }

    /**
     * The group commit's lanes: a topic always takes the same one, and publishes that wait in a lane
     * commit together whatever their topics, at most one transaction per lane at a time (0: a lane per
     * topic, only publishes to one topic commit together).
     */
    public int groupCommitLanes() {
        return groupCommitLanes;
    }

    /** How long the JMS relay waits after a wake-up for more commits to send with it. */
    public long jmsEventsLingerMs() {
        return jmsEventsLingerMs;
    }

    /** At most this many events go to the JMS topic in one transaction of the relay. */
    public int jmsEventsBatchSize() {
        return jmsEventsBatchSize;
    }

    public int outboundQueueLimit() {
        return outboundQueueLimit;
    }

    /**
     * Frames of one connection handed to the WebSocket container at once, 1 to 40: what it holds
     * together goes out in one write. Undertow stops reading a connection that has more than 50 frames
     * waiting to be written (its acks would wait), so this stays well below that.
     */
    public int outboundFramesInFlight() {
        return Math.max(1, Math.min(MAX_FRAMES_IN_FLIGHT, outboundFramesInFlight));
    }

    public long outboundStallTimeoutMs() {
        return outboundStallTimeoutMs;
    }

    /** Whether an open WebSocket connection lets go of the HTTP upgrade request the container keeps with it. */
    public boolean releaseUpgradeRequest() {
        return releaseUpgradeRequest;
    }

    public int maxQueuedTasks() {
        return maxQueuedTasks;
    }

    public int maxPendingPublishes() {
        return maxPendingPublishes;
    }

    public int maxUnwrittenFailures() {
        return maxUnwrittenFailures;
    }

    public int replayPageSize() {
        return replayPageSize;
    }

    public int maxSubscriptionsPerConnection() {
        return maxSubscriptionsPerConnection;
    }

    public int framesPerSecond() {
        return framesPerSecond;
    }

    public int maxRateLimitedSeconds() {
        return maxRateLimitedSeconds;
    }

    public long shutdownReconnectAfterMs() {
        return shutdownReconnectAfterMs;
    }

    /** How long the application's stop waits for the clients' {@code shutdown} notices to be written. */
    public Duration shutdownGrace() {
        return shutdownGrace.isNegative() ? Duration.ZERO : shutdownGrace;
    }

    /** Whether the start gives today's demo board its appointments when it has none. */
    public boolean demoSeed() {
        return demoSeed;
    }

    /** Whether tokens, topic filters and the operator role are checked (PROTOCOL §7). */
    public boolean securityEnabled() {
        return securityEnabled;
    }

    /** The HS256 secret of the tokens, if set. */
    public Optional<String> jwtSecret() {
        return jwtSecret.filter(s -> !s.isBlank());
    }

    public int clockLeewaySeconds() {
        return clockLeewaySeconds;
    }

    /** The origins, besides the server's own, whose pages may open a WebSocket (comma-separated). */
    public String allowedOrigins() {
        return allowedOrigins.orElse("");
    }

    /** WebSocket handshakes each source address may start per second, sustained (0: no limit). */
    public double handshakesPerSecond() {
        return handshakesPerSecond;
    }

    /** ... and at once, after a quiet spell. */
    public int handshakeBurst() {
        return handshakeBurst;
    }

    /** At most this many source addresses are tracked at once by the handshake limit. */
    public int handshakeAddresses() {
        return handshakeAddresses;
    }

    /** How long a token the board page is given stays valid. */
    public Duration boardTokenLifetime() {
        return boardTokenLifetime;
    }

    /** The topic filters the board page's token may subscribe to. */
    public List<String> boardTokenTopics() {
        return boardTokenTopics;
    }

    /** The topic filters the board page's token may publish to (none by default: the board only reads). */
    public List<String> boardTokenPublish() {
        return boardTokenPublish.orElse(List.of());
    }

    /** How far back the delivery statistics keep their samples (the dashboard's charts). */
    public Duration statisticsWindow() {
        return statisticsWindow;
    }

    /** The zone the console shows times in. */
    public ZoneId consoleZone() {
        return ZoneId.of(consoleZone);
    }

    /** How long a token the console's Jobs page is given (to follow {@code ops/jobs}) stays valid. */
    public Duration consoleTokenLifetime() {
        return consoleTokenLifetime;
    }

    /** The zone whose calendar day is the board's "today" (a request without a date, the demo's seed). */
    public ZoneId boardZone() {
        return ZoneId.of(boardZone);
    }

    // The batch jobs.

    /** Events or idempotency keys the retention-purge job reads, deletes and checkpoints in one transaction. */
    public int retentionJobChunkSize() {
        return Math.max(1, retentionJobChunkSize);
    }

    /** Whether the retention-purge job starts every hour (it can always be started on demand). */
    public boolean retentionJobScheduled() {
        return retentionJobScheduled;
    }

    /**
     * Whether the start of the server restarts, from its last checkpoint, every job execution that the
     * batch repository shows running: one cut off by the server's stop or crash.
     */
    public boolean resumeJobsOnStart() {
        return resumeJobsOnStart;
    }

    /** Delivery failures the failure-report job reads and writes to its file per checkpoint. */
    public int failureReportChunkSize() {
        return Math.max(1, failureReportChunkSize);
    }

    /** The period a failure report covers when it is started without {@code from}: this long before {@code to}. */
    public Duration failureReportPeriod() {
        return failureReportPeriod;
    }

    /** The most executions {@code GET /api/jobs/executions} lists at once. */
    public int jobsListMaxLimit() {
        return Math.max(1, jobsListMaxLimit);
    }

    /** Where the failure reports are written: {@code surewire/reports} under WildFly's data directory. */
    public Path reportsDirectory() {
        return Path.of(serverDataDir.orElse(System.getProperty("java.io.tmpdir")), "surewire", "reports");
    }
}
