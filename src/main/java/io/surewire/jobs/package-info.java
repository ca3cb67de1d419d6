/**
 * Batch jobs (Jakarta Batch, run by WildFly's JBeret): {@code retention-purge} (expired events and
 * idempotency keys, in chunks) and {@code failure-report} (a CSV of the delivery failures of a period),
 * their HTTP API under {@code /api/jobs}, the hourly timer, and their progress on the topic {@code ops/jobs}.
 */
package io.surewire.jobs;
