/**
 * The WebSocket gateway at {@code /ws/client}: handshake, the connection registry with supersede,
 * each connection's serial executor and bounded outbound queue, heartbeats, stale-connection
 * cleanup and the shutdown notice.
 */
package io.surewire.gateway;
