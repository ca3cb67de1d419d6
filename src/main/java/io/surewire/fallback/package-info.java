/**
 * The HTTP fallback for clients that cannot keep a WebSocket: the long-poll of a topic's events and
 * acknowledgements over HTTP, feeding the same durable cursors.
 */
package io.surewire.fallback;
