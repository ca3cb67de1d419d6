package io.surewire.console.boundary;

import io.surewire.console.control.JobControl;
import io.surewire.console.control.JobProgress;
import io.surewire.console.control.JobRow;
import io.surewire.console.control.JobRun;
import io.surewire.stream.boundary.EventLog;
import io.surewire.stream.entity.StreamEvent;
import io.surewire.stream.entity.TopicState;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.inject.Instance;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The Jobs page: the batch jobs an operator may start, and their latest executions with the progress
 * they publish on {@code ops/jobs} (read back from the event log). The jobs come from a
 * {@link JobControl} bean; without one the page says that none are available.
 */
@Named
@ViewScoped
public class JobsBacking implements Serializable {

    private static final long serialVersionUID = 1L;
    /** The executions the page lists. */
    static final int HISTORY = 20;
    /** The latest progress events read back, enough for the executions listed. */
    static final int PROGRESS_EVENTS = 200;

    @Inject
    Instance<JobControl> control;

    @Inject
    EventLog log;

    @Inject
    OperatorBacking operator;

    @Inject
    transient Logger logger;

    private List<JobRow> executions = List.of();

    @PostConstruct
    void load() {
        if (!isAvailable()) {
            return;
        }
        List<JobRun> runs = control.get().executions(null, HISTORY);
        Map<Long, JobProgress> progress = runs.isEmpty() ? Map.of() : progress();
        executions = runs.stream().map(run -> new JobRow(run, progress.get(run.executionId()))).toList();
    }

    /** The poll, while an execution runs. */
    public void refresh() {
        load();
    }

    /** Whether this server has batch jobs: a {@link JobControl} bean. */
    public boolean isAvailable() {
        return control.isResolvable();
    }

    public List<String> getJobs() {
        return isAvailable() ? control.get().jobs() : List.of();
    }

    public List<JobRow> getExecutions() {
        return executions;
    }

    public boolean isAnyRunning() {
        return executions.stream().anyMatch(row -> row.run().running());
    }

    public void start(String job) {
        FacesContext faces = FacesContext.getCurrentInstance();
        try {
            JobRun run = control.get().start(job);
            logger.info(() -> "console: " + operator.getName() + " started job " + job + ", execution " + run.executionId());
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, "Started " + job,
                    "Execution " + run.executionId() + " is " + run.status() + "."));
            load();
        } catch (IllegalArgumentException | IllegalStateException refused) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_WARN, job + " did not start", refused.getMessage()));
        }
    }

    /** The last progress of each execution, from the latest events of {@code ops/jobs}. */
    private Map<Long, JobProgress> progress() {
        TopicState state = log.state(JobProgress.TOPIC);
        Map<Long, JobProgress> latest = new HashMap<>();
        if (state.exists()) {
            long after = Math.max(state.firstAvailableSeq() - 1, state.lastSeq() - PROGRESS_EVENTS);
            for (StreamEvent event : log.read(JobProgress.TOPIC, after, state.lastSeq(), PROGRESS_EVENTS)) {
                JobProgress.of(event.payload()).ifPresent(p -> latest.put(p.executionId(), p));
            }
        }
        return latest;
    }
}
