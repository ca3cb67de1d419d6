/**
 * The protocol's constants and the client's defaults (PROTOCOL.md). The entry point re-exports the
 * public ones; the last few are the client's own.
 *
 * @module surewire/constants
 */

/** @typedef {'idle'|'connecting'|'open'|'reconnecting'|'failed'|'fallback'} ConnectionState */
/** @typedef {'synced'|'syncing'|'out_of_sync'} SyncStatus */
/** @typedef {'excellent'|'good'|'fair'|'poor'|'critical'} QualityLevel */
/**
 * How an attempt or connection ended (see {@link classifyClose}).
 * @typedef {'network'|'handshake'|'token'|'server_error'|'abnormal'|'timeout'|'superseded'|'normal'|'policy'|'unknown'} ErrorClass
 */
/**
 * A retry schedule (see {@link Backoff}).
 * @typedef {object} BackoffOptions
 * @property {readonly number[]} delaysMs base delay of retry 1, 2, …; past the list each delay doubles
 * @property {number} capMs cap of a base delay
 * @property {number} jitter ratio, ±
 * @property {number} maxAttempts retries before giving up
 * @property {number} minDelayMs no delay is shorter
 */

/** The protocol version this client speaks. */
export const PROTOCOL_VERSION = 1;

/** @type {readonly ConnectionState[]} Every connection state, in the order a connection usually goes through them. */
export const STATES = Object.freeze(['idle', 'connecting', 'open', 'reconnecting', 'failed', 'fallback']);

/** @type {readonly SyncStatus[]} Per-topic synchronisation status. */
export const SYNC_STATUSES = Object.freeze(['synced', 'syncing', 'out_of_sync']);

/** @type {readonly QualityLevel[]} Quality levels, best first. `unknown` until the first round trip was measured. */
export const QUALITY_LEVELS = Object.freeze(['excellent', 'good', 'fair', 'poor', 'critical']);

/** Close codes after which the client stops and does not retry (PROTOCOL §8). */
export const TERMINAL_CLOSE_CODES = Object.freeze([4400, 4401, 4402, 4403]);

/** Close code of a connection replaced by a newer one with the same client_id: terminal too. */
export const SUPERSEDED_CLOSE_CODE = 4409;

/** @type {Readonly<BackoffOptions>} Default reconnection schedule: 1, 2, 4, 8, 12 s (cap 12 s), ±20 % jitter, 8 attempts. */
export const DEFAULT_BACKOFF = Object.freeze({
    delaysMs: Object.freeze([1000, 2000, 4000, 8000, 12000]),
    capMs: 12000,
    jitter: 0.2,
    maxAttempts: 8,
    minDelayMs: 100,
});

/**
 * Retries of a `subscribe` or `resync` that failed with `unavailable` (or was dropped over the rate):
 * 1, 2, 4, 8, 16, then every 30 s, ±20 % jitter, 10 attempts (about three minutes).
 * @type {Readonly<BackoffOptions>}
 */
export const DEFAULT_TOPIC_RETRY = Object.freeze({
    delaysMs: Object.freeze([1000, 2000, 4000, 8000, 16000]),
    capMs: 30000,
    jitter: 0.2,
    maxAttempts: 10,
    minDelayMs: 100,
});

/** `client_id` rule of PROTOCOL §1. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/** Topic name rule of PROTOCOL §2. */
export const TOPIC_PATTERN = /^[A-Za-z0-9._:/-]{1,200}$/;

/** The server's frame size limit until a `hello` says otherwise (PROTOCOL §2: 64 KiB). */
export const DEFAULT_MAX_FRAME_BYTES = 65536;

/**
 * The deepest payload the client sends: the server refuses a frame nested deeper than 1000 levels,
 * and the frame object itself is one of them.
 */
export const MAX_PAYLOAD_DEPTH = 999;

/** Server error codes after which a publish is worth sending again (same client_msg_id). */
export const RETRYABLE_PUBLISH_ERRORS = new Set(['unavailable', 'rate_limited', 'internal']);

/** The server counts frames per second: what it dropped over the rate is sent again a second later. */
export const RATE_WINDOW_MS = 1000;

/** Close code the client uses when it gives up on a connection itself. */
export const CLIENT_GIVES_UP_CODE = 4000;

/** `WebSocket.OPEN`. */
export const SOCKET_OPEN = 1;
