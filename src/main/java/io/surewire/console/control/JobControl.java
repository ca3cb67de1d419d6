package io.surewire.console.control;

import java.util.List;

/**
 * What the console's Jobs page needs of the batch jobs ({@code retention-purge}, {@code failure-report}),
 * as one CDI bean of the application that implements it. Without such a bean the page says that no
 * jobs are available. The page also shows the progress the jobs publish on topic {@code ops/jobs}.
 */
public interface JobControl {

    /** The jobs an operator may start, by name, in the order the page lists them. */
    List<String> jobs();

    /**
     * Starts {@code job} now; returns its execution as started. An unknown job is an
     * {@link IllegalArgumentException}; a job that may not start now (one is running) an
     * {@link IllegalStateException}; their messages are shown to the operator.
     */
    JobRun start(String job);

    /** The latest executions, newest first, at most {@code limit}: of {@code job}, or of every job for {@code null}. */
    List<JobRun> executions(String job, int limit);
}
