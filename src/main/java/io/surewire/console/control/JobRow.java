package io.surewire.console.control;

/**
 * An execution as the Jobs page shows it: what the jobs say of it, with the last progress it published:
 * its percentage (after the end too: 100 for a completed one, where it stopped for another), and while it
 * runs its step and its counts when they are ahead.
 */
public record JobRow(JobRun run, JobProgress progress) {

    public String step() {
        return run.running() && progress != null ? progress.step() : null;
    }

    public Integer percent() {
        return progress != null ? progress.percent() : null;
    }

    public long read() {
        return run.running() && progress != null ? Math.max(run.read(), progress.read()) : run.read();
    }

    public long written() {
        return run.running() && progress != null ? Math.max(run.written(), progress.written()) : run.written();
    }
}
