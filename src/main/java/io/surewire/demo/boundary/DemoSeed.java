package io.surewire.demo.boundary;

import io.surewire.platform.SurewireConfig;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.logging.Logger;

/** Gives today's board its appointments when it has none, so the board shows something at once. */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DemoSeed {

    @Inject
    Seeder seeder;

    @Inject
    SurewireConfig config;

    @Inject
    Logger log;

    @PostConstruct
    void start() {
        if (config.demoSeed()) {
            LocalDate today = LocalDate.now(config.boardZone());
            int added = seeder.seed(today);
            if (added > 0) {
                log.info(() -> "the board of " + today + " got " + added + " appointments");
            }
        }
    }
}
