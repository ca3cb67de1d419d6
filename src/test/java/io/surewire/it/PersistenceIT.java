package io.surewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surewire.stream.entity.Topic;
import jakarta.annotation.Resource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs inside the server: JPA is EclipseLink, and what it persists in a JTA transaction is in PostgreSQL. */
@ExtendWith(ArquillianExtension.class)
class PersistenceIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.surewire();
    }

    @PersistenceContext(unitName = "surewire")
    EntityManager em;

    @Resource
    UserTransaction transaction;

    @Resource(lookup = "java:jboss/datasources/SurewireDS")
    DataSource dataSource;

    @Test
    void theProviderIsEclipseLink() {
        String factory = em.getEntityManagerFactory().getClass().getName();
        assertTrue(factory.startsWith("org.eclipse.persistence."), "the EntityManagerFactory is " + factory);
        String session = em.getDelegate().getClass().getName();
        assertTrue(session.startsWith("org.eclipse.persistence."), "the EntityManager is " + session);
    }

    @Test
    void persistsAndReadsAnEntityInAJtaTransaction() throws Exception {
        String name = "it/persistence/" + UUID.randomUUID();

        transaction.begin();
        em.persist(new Topic(name, 42, Instant.now()));
        transaction.commit();

        transaction.begin();
        Topic found = em.find(Topic.class, name);
        transaction.commit();
        assertNotNull(found);
        assertEquals(42, found.epoch());

        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT epoch FROM sw_topic WHERE name = ?")) {
            assertEquals("PostgreSQL", connection.getMetaData().getDatabaseProductName());
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "the committed row is in the database");
                assertEquals(42, row.getLong(1));
            }
        }
    }

    @Test
    void aRolledBackTransactionLeavesNothing() throws Exception {
        String name = "it/persistence/" + UUID.randomUUID();

        transaction.begin();
        em.persist(new Topic(name, 7, Instant.now()));
        em.flush();
        transaction.rollback();

        transaction.begin();
        Topic found = em.find(Topic.class, name);
        transaction.commit();
        assertEquals(null, found);
    }
}
