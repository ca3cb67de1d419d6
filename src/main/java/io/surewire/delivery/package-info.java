/**
 * Delivery: the fan-out of committed events to connections, what each connection was sent and has
 * acknowledged per topic, the retry schedule, the durable cursors and the recorded delivery failures.
 */
package io.surewire.delivery;
