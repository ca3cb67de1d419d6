package io.surewire.jobs.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/** At the start of the server, restarts the job executions that its last stop or crash cut off. */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JobResumer {

    @Inject
    Jobs jobs;

    @Inject
    NodeLeases leases;

    @PostConstruct
    void resume() {
        jobs.resumeCutOff(leases);
    }
}
