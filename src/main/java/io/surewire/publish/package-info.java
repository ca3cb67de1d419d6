/**
 * Publishing: appending events from WebSocket {@code publish} frames, the HTTP API, JMS and code
 * in the application, at most once per idempotency key.
 */
package io.surewire.publish;
