/**
 * The event log: topics with their epoch and last seq, and the events appended to them. Appending
 * allocates the next seq under a lock of the topic's row inside the caller's transaction, so a
 * rollback consumes no number and commit order is seq order.
 */
package io.surewire.stream;
