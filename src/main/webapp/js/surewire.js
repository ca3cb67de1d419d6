/**
 * Surewire browser client — protocol version 1 (see PROTOCOL.md and docs/client.md).
 *
 * A dependency-free ES module: a connection state machine over one WebSocket, reconnection with
 * exponential backoff and jitter, heartbeats, per-topic sequence tracking with gap resync,
 * cumulative batched acks, idempotent publishing with an offline queue, an HTTP long-poll fallback,
 * connection-quality metrics and a diagnostics panel (`?wsDebug=1` or Ctrl+Shift+W).
 *
 * Everything the client touches in its environment (WebSocket, fetch, timers, clock, random,
 * storage, location, document) can be injected through options, so the logic runs under node's
 * test runner with fakes.
 *
 * This file is the entry point: pages and tests import from it, and surewire.d.ts declares what it
 * exports. The code lives in the modules of surewire/ (docs/client.md, "Module layout"):
 *
 * | module | what |
 * |---|---|
 * | client.js | SurewireClient: the connection and its state machine, the public API |
 * | topics.js | topic streams (sequence tracking, gaps, resets), ack batching, topic requests |
 * | publish.js | the publish queue and its storage, the outbox: receipts, retries, HTTP publishes |
 * | fallback.js | the HTTP API and the long-polls of the fallback |
 * | token.js | the `token` and `getToken` options, the token of the moment |
 * | diagnostics.js | the diagnostics panel and its CSS |
 * | constants.js, errors.js, util.js, close.js, emitter.js, backoff.js, quality.js, pacing.js | building blocks |
 *
 * @module surewire
 */

export {
    CLIENT_ID_PATTERN, DEFAULT_BACKOFF, DEFAULT_MAX_FRAME_BYTES, DEFAULT_TOPIC_RETRY, MAX_PAYLOAD_DEPTH, PROTOCOL_VERSION,
    QUALITY_LEVELS, STATES, SUPERSEDED_CLOSE_CODE, SYNC_STATUSES, TERMINAL_CLOSE_CODES, TOPIC_PATTERN,
} from './surewire/constants.js';
export { SurewireError } from './surewire/errors.js';
export { buildEndpoints, encodePayload, loadClientId, makeUuid, utf8Length } from './surewire/util.js';
export { classifyClose, closeAction } from './surewire/close.js';
export { Emitter } from './surewire/emitter.js';
export { Backoff, jitterDelay } from './surewire/backoff.js';
export { QualityMonitor, qualityLevel } from './surewire/quality.js';
export { FramePacer } from './surewire/pacing.js';
export { AckBatcher, TopicStream } from './surewire/topics.js';
export { PublishQueue, PublishStore } from './surewire/publish.js';
export { SurewireClient, createClient, getClients } from './surewire/client.js';
export {
    DiagnosticsPanel, attachDiagnostics, diagnosticsRequested, resetDiagnosticsAutoAttach,
} from './surewire/diagnostics.js';
