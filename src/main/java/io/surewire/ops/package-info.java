/**
 * Operations: health, delivery's figures (totals, a 15-minute series of samples, Prometheus' format),
 * the open sessions and an operator's disconnect and replay, for the HTTP API and the console.
 */
package io.surewire.ops;
