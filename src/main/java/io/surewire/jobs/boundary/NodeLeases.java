package io.surewire.jobs.boundary;

import io.surewire.platform.SurewireConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Which node of a cluster is alive, and which one runs the work that must run once per cluster, told
 * by PostgreSQL's advisory locks on one connection that each node holds for as long as it runs: its
 * own lease (a lock named after {@code surewire.node}), and, on one node at a time, the scheduler's.
 * A node that dies, even by {@code kill -9}, loses its connection and with it its locks; a database
 * restart ends them all, and every node takes them again on its next tick (every 10 s). On one node
 * ({@code surewire.cluster.enabled=false}, or H2) this node is the only one: it leads, and no other is
 * known to be gone.
 */
@Singleton
@Lock(LockType.WRITE)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NodeLeases {

    /** The first key of every lock: Surewire's. The second is the node's name's hash, or the scheduler's. */
    private static final int NODES = 0x53570001;
    private static final int SCHEDULER = 0x53570002;

    @Resource(lookup = "java:jboss/datasources/SurewireDS")
    DataSource dataSource;

    @Inject
    SurewireConfig config;

    @Inject
    Logger log;

    @Inject
    Jobs jobs;

    private Connection held;
    private boolean leads;
    /** Not on PostgreSQL: no lease to take, this node runs alone. */
    private boolean alone;

    /**
     * Takes this node's lease before anything else, waiting up to 10 s while another node holds it for
     * a moment (adopting what this node left when it was gone).
     */
    @PostConstruct
    void start() {
        for (int attempt = 0; config.clusterEnabled() && held == null && !alone && attempt < 10; attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            renew();
        }
    }

    /** Whether this node runs the cluster's scheduled work (the hourly retention). */
    public boolean leads() {
        return !config.clusterEnabled() || leads;
    }

    /**
     * The lease of {@code node} when that node is gone (nobody holds it), taken until the returned lease is
     * closed, so that only one node adopts what it left; nothing when it is alive, or when this cannot be
     * told.
     */
    public Optional<AutoCloseable> ifGone(String node) {
        if (!config.clusterEnabled() || held == null) {
            return Optional.empty();
        }
        try {
            if (!tryLock(held, NODES, node.hashCode())) {
                return Optional.empty();
            }
            Connection on = held;
            return Optional.of(() -> unlock(on, NODES, node.hashCode()));
        } catch (SQLException unknown) {
            log.log(Level.WARNING, "could not tell whether node " + node + " is alive: " + unknown);
            return Optional.empty();
        }
    }

    /** Keeps the leases: takes them again after the database lost them; then adopts what gone nodes cut off. */
    @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false)
    void tick() {
        if (config.clusterEnabled()) {
            renew();
            jobs.resumeOrphans(this);
        }
    }

    private void renew() {
        if (alone) {
            return;
        }
        try {
            if (held != null && !held.isValid(2)) {
                log.warning("the connection that holds this node's lease was lost: taking the lease again");
                release();
            }
            if (held == null && !take()) {
                return;
            }
            if (!leads && tryLock(held, SCHEDULER, 0)) {
                leads = true;
                log.info(() -> "node " + config.node() + " runs the cluster's scheduled work");
            }
        } catch (SQLException unavailable) {
            log.log(Level.WARNING, "could not take this node's lease, trying again in 10 s: " + unavailable);
            release();
        }
    }

    /** Takes this node's lease on a connection of its own, which it then holds; {@code false} when it cannot. */
    private boolean take() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                log.warning("a cluster needs PostgreSQL: this node runs as the only one");
                alone = true;
                leads = true;
            } else if (!tryLock(connection, NODES, config.node().hashCode())) {
                log.warning(() -> "another node holds the lease of node " + config.node() + ": is the name "
                        + "used twice (surewire.node)? Trying again in 10 s");
            } else {
                held = connection;
                return true;
            }
        } catch (SQLException | RuntimeException failed) {
            connection.close();
            throw failed;
        }
        connection.close();
        return false;
    }

    private void release() {
        leads = false;
        if (held != null) {
            try {
                held.close();
            } catch (SQLException ignored) {
                // the locks end with the connection
            }
            held = null;
        }
    }

    @PreDestroy
    void stop() {
        release();
    }

    private static boolean tryLock(Connection connection, int space, int key) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            lock.setInt(1, space);
            lock.setInt(2, key);
            try (ResultSet taken = lock.executeQuery()) {
                return taken.next() && taken.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection connection, int space, int key) throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            unlock.setInt(1, space);
            unlock.setInt(2, key);
            unlock.executeQuery().close();
        }
    }
}
