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
 * @module surewire
 */

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

/** The protocol version this client speaks. */
export const PROTOCOL_VERSION = 1;

/** Every connection state, in the order a connection usually goes through them. */
export const STATES = Object.freeze(['idle', 'connecting', 'open', 'reconnecting', 'failed', 'fallback']);

/** Per-topic synchronisation status. */
export const SYNC_STATUSES = Object.freeze(['synced', 'syncing', 'out_of_sync']);

/** Quality levels, best first. `unknown` until the first round trip was measured. */
export const QUALITY_LEVELS = Object.freeze(['excellent', 'good', 'fair', 'poor', 'critical']);

/** Close codes after which the client stops and does not retry (PROTOCOL §8). */
export const TERMINAL_CLOSE_CODES = Object.freeze([4400, 4401, 4402, 4403]);

/** Close code of a connection replaced by a newer one with the same client_id: terminal too. */
export const SUPERSEDED_CLOSE_CODE = 4409;

/** Default reconnection schedule: 1, 2, 4, 8, 12 s (cap 12 s), ±20 % jitter, 8 attempts. */
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
const RETRYABLE_PUBLISH_ERRORS = new Set(['unavailable', 'rate_limited', 'internal']);

/** The server counts frames per second: what it dropped over the rate is sent again a second later. */
const RATE_WINDOW_MS = 1000;

/** Close code the client uses when it gives up on a connection itself. */
const CLIENT_GIVES_UP_CODE = 4000;

const SOCKET_OPEN = 1;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * An error the client reports: a refused publish, a full queue, a server `error` frame, a close.
 * `code` is a short machine-readable string (`queue_full`, `destroyed`, a server error code, …).
 */
export class SurewireError extends Error {
    /**
     * @param {string} code
     * @param {string} message
     * @param {object} [details]
     */
    constructor(code, message, details = {}) {
        super(message);
        this.name = 'SurewireError';
        this.code = code;
        Object.assign(this, details);
    }
}

// ---------------------------------------------------------------------------------------------
// Small pure helpers
// ---------------------------------------------------------------------------------------------

/**
 * A random UUID (version 4).
 * @param {() => number} [random] returns numbers in [0, 1); defaults to crypto or Math.random
 * @returns {string}
 */
export function makeUuid(random) {
    const bytes = new Uint8Array(16);
    if (random) {
        for (let i = 0; i < 16; i++) {
            bytes[i] = Math.floor(random() * 256) & 0xff;
        }
    } else if (globalThis.crypto?.getRandomValues) {
        globalThis.crypto.getRandomValues(bytes);
    } else {
        for (let i = 0; i < 16; i++) {
            bytes[i] = Math.floor(Math.random() * 256) & 0xff;
        }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The number of bytes `text` takes in UTF-8, as the server counts a frame's size.
 * @param {string} text
 * @returns {number}
 */
export function utf8Length(text) {
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x80) {
            bytes += 1;
        } else if (c < 0x800) {
            bytes += 2;
        } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length
            && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
            bytes += 4;
            i += 1;
        } else {
            bytes += 3;
        }
    }
    return bytes;
}

const TYPE_NAMES = { undefined: 'undefined', function: 'a function', symbol: 'a symbol', bigint: 'a BigInt' };

/**
 * The JSON text of a publish payload, or a `bad_payload` {@link SurewireError} naming the first
 * place JSON cannot carry faithfully: a cycle, `undefined`, a function, a symbol, a BigInt, NaN or
 * ±Infinity (anywhere: `JSON.stringify` would drop them or turn them into null), a Map, Set, WeakMap
 * or WeakSet (they would arrive as `{}`), nesting deeper than {@link MAX_PAYLOAD_DEPTH}, or a
 * `toJSON` that throws. Values with `toJSON` (dates) are sent as it returns them.
 * @param {*} payload
 * @returns {string}
 */
export function encodePayload(payload) {
    const where = new WeakMap(); // object -> {path, depth}
    const refuse = (path, what) => {
        throw new SurewireError('bad_payload', `surewire: the payload cannot be sent as JSON: ${path} ${what}`, { path });
    };
    const replacer = function replacer(key, value) {
        const holder = where.get(this);
        const path = holder === undefined ? 'payload'
            : Array.isArray(this) ? `${holder.path}[${key}]` : `${holder.path}.${key}`;
        const depth = holder === undefined ? 0 : holder.depth + 1;
        const type = typeof value;
        if (type in TYPE_NAMES) {
            refuse(path, `is ${TYPE_NAMES[type]}`);
        }
        if (type === 'number' && !Number.isFinite(value)) {
            refuse(path, `is ${value}`);
        }
        if (type === 'object' && value !== null) {
            for (const kind of [Map, Set, WeakMap, WeakSet]) {
                if (value instanceof kind) {
                    refuse(path, `is a ${kind.name} (JSON would send {})`);
                }
            }
            if (depth >= MAX_PAYLOAD_DEPTH) {
                refuse(path, `is nested deeper than ${MAX_PAYLOAD_DEPTH} levels`);
            }
            where.set(value, { path, depth });
        }
        return value;
    };
    try {
        return JSON.stringify(payload, replacer);
    } catch (error) {
        if (error instanceof SurewireError) {
            throw error;
        }
        const cycle = error instanceof TypeError && /circular|cyclic/i.test(String(error.message));
        throw new SurewireError('bad_payload', cycle
            ? 'surewire: the payload cannot be sent as JSON: it contains a cycle'
            : `surewire: the payload cannot be sent as JSON: ${error?.message ?? error}`, { cause: error });
    }
}

/**
 * The client id kept in `storage` under `key`; generated and stored the first time.
 * Storage that throws (private mode, sandboxed frames) only costs persistence.
 * @param {{getItem(k: string): string|null, setItem(k: string, v: string): void}|null|undefined} storage
 * @param {string} key
 * @param {() => string} makeId
 * @returns {string}
 */
export function loadClientId(storage, key, makeId) {
    try {
        const stored = storage?.getItem(key);
        if (stored && CLIENT_ID_PATTERN.test(stored)) {
            return stored;
        }
    } catch {
        // unreadable storage: a fresh id
    }
    const id = makeId();
    try {
        storage?.setItem(key, id);
    } catch {
        // unwritable storage: the id lives as long as the page
    }
    return id;
}

/**
 * The WebSocket URL and HTTP base of a server.
 * @param {string|undefined} base `https://host/ctx`, `wss://host`, `/ctx` or undefined (this page's origin)
 * @param {{href: string}|undefined} location the page's location, to resolve relative bases
 * @param {{clientId: string, version?: number|string, role?: string, token?: string}} params
 * @param {string} [httpBase] overrides the HTTP base
 * @returns {{ws: string, http: string}}
 */
export function buildEndpoints(base, location, params, httpBase) {
    const root = toUrl(base ?? '/', location);
    const path = root.pathname.replace(/\/+$/, '');
    const secure = root.protocol === 'https:' || root.protocol === 'wss:';
    const query = new URLSearchParams();
    query.set('client_id', params.clientId);
    query.set('version', String(params.version ?? PROTOCOL_VERSION));
    query.set('role', params.role ?? 'frontend');
    if (params.token) {
        query.set('token', params.token);
    }
    const ws = `${secure ? 'wss' : 'ws'}://${root.host}${path}/ws/client?${query}`;
    const http = httpBase !== undefined
        ? toUrl(httpBase, location).href.replace(/\/+$/, '')
        : `${secure ? 'https' : 'http'}://${root.host}${path}`;
    return { ws, http };
}

function toUrl(value, location) {
    try {
        return new URL(value, location?.href);
    } catch {
        throw new TypeError(`surewire: cannot resolve the server URL '${value}'; pass an absolute 'url' option`);
    }
}

/** The path segment of a topic: its characters are URL-safe except that '/' stays a separator. */
function topicPath(topic) {
    return encodeURIComponent(topic).replace(/%2F/gi, '/').replace(/%3A/gi, ':');
}

/**
 * Classifies how a connection attempt or connection ended (requirement: diagnostics).
 *
 * | class | when |
 * |---|---|
 * | `handshake` | 4400–4403: the server refused the handshake (terminal) |
 * | `token` | no socket was opened: `getToken` failed, gave no string, or did not answer in time |
 * | `server_error` | 4500, 1011 |
 * | `network` | the socket never opened (refused, blocked, DNS, never answered) |
 * | `timeout` | the client gave up on a silent connection, or the server closed with 4408 |
 * | `abnormal` | 1006 (or 1005) after the socket had opened |
 * | `superseded` | 4409 |
 * | `normal` | 1000, 1001, 1012 (the server asks for a reconnect, e.g. an operator's disconnect) |
 * | `policy` | 1008, 1009, 4429 |
 * | `unknown` | anything else |
 *
 * @param {{code?: number|null, opened?: boolean, timedOut?: boolean, tokenFailed?: boolean}} info
 * @returns {string}
 */
export function classifyClose({ code = null, opened = false, timedOut = false, tokenFailed = false } = {}) {
    if (TERMINAL_CLOSE_CODES.includes(code)) {
        return 'handshake';
    }
    if (tokenFailed) {
        return 'token';
    }
    if (code === 4500 || code === 1011) {
        return 'server_error';
    }
    if (!opened) {
        return 'network';
    }
    if (timedOut || code === 4408) {
        return 'timeout';
    }
    if (code === 1006 || code === 1005 || code === null) {
        return 'abnormal';
    }
    if (code === SUPERSEDED_CLOSE_CODE) {
        return 'superseded';
    }
    if (code === 1000 || code === 1001 || code === 1012) {
        return 'normal';
    }
    if (code === 1008 || code === 1009 || code === 4429) {
        return 'policy';
    }
    return 'unknown';
}

/**
 * What the client does after a close (PROTOCOL §8).
 * @param {number|null} code
 * @returns {'terminal'|'superseded'|'reconnect'}
 */
export function closeAction(code) {
    if (TERMINAL_CLOSE_CODES.includes(code)) {
        return 'terminal';
    }
    if (code === SUPERSEDED_CLOSE_CODE) {
        return 'superseded';
    }
    return 'reconnect';
}

/**
 * The quality level of a connection. Latency decides as the contract says (excellent < 50 ms
 * with < 0.5 % loss, good < 100 ms, fair < 200 ms, poor < 500 ms, else critical); loss can only
 * make it worse: ≥ 0.5 % is at best good, ≥ 2 % fair, ≥ 5 % poor, ≥ 10 % critical.
 * @param {{latency: number|null, loss?: number|null}} metrics latency in ms, loss in percent
 * @returns {'excellent'|'good'|'fair'|'poor'|'critical'|'unknown'}
 */
export function qualityLevel({ latency, loss = 0 }) {
    if (latency === null || latency === undefined || Number.isNaN(latency)) {
        return 'unknown';
    }
    const byLatency = latency < 50 ? 0 : latency < 100 ? 1 : latency < 200 ? 2 : latency < 500 ? 3 : 4;
    const lost = loss ?? 0;
    const byLoss = lost < 0.5 ? 0 : lost < 2 ? 1 : lost < 5 ? 2 : lost < 10 ? 3 : 4;
    return QUALITY_LEVELS[Math.max(byLatency, byLoss)];
}

// ---------------------------------------------------------------------------------------------
// Emitter
// ---------------------------------------------------------------------------------------------

/** A minimal event emitter; a throwing listener never breaks the emitter or other listeners. */
export class Emitter {
    #listeners = new Map();
    #onListenerError;

    /** @param {(error: unknown, type: string) => void} [onListenerError] */
    constructor(onListenerError) {
        this.#onListenerError = onListenerError ?? (() => {});
    }

    /**
     * Adds a listener.
     * @param {string} type
     * @param {(data: any) => void} listener
     * @returns {() => void} removes the listener
     */
    on(type, listener) {
        if (!this.#listeners.has(type)) {
            this.#listeners.set(type, new Set());
        }
        this.#listeners.get(type).add(listener);
        return () => this.off(type, listener);
    }

    /** Adds a listener called at most once. */
    once(type, listener) {
        const off = this.on(type, (data) => {
            off();
            listener(data);
        });
        return off;
    }

    /** Removes a listener. */
    off(type, listener) {
        this.#listeners.get(type)?.delete(listener);
    }

    /** Calls the listeners of `type` with `data`. */
    emit(type, data) {
        const listeners = this.#listeners.get(type);
        if (!listeners) {
            return;
        }
        for (const listener of [...listeners]) {
            try {
                listener(data);
            } catch (error) {
                this.#onListenerError(error, type);
            }
        }
    }

    /** Removes every listener. */
    removeAllListeners() {
        this.#listeners.clear();
    }
}

// ---------------------------------------------------------------------------------------------
// Backoff
// ---------------------------------------------------------------------------------------------

/**
 * Exponential backoff with jitter. Retry n (1-based) waits `delaysMs[n-1]`; past the list each
 * delay doubles the previous one; every base delay is capped at `capMs`; then ±`jitter` (a
 * ratio) is applied. After `maxAttempts` retries `next()` answers `null`.
 */
export class Backoff {
    #attempt = 0;

    /**
     * @param {Partial<typeof DEFAULT_BACKOFF>} [options]
     * @param {() => number} [random] in [0, 1)
     */
    constructor(options = {}, random = Math.random) {
        const merged = { ...DEFAULT_BACKOFF, ...options };
        if (!Array.isArray(merged.delaysMs) || merged.delaysMs.length === 0) {
            throw new TypeError('backoff.delaysMs must be a non-empty array');
        }
        if (!(merged.jitter >= 0 && merged.jitter < 1)) {
            throw new TypeError('backoff.jitter must be a ratio in [0, 1)');
        }
        this.delaysMs = [...merged.delaysMs];
        this.capMs = merged.capMs;
        this.jitter = merged.jitter;
        this.maxAttempts = merged.maxAttempts;
        this.minDelayMs = merged.minDelayMs;
        this.random = random;
    }

    /** Retries handed out since the last reset. */
    get attempt() {
        return this.#attempt;
    }

    /** Whether every retry was handed out. */
    get exhausted() {
        return this.#attempt >= this.maxAttempts;
    }

    /**
     * The delay of retry `n` before jitter.
     * @param {number} n 1-based
     */
    baseDelay(n) {
        const listed = this.delaysMs;
        let delay = listed[Math.min(n, listed.length) - 1];
        for (let i = listed.length; i < n && delay < this.capMs; i++) {
            delay *= 2;
        }
        return Math.min(delay, this.capMs);
    }

    /** The delay before the next retry in ms, or `null` when the attempts are used up. */
    next() {
        if (this.exhausted) {
            return null;
        }
        this.#attempt += 1;
        return jitterDelay(this.baseDelay(this.#attempt), this.jitter, this.random, this.minDelayMs);
    }

    /** Starts over (after a successful connection). */
    reset() {
        this.#attempt = 0;
    }
}

/**
 * `base` moved by a uniformly random amount within ±`ratio`, never below `min`.
 * @param {number} base
 * @param {number} ratio
 * @param {() => number} random in [0, 1)
 * @param {number} [min]
 */
export function jitterDelay(base, ratio, random, min = 0) {
    const factor = 1 + ratio * (2 * random() - 1);
    return Math.max(min, Math.round(base * factor));
}

// ---------------------------------------------------------------------------------------------
// Per-topic sequence tracking
// ---------------------------------------------------------------------------------------------

/**
 * Where the client stands in one topic: the last processed seq, the epoch, the events held
 * behind a gap and the resync asked for it. Pure: it decides, the client acts.
 */
export class TopicStream {
    /**
     * @param {string} topic
     * @param {{since?: number|null, epoch?: number}} [position]
     */
    constructor(topic, { since = null, epoch = 0 } = {}) {
        this.topic = topic;
        /** Last processed seq; `null` while unknown (subscribed without `since`). */
        this.lastSeq = since ?? null;
        /** The topic's epoch; 0 while unknown. */
        this.epoch = epoch ?? 0;
        /** Events beyond a gap, by seq. */
        this.held = new Map();
        /** `from_seq` of the resync under way, or `null`. */
        this.resyncFrom = null;
        /** True while the application reloads its state after a reset. */
        this.resetting = false;
        /** The reset being handled. */
        this.reset = null;
        /** Events that arrived while resetting, fed again once the reset is done. */
        this.buffer = [];
    }

    /** The position to ask the server for: the reset's end while one is handled. */
    resumePosition() {
        return this.resetting ? this.reset.last_seq : this.lastSeq;
    }

    /** Whether events wait behind a gap. */
    get gapped() {
        return this.held.size > 0;
    }

    /**
     * Takes one `event` frame.
     * @returns {{deliver: object[], duplicate?: boolean, stale?: boolean, buffered?: boolean,
     *            resync?: number, epochReset?: object}}
     *   `deliver`: events to hand to the application now, in order (the stream counts them as
     *   processed); `resync`: the `from_seq` to ask for (once per gap); `epochReset`: the event
     *   belongs to a newer life of the topic — handle it as a reset.
     */
    accept(event) {
        if (this.resetting) {
            this.buffer.push(event);
            return { deliver: [], buffered: true };
        }
        const epoch = event.epoch ?? 0;
        if (epoch !== 0 && this.epoch !== 0 && epoch !== this.epoch) {
            if (epoch < this.epoch) {
                return { deliver: [], stale: true };
            }
            return {
                deliver: [],
                epochReset: {
                    type: 'reset', topic: this.topic, epoch, last_seq: event.seq - 1,
                    first_available_seq: null, reason: 'epoch', local: true,
                },
            };
        }
        if (epoch !== 0 && this.epoch === 0) {
            this.epoch = epoch;
        }
        const seq = event.seq;
        if (this.lastSeq === null) {
            this.lastSeq = seq - 1;
        }
        if (seq <= this.lastSeq || this.held.has(seq)) {
            if (this.held.has(seq)) {
                this.held.set(seq, event);
            }
            return { deliver: [], duplicate: seq <= this.lastSeq };
        }
        if (seq > this.lastSeq + 1) {
            this.held.set(seq, event);
            if (this.resyncFrom === null) {
                this.resyncFrom = this.lastSeq + 1;
                return { deliver: [], resync: this.resyncFrom };
            }
            return { deliver: [] };
        }
        return { deliver: this.#releaseFrom(event) };
    }

    #releaseFrom(event) {
        const out = [event];
        this.lastSeq = event.seq;
        while (this.held.has(this.lastSeq + 1)) {
            const next = this.held.get(this.lastSeq + 1);
            this.held.delete(this.lastSeq + 1);
            out.push(next);
            this.lastSeq += 1;
        }
        if (this.held.size === 0) {
            this.resyncFrom = null;
        }
        return out;
    }

    /**
     * The resync under way is complete (`replayed`).
     * @returns {boolean} whether a gap remains all the same
     */
    resyncDone() {
        this.resyncFrom = null;
        return this.held.size > 0;
    }

    /** Forgets gap state before the position is asked again (resubscribe). */
    reposition() {
        this.held.clear();
        this.resyncFrom = null;
    }

    /** A reset starts: held events and resync are void; the reset names the epoch. */
    beginReset(reset) {
        this.reposition();
        this.resetting = true;
        this.reset = reset;
        if (reset.epoch) {
            this.epoch = reset.epoch;
        }
    }

    /**
     * The application has reloaded its state up to `position`.
     * @param {number} position
     * @returns {object[]} the events buffered meanwhile, to feed to {@link accept} again
     */
    finishReset(position) {
        this.lastSeq = position;
        this.resetting = false;
        this.reset = null;
        const buffered = this.buffer;
        this.buffer = [];
        return buffered;
    }
}

// ---------------------------------------------------------------------------------------------
// Ack batching
// ---------------------------------------------------------------------------------------------

/**
 * Collects processed seqs and sends one cumulative ack per topic, `delayMs` after the first
 * unsent one or at once after `maxEvents` processed events, whichever comes first.
 */
export class AckBatcher {
    #pending = new Map();
    #sent = new Map();
    #forced = new Set();
    #count = 0;
    #timer = null;

    /**
     * @param {{delayMs?: number, maxEvents?: number, send: (topic: string, seq: number) => void,
     *          setTimeout: Function, clearTimeout: Function}} options
     */
    constructor({ delayMs = 50, maxEvents = 100, send, setTimeout, clearTimeout }) {
        this.delayMs = delayMs;
        this.maxEvents = maxEvents;
        this.send = send;
        this.setTimeout = setTimeout;
        this.clearTimeout = clearTimeout;
    }

    /** An event of `topic` up to `seq` was processed. */
    processed(topic, seq) {
        if (seq > (this.#pending.get(topic) ?? -1)) {
            this.#pending.set(topic, seq);
        }
        this.#count += 1;
        if (this.#count >= this.maxEvents) {
            this.flush();
        } else if (this.#timer === null) {
            this.#timer = this.setTimeout(() => {
                this.#timer = null;
                this.flush();
            }, this.delayMs);
        }
    }

    /**
     * `seq` of `topic` arrived again although it was processed (a redelivery: the server missed the
     * ack). It is acked again with the next batch, even when an ack as high was sent already.
     */
    again(topic, seq) {
        this.#forced.add(topic);
        this.processed(topic, seq);
    }

    /** The last ack sent for `topic` is sent again with the next batch (the server dropped it). */
    resend(topic) {
        const seq = this.#sent.get(topic);
        if (seq !== undefined) {
            this.again(topic, seq);
        }
    }

    /** Sends what is pending now. */
    flush() {
        this.#stopTimer();
        this.#count = 0;
        const pending = [...this.#pending];
        this.#pending.clear();
        for (const [topic, seq] of pending) {
            const sent = this.#sent.get(topic) ?? -1;
            if (seq > sent || this.#forced.has(topic)) {
                // forced: at least as high as the last ack sent, which may be the one that was lost
                this.#sent.set(topic, Math.max(seq, sent));
                this.send(topic, Math.max(seq, sent));
            }
        }
        this.#forced.clear();
    }

    /** Drops what is pending (and what was sent) for `topic`, or for every topic. */
    forget(topic) {
        if (topic === undefined) {
            this.#pending.clear();
            this.#sent.clear();
            this.#forced.clear();
            this.#count = 0;
            this.#stopTimer();
        } else {
            this.#pending.delete(topic);
            this.#sent.delete(topic);
            this.#forced.delete(topic);
        }
    }

    /** Seqs waiting to be sent, by topic. */
    pending() {
        return Object.fromEntries(this.#pending);
    }

    #stopTimer() {
        if (this.#timer !== null) {
            this.clearTimeout(this.#timer);
            this.#timer = null;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Connection quality
// ---------------------------------------------------------------------------------------------

/**
 * Round-trip samples of the client's own pings over a sliding window: mean latency, jitter
 * (mean absolute difference of consecutive round trips) and loss (% of pings unanswered within
 * the timeout).
 */
export class QualityMonitor {
    /** @param {{window?: number}} [options] */
    constructor({ window = 20 } = {}) {
        this.window = window;
        /** @type {(number|null)[]} round trips in ms, `null` for a lost ping */
        this.samples = [];
    }

    /** A ping was answered after `rtt` ms. */
    recordRtt(rtt) {
        this.#push(rtt);
    }

    /** A ping went unanswered. */
    recordLoss() {
        this.#push(null);
    }

    #push(sample) {
        this.samples.push(sample);
        if (this.samples.length > this.window) {
            this.samples.shift();
        }
    }

    /** @returns {{latency: number|null, jitter: number|null, loss: number, lastRtt: number|null, samples: number, level: string}} */
    metrics() {
        const rtts = this.samples.filter((s) => s !== null);
        const latency = rtts.length ? rtts.reduce((a, b) => a + b, 0) / rtts.length : null;
        let jitter = null;
        if (rtts.length > 1) {
            let sum = 0;
            for (let i = 1; i < rtts.length; i++) {
                sum += Math.abs(rtts[i] - rtts[i - 1]);
            }
            jitter = sum / (rtts.length - 1);
        } else if (rtts.length === 1) {
            jitter = 0;
        }
        const loss = this.samples.length ? (100 * (this.samples.length - rtts.length)) / this.samples.length : 0;
        return {
            latency, jitter, loss,
            lastRtt: rtts.length ? rtts[rtts.length - 1] : null,
            samples: this.samples.length,
            level: qualityLevel({ latency, loss }),
        };
    }
}

// ---------------------------------------------------------------------------------------------
// Frame pacing
// ---------------------------------------------------------------------------------------------

/**
 * Keeps a connection's frames under the server's rate (`max_frames_per_second`): a token bucket
 * that refills at `share` of the limit per second and holds at most a tenth of the limit. Any
 * second then carries at most a tenth plus `share` of the limit, which leaves room for frames
 * that bunch up on the way (with the default share of 0.8, up to 125 ms of jitter).
 */
export class FramePacer {
    /**
     * @param {{limit: number, share?: number, now?: () => number}} options
     *   `limit` frames per second the server takes; `share` of it the client uses
     */
    constructor({ limit, share = 0.8, now = () => Date.now() }) {
        this.limit = limit;
        this.now = now;
        this.perSecond = Math.max(limit * share, 0.1);
        this.minPerSecond = this.perSecond / 8;
        this.burst = Math.max(1, Math.floor(limit / 10));
        this.tokens = this.burst;
        this.last = now();
    }

    #refill() {
        const t = this.now();
        this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.perSecond) / 1000);
        this.last = t;
    }

    /** Milliseconds until the next frame may go; 0 when it may go now. */
    delay() {
        this.#refill();
        return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
    }

    /** One frame goes now. */
    take() {
        this.#refill();
        this.tokens -= 1;
    }

    /** The server said `rate_limited` all the same: half the rate from now (down to an eighth). */
    slowDown() {
        this.#refill();
        this.perSecond = Math.max(this.minPerSecond, this.perSecond / 2);
        this.tokens = Math.min(this.tokens, 0);
    }
}

// ---------------------------------------------------------------------------------------------
// Publish queue
// ---------------------------------------------------------------------------------------------

/**
 * Publishes awaiting their receipt, in the order they were made, at most `limit` of them.
 * Each entry keeps its `clientMsgId` for good, so every resend is idempotent.
 */
export class PublishQueue {
    #entries = new Map();
    #bytes = 0;

    /**
     * @param {{limit?: number, maxBytes?: number, onRemove?: (entry: object) => void}} [options]
     *   `limit` publishes and `maxBytes` bytes of frames may wait; `onRemove` hears of every entry
     *   settled (receipt or error)
     */
    constructor({ limit = 1000, maxBytes = Infinity, onRemove = () => {} } = {}) {
        this.limit = limit;
        this.maxBytes = maxBytes;
        this.onRemove = onRemove;
    }

    get size() {
        return this.#entries.size;
    }

    /** The bytes of the frames waiting. */
    get bytes() {
        return this.#bytes;
    }

    /**
     * Adds a publish; throws a `queue_full` {@link SurewireError} when `limit` publishes, or
     * `maxBytes` bytes, are waiting (unless `force`: publishes restored from storage).
     * @returns {{entry: object, promise: Promise<object>}}
     */
    add(topic, payload, clientMsgId, extra = {}, { force = false } = {}) {
        const bytes = extra.bytes ?? 0;
        if (!force && this.#entries.size >= this.limit) {
            throw new SurewireError('queue_full',
                `surewire: send queue full (${this.limit} publishes await a receipt); publish to ${topic} refused`,
                { topic, clientMsgId });
        }
        if (!force && this.#bytes + bytes > this.maxBytes) {
            throw new SurewireError('queue_full',
                `surewire: send queue full (${this.#bytes} bytes await a receipt, the limit is ${this.maxBytes});`
                + ` publish to ${topic} of ${bytes} bytes refused`,
                { topic, clientMsgId });
        }
        if (this.#entries.has(clientMsgId)) {
            throw new SurewireError('duplicate_client_msg_id', `surewire: client_msg_id ${clientMsgId} is already waiting`);
        }
        let resolve;
        let reject;
        const promise = new Promise((res, rej) => {
            resolve = res;
            reject = rej;
        });
        const entry = {
            topic, payload, clientMsgId, bytes, sentOn: null, inflight: false, retries: 0, sends: 0, notBefore: 0,
            createdAt: 0, ...extra, promise, resolve, reject,
        };
        this.#entries.set(clientMsgId, entry);
        this.#bytes += bytes;
        return { entry, promise };
    }

    get(clientMsgId) {
        return this.#entries.get(clientMsgId);
    }

    /** Settles and removes an entry with its receipt. */
    resolve(clientMsgId, receipt) {
        const entry = this.#remove(clientMsgId);
        entry?.resolve(receipt);
        return entry;
    }

    /** Settles and removes an entry with an error. */
    reject(clientMsgId, error) {
        const entry = this.#remove(clientMsgId);
        entry?.reject(error);
        return entry;
    }

    #remove(clientMsgId) {
        const entry = this.#entries.get(clientMsgId);
        if (entry) {
            this.#entries.delete(clientMsgId);
            this.#bytes -= entry.bytes;
            this.onRemove(entry);
        }
        return entry;
    }

    /** Rejects every entry. */
    rejectAll(error) {
        for (const id of [...this.#entries.keys()]) {
            this.reject(id, error);
        }
    }

    /** Entries not yet sent on `connection` and not in flight over HTTP, oldest first. */
    unsentOn(connection) {
        return [...this.#entries.values()].filter((e) => e.sentOn !== connection && !e.inflight);
    }

    /** Entries in order. */
    entries() {
        return [...this.#entries.values()];
    }
}

/**
 * Unsent publishes in the page's storage (localStorage or sessionStorage), so that a reload sends
 * them again with their `client_msg_id` (and the server appends each once). One item per publish
 * under `<prefix><client_id>/<client_msg_id>`: `{topic, clientMsgId, n, at, payload}`, `n` keeping
 * their order, `at` when the publish was made. Needs a storage that lists its keys (`length`, `key(i)`) and removes them; with
 * any other, or none, it keeps nothing.
 */
export class PublishStore {
    #serial = 0;

    /**
     * @param {{storage: object|null|undefined, prefix: string, clientId: string}} options
     */
    constructor({ storage, prefix, clientId }) {
        this.storage = storage && typeof storage.key === 'function' && typeof storage.removeItem === 'function'
            ? storage : null;
        this.prefix = `${prefix}${clientId}/`;
    }

    /** Whether publishes are kept. */
    get enabled() {
        return this.storage !== null;
    }

    /**
     * The publishes kept, oldest first; unreadable items are removed.
     * @returns {{topic: string, clientMsgId: string, n: number, at: number, payload: *}[]}
     */
    load() {
        if (!this.storage) {
            return [];
        }
        const found = [];
        const broken = [];
        try {
            for (let i = 0; i < this.storage.length; i++) {
                const key = this.storage.key(i);
                if (typeof key !== 'string' || !key.startsWith(this.prefix)) {
                    continue;
                }
                const item = readStored(this.storage.getItem(key));
                if (item && key === this.prefix + item.clientMsgId) {
                    found.push(item);
                } else {
                    broken.push(key);
                }
            }
            for (const key of broken) {
                this.storage.removeItem(key);
            }
        } catch {
            return found; // unreadable storage: what was read so far
        }
        found.sort((a, b) => a.n - b.n);
        this.#serial = found.length ? found[found.length - 1].n : 0;
        return found;
    }

    /** Keeps a publish; throws what the storage throws (a full quota). */
    save(entry) {
        if (!this.storage) {
            return;
        }
        this.#serial += 1;
        this.storage.setItem(this.prefix + entry.clientMsgId, JSON.stringify({
            topic: entry.topic, clientMsgId: entry.clientMsgId, n: this.#serial, at: entry.createdAt, payload: entry.payload,
        }));
    }

    /** Forgets a publish (settled). */
    remove(clientMsgId) {
        try {
            this.storage?.removeItem(this.prefix + clientMsgId);
        } catch {
            // it comes back after a reload; its receipt will say duplicate
        }
    }
}

function readStored(text) {
    let item;
    try {
        item = JSON.parse(text);
    } catch {
        return null;
    }
    const ok = item && typeof item === 'object' && typeof item.topic === 'string' && TOPIC_PATTERN.test(item.topic)
        && typeof item.clientMsgId === 'string' && item.clientMsgId.length >= 1 && item.clientMsgId.length <= 128
        && Number.isFinite(item.n) && Number.isFinite(item.at) && 'payload' in item;
    return ok ? item : null;
}

// ---------------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------------

const DEFAULT_OPTIONS = Object.freeze({
    url: undefined,
    httpUrl: undefined,
    clientId: undefined,
    clientIdKey: 'surewire.client_id',
    role: 'frontend',
    version: PROTOCOL_VERSION,
    token: undefined,
    getToken: undefined,
    transport: 'auto',
    backoff: DEFAULT_BACKOFF,
    connectTimeoutMs: 10000,
    pingIntervalMs: 10000,
    pingTimeoutMs: 5000,
    pingMissLimit: 2,
    silenceIntervals: 3,
    defaultHeartbeatMs: 25000,
    ackDelayMs: 50,
    ackMaxEvents: 100,
    queueLimit: 1000,
    queueMaxBytes: 2 * 1024 * 1024,
    persistPublishes: true,
    outboxKeyPrefix: 'surewire.outbox.',
    publishMaxAgeMs: 24 * 60 * 60 * 1000,
    httpTimeoutMs: 15000,
    maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
    maxFramesPerSecond: 500,
    frameRateShare: 0.8,
    publishWindow: 32,
    receiptTimeoutMs: 10000,
    requestTimeoutMs: 10000,
    topicRetry: DEFAULT_TOPIC_RETRY,
    publishRetryLimit: 3,
    publishRetryMs: 1000,
    fallbackProbeMs: 15000,
    pollWaitSeconds: 25,
    pollLimit: 100,
    pollRetryMs: 1000,
    pollRetryMaxMs: 30000,
    replayGraceMs: 2000,
    qualityWindow: 20,
    attemptHistory: 10,
    diagnostics: 'auto',
    autoConnect: false,
    debug: false,
});

const liveClients = new Set();

/** Clients created in this page and not destroyed — a hook for tests and the diagnostics panel. */
export function getClients() {
    return [...liveClients];
}

/**
 * Creates a client; see {@link SurewireClient}.
 * @param {object} [options]
 * @returns {SurewireClient}
 */
export function createClient(options) {
    return new SurewireClient(options);
}

/**
 * One Surewire connection with its topics and publishes.
 *
 * Events: `state` {from, to, reason}, `open` {hello}, `close` {code, reason, class},
 * `event` (an event frame), `reset` (a reset object), `replayed`, `sync` {topic, from, to},
 * `receipt`, `quality`, `attempt`, `error` {kind, code, message, …}.
 */
export class SurewireClient extends Emitter {
    /** @param {object} [options] see docs/client.md */
    constructor(options = {}) {
        super((error, type) => this.#listenerFailed(error, type));
        const opts = {
            ...DEFAULT_OPTIONS, ...options,
            backoff: { ...DEFAULT_BACKOFF, ...(options.backoff ?? {}) },
            topicRetry: { ...DEFAULT_TOPIC_RETRY, ...(options.topicRetry ?? {}) },
        };
        if (!['auto', 'websocket', 'polling'].includes(opts.transport)) {
            throw new TypeError(`surewire: transport must be 'auto', 'websocket' or 'polling', not '${opts.transport}'`);
        }
        checkTokenOptions(opts);
        this.options = opts;
        this.#env = environment(options);
        this.#uuid = options.uuid ?? defaultUuid();
        /** This client's id (PROTOCOL §1), kept in storage unless given. */
        this.clientId = opts.clientId ?? loadClientId(this.#env.storage, opts.clientIdKey, this.#uuid);
        /** `ws` (the connect URL) and `http` (the REST base). */
        this.endpoints = buildEndpoints(opts.url, this.#env.location,
            { clientId: this.clientId, version: opts.version, role: opts.role, token: opts.token }, opts.httpUrl);
        this.#backoff = new Backoff(opts.backoff, this.#env.random);
        this.#quality = new QualityMonitor({ window: opts.qualityWindow });
        this.#store = new PublishStore({
            storage: opts.persistPublishes ? this.#env.storage : null, prefix: opts.outboxKeyPrefix, clientId: this.clientId,
        });
        this.#publishes = new PublishQueue({
            limit: opts.queueLimit, maxBytes: opts.queueMaxBytes, onRemove: (entry) => this.#store.remove(entry.clientMsgId),
        });
        this.#restorePublishes();
        this.#acks = new AckBatcher({
            delayMs: opts.ackDelayMs,
            maxEvents: opts.ackMaxEvents,
            send: (topic, seq) => this.#sendAck(topic, seq),
            setTimeout: (fn, ms) => this.#env.setTimeout(fn, ms),
            clearTimeout: (id) => this.#env.clearTimeout(id),
        });
        liveClients.add(this);
        if (opts.diagnostics !== false && this.#env.document) {
            autoAttachDiagnostics(this, this.#env, opts.diagnostics === true);
        }
        if (opts.autoConnect) {
            this.connect();
        }
    }

    #env;
    #uuid;
    #state = 'idle';
    /** The last token `getToken` gave (with a static `token`, `options.token` is used instead). */
    #token = null;
    /** The `getToken` call under way, shared by everyone who needs a token meanwhile. */
    #tokenRequest = null;
    /** HTTP requests wait for a fresh token first: set on entering the fallback and after a 401. */
    #httpTokenStale = true;
    /** The failed token request already reported for HTTP (several requests wait for one). */
    #tokenFailureReported = null;
    #backoff;
    #quality;
    #publishes;
    #acks;
    #streams = new Map();
    /** The connection in use (hello received) or being opened. */
    #conn = null;
    /** A WebSocket tried while in fallback. */
    #probe = null;
    #connSerial = 0;
    #requestSerial = 0;
    #reconnectTimer = null;
    #probeTimer = null;
    #shutdown = null;
    #attempts = [];
    #everOpened = false;
    #openedAt = null;
    #reconnects = 0;
    #lastError = null;
    #failure = null;
    #pollGeneration = 0;
    /** Topics unsubscribed on the current connection: topic -> {requestId, at}. */
    #unsubscribing = new Map();
    #pollControllers = new Set();
    #httpFlushing = false;
    #httpRetryTimer = null;
    /** HTTP publishes in a row that did not reach the server. */
    #httpFailures = 0;
    #store;
    #storageFailed = false;
    #destroyed = false;
    #lastQualityKey = '';
    /** The limits of the last `hello`: `max_frame_bytes`, `max_frames_per_second`. */
    #serverLimits = { maxFrameBytes: null, maxFramesPerSecond: null };
    /** Below the size of every frame the server closed with 1009, whatever `hello` says. */
    #frameCap = Infinity;
    #stats = {
        framesIn: 0, framesOut: 0, events: 0, duplicates: 0, gaps: 0, resyncs: 0, resets: 0,
        acksSent: 0, published: 0, receipts: 0, pingsSent: 0, pongsReceived: 0, serverPings: 0,
        polls: 0, attempts: 0,
    };

    // ----- public API -------------------------------------------------------------------------

    /** The connection state: `idle`, `connecting`, `open`, `reconnecting`, `failed` or `fallback`. */
    get state() {
        return this.#state;
    }

    /** `websocket` when open, `polling` in fallback, else `null`. */
    get transport() {
        return this.#state === 'open' ? 'websocket' : this.#state === 'fallback' ? 'polling' : null;
    }

    /** The server's `hello` of the current connection, or `null`. */
    get hello() {
        return this.#conn?.hello ?? null;
    }

    /** Why the client is `failed` ({code, reason, class}), or `null`. */
    get failure() {
        return this.#failure;
    }

    /** The last error reported through the `error` event, or `null`. */
    get lastError() {
        return this.#lastError;
    }

    /**
     * Starts connecting (from `idle` or `failed`); does nothing in other states.
     * With `transport: 'polling'`, or `'auto'` where WebSocket does not exist, goes to `fallback`.
     */
    connect() {
        this.#assertAlive();
        if (this.#state !== 'idle' && this.#state !== 'failed') {
            return;
        }
        this.#failure = null;
        this.#backoff.reset();
        const { transport } = this.options;
        if (transport === 'polling') {
            this.#enterFallback('transport is polling');
        } else if (!this.#env.WebSocket) {
            if (transport === 'auto') {
                this.#enterFallback('WebSocket is not available');
            } else {
                this.#fail({ code: null, reason: 'WebSocket is not available', class: 'network' });
            }
        } else {
            this.#setState('connecting', 'connect()');
            this.#openSocket('main');
        }
    }

    /**
     * Closes the connection and stops every retry, probe and poll; state `idle`. Subscriptions and
     * unsent publishes are kept for the next {@link connect}.
     */
    disconnect() {
        if (this.#state === 'idle') {
            return;
        }
        this.#acks.flush();
        this.#stopEverything('client disconnect');
        this.#setState('idle', 'disconnect()');
    }

    /**
     * Reconnects at once: drops the current connection (or the pending retry), resets the backoff
     * and opens a new WebSocket. In `fallback` it probes the WebSocket now. From `idle` or
     * `failed` it is {@link connect}.
     */
    reconnectNow() {
        this.#assertAlive();
        if (this.#state === 'idle' || this.#state === 'failed') {
            this.connect();
            return;
        }
        if (this.#state === 'fallback') {
            if (this.options.transport === 'auto' && this.#env.WebSocket && !this.#probe) {
                this.#clearTimer('probe');
                this.#openSocket('probe');
            }
            return;
        }
        this.#clearTimer('reconnect');
        this.#backoff.reset();
        if (this.#conn) {
            const conn = this.#conn;
            this.#acks.flush();
            this.#closeSocket(conn, 1000, 'client reconnect');
            this.#endAttempt(conn, { code: 1000, reason: 'reconnectNow()', class: 'normal' });
            this.#connectionLost(conn, 'reconnectNow()', 0);
        } else {
            this.#setState('reconnecting', 'reconnectNow()');
            this.#openSocket('main');
        }
    }

    /**
     * Subscribes to a topic. With `since` the server first replays every event after it;
     * without, the server resumes after this client's durable cursor (or at the topic's end).
     * Subscribing again to a topic replaces its handlers and, with `since`, its position.
     * @param {string} topic
     * @param {{since?: number, epoch?: number, onEvent?: (event: object) => void,
     *          onReset?: (reset: object) => (void|number|{last_seq: number}|Promise<void|number|{last_seq: number}>),
     *          onStatus?: (status: string) => void}} [options]
     * @returns {{topic: string, readonly status: string, readonly lastSeq: number|null, unsubscribe(): void}}
     */
    subscribe(topic, options = {}) {
        this.#assertAlive();
        if (typeof topic !== 'string' || !TOPIC_PATTERN.test(topic)) {
            throw new TypeError(`surewire: a topic is 1-200 characters of [A-Za-z0-9._:/-], not '${topic}'`);
        }
        let stream = this.#streams.get(topic);
        this.#unsubscribing.delete(topic);
        // a topic whose subscribe was refused for good is asked again
        const repositioned = stream === undefined || options.since !== undefined || options.epoch !== undefined
            || Boolean(stream.error);
        if (!stream) {
            stream = new TopicStream(topic, { since: options.since ?? null, epoch: options.epoch ?? 0 });
            stream.status = 'out_of_sync';
            this.#streams.set(topic, stream);
        } else {
            if (options.since !== undefined) {
                stream.lastSeq = options.since;
                stream.reposition();
            }
            if (options.epoch !== undefined) {
                stream.epoch = options.epoch;
            }
        }
        stream.onEvent = options.onEvent;
        stream.onReset = options.onReset;
        stream.onStatus = options.onStatus;
        if (repositioned) {
            this.#startTopic(stream);
        }
        this.#updateStatus(stream);
        const client = this;
        return {
            topic,
            get status() {
                return client.#streams.get(topic)?.status ?? 'out_of_sync';
            },
            get lastSeq() {
                return client.#streams.get(topic)?.lastSeq ?? null;
            },
            unsubscribe() {
                client.unsubscribe(topic);
            },
        };
    }

    /** Stops receiving a topic (pending acks of it are sent first). */
    unsubscribe(topic) {
        const stream = this.#streams.get(topic);
        if (!stream) {
            return;
        }
        this.#acks.flush();
        this.#acks.forget(topic);
        this.#streams.delete(topic);
        stream.removed = true;
        stream.pollController?.abort();
        this.#env.clearTimeout(stream.graceTimer);
        if (this.#wsReady()) {
            this.#sendUnsubscribe(topic);
        }
    }

    /**
     * Publishes `payload` to `topic`; resolves with the receipt
     * `{topic, seq, duplicate, client_msg_id, epoch?, id?}` once the server committed it.
     * Queued while offline (at most `queueLimit` publishes await a receipt; beyond, the promise
     * rejects with code `queue_full`) and sent again after a reconnect with the same
     * `client_msg_id`, so the server appends it once.
     *
     * A call that can never succeed throws a {@link SurewireError} at once and queues nothing:
     * `bad_topic`, `bad_client_msg_id`, `bad_payload` (JSON cannot carry the payload) and
     * `frame_too_large` (the frame would be over the server's limit).
     * @param {string} topic
     * @param {*} payload any JSON value
     * @param {{clientMsgId?: string}} [options]
     * @returns {Promise<object>}
     */
    publish(topic, payload, options = {}) {
        if (this.#destroyed) {
            return Promise.reject(new SurewireError('destroyed', 'surewire: the client was destroyed'));
        }
        if (typeof topic !== 'string' || !TOPIC_PATTERN.test(topic)) {
            throw new SurewireError('bad_topic', `surewire: '${topic}' is not a topic name`, { topic });
        }
        const clientMsgId = options.clientMsgId ?? this.#uuid();
        if (typeof clientMsgId !== 'string' || clientMsgId.length < 1 || clientMsgId.length > 128) {
            throw new SurewireError('bad_client_msg_id', 'surewire: client_msg_id must be 1-128 characters', { topic });
        }
        const waiting = this.#publishes.get(clientMsgId);
        if (waiting && waiting.topic === topic) {
            return waiting.promise; // the same publish again (one restored after a reload, say): one receipt
        }
        const json = encodePayload(payload);
        const bytes = utf8Length(JSON.stringify(publishFrame(topic, null, clientMsgId))) - 'null'.length + utf8Length(json);
        const limit = this.#frameLimit();
        if (bytes > limit) {
            throw new SurewireError('frame_too_large',
                `surewire: the publish to ${topic} would be a frame of ${bytes} bytes; the server's limit is ${limit} bytes`,
                { topic, clientMsgId, bytes, limit });
        }
        let added;
        try {
            // a copy of what goes on the wire: later changes to the caller's object change nothing
            added = this.#publishes.add(topic, JSON.parse(json), clientMsgId, { bytes, createdAt: this.#env.now() });
        } catch (error) {
            return Promise.reject(error);
        }
        this.#keep(added.entry);
        this.#stats.published += 1;
        this.#flushPublishes();
        return added.promise;
    }

    /** Publishes waiting for their receipt (queued or sent); `restored`: kept from before a reload. */
    pendingPublishes() {
        return this.#publishes.entries().map((e) => ({
            topic: e.topic, clientMsgId: e.clientMsgId, sent: e.sentOn !== null || e.inflight, sends: e.sends,
            restored: Boolean(e.restored),
        }));
    }

    /**
     * A publish older than `publishMaxAgeMs` is never sent (again): the server forgets a
     * `client_msg_id` after 48 hours, so a resend that late could be appended a second time.
     */
    #expired(entry) {
        const hours = Math.round(this.options.publishMaxAgeMs / 3_600_000);
        return new SurewireError('expired',
            `surewire: the publish to ${entry.topic} made ${new Date(entry.createdAt ?? entry.at).toISOString()} is older than`
            + ` ${hours} h (publishMaxAgeMs) and is not sent again: the server may have forgotten its client_msg_id`,
            { topic: entry.topic, clientMsgId: entry.clientMsgId });
    }

    /** Whether a waiting publish has outlived `publishMaxAgeMs`; such a one is rejected. */
    #rejectIfExpired(entry) {
        if (this.#env.now() - entry.createdAt <= this.options.publishMaxAgeMs) {
            return false;
        }
        this.#publishes.reject(entry.clientMsgId, this.#expired(entry));
        return true;
    }

    /** Keeps a publish in storage until it is settled; a storage that refuses costs only that. */
    #keep(entry) {
        try {
            this.#store.save(entry);
        } catch (error) {
            if (!this.#storageFailed) {
                this.#storageFailed = true;
                this.#reportError({
                    kind: 'storage', code: 'storage_failed', topic: entry.topic, error,
                    message: `surewire: unsent publishes cannot be kept for a reload (${error?.message ?? error}); they are sent all the same`,
                });
            }
        }
    }

    /**
     * Takes up the publishes a previous page of this client_id left unsent. Nobody awaits them: their
     * receipts are `receipt` events, their failures `error` events of kind `publish`.
     */
    #restorePublishes() {
        for (const item of this.#store.load()) {
            if (this.#publishes.get(item.clientMsgId)) {
                continue;
            }
            if (this.#env.now() - item.at > this.options.publishMaxAgeMs) {
                this.#store.remove(item.clientMsgId);
                const error = this.#expired(item);
                // after the constructor, so that listeners added with it hear of it
                Promise.resolve().then(() => this.#reportError({
                    kind: 'publish', code: error.code, message: error.message, topic: item.topic, clientMsgId: item.clientMsgId, error,
                }));
                continue;
            }
            const json = JSON.stringify(item.payload);
            const bytes = utf8Length(JSON.stringify(publishFrame(item.topic, null, item.clientMsgId))) - 'null'.length
                + utf8Length(json);
            const { promise } = this.#publishes.add(item.topic, item.payload, item.clientMsgId,
                { bytes, restored: true, createdAt: item.at }, { force: true });
            promise.catch((error) => this.#reportError({
                kind: 'publish', code: error?.code, message: String(error?.message ?? error), topic: item.topic,
                clientMsgId: item.clientMsgId, error,
            }));
        }
    }

    /**
     * Sends one ping now; resolves with the round trip in ms, rejects when it goes unanswered.
     * @returns {Promise<number>}
     */
    ping() {
        if (!this.#wsReady()) {
            return Promise.reject(new SurewireError('not_open', 'surewire: no open WebSocket to ping'));
        }
        return this.#sendPing(this.#conn);
    }

    /** Every subscribed topic: `{topic, lastSeq, epoch, status, held, resyncFrom, resetting}`. */
    topics() {
        return [...this.#streams.values()].map((s) => this.#describeTopic(s));
    }

    /** One topic as in {@link topics}, or `null`. */
    topic(name) {
        const stream = this.#streams.get(name);
        return stream ? this.#describeTopic(stream) : null;
    }

    /**
     * Connection quality: `{level, latency, jitter, loss, lastRtt, samples, reconnects, uptime}`
     * (ms and percent).
     */
    quality() {
        return {
            ...this.#quality.metrics(),
            reconnects: this.#reconnects,
            uptime: this.#state === 'open' && this.#openedAt !== null ? this.#env.now() - this.#openedAt : 0,
        };
    }

    /** Counters since the client was created. */
    stats() {
        return { ...this.#stats, pendingPublishes: this.#publishes.size, reconnects: this.#reconnects };
    }

    /** The recent connection attempts, newest last. */
    attempts() {
        return this.#attempts.map((a) => ({ ...a }));
    }

    /** Disconnects, rejects pending publishes and removes every listener; the client is unusable after. */
    destroy() {
        if (this.#destroyed) {
            return;
        }
        this.disconnect();
        this.#destroyed = true;
        this.#publishes.rejectAll(new SurewireError('destroyed', 'surewire: the client was destroyed'));
        this.diagnostics?.destroy();
        liveClients.delete(this);
        this.removeAllListeners();
    }

    // ----- state ------------------------------------------------------------------------------

    #setState(to, reason) {
        const from = this.#state;
        if (from === to) {
            return;
        }
        this.#state = to;
        if (to !== 'open') {
            this.#openedAt = null;
        }
        this.#log(`state ${from} -> ${to} (${reason})`);
        this.emit('state', { from, to, reason });
        for (const stream of this.#streams.values()) {
            this.#updateStatus(stream);
        }
        this.#emitQuality();
    }

    #fail(info) {
        this.#stopEverything(info.reason);
        this.#failure = info;
        this.#reportError({ kind: 'connection', terminal: true, ...info, message: info.reason });
        this.#setState('failed', info.reason);
    }

    /** Closes sockets, cancels timers and polls; keeps topics and publishes. */
    #stopEverything(reason) {
        this.#clearTimer('reconnect');
        this.#clearTimer('probe');
        this.#shutdown = null;
        for (const conn of [this.#conn, this.#probe]) {
            if (conn) {
                this.#closeSocket(conn, 1000, reason);
                if (!conn.ended) {
                    this.#endAttempt(conn, { code: 1000, reason, class: 'normal' });
                }
            }
        }
        this.#conn = null;
        this.#probe = null;
        this.#acks.forget();
        this.#stopPolling();
        for (const entry of this.#publishes.entries()) {
            entry.sentOn = null;
        }
    }

    // ----- sockets ----------------------------------------------------------------------------

    #openSocket(kind) {
        const conn = {
            id: ++this.#connSerial, kind, ws: null, opened: false, helloed: false, hello: null,
            timedOut: false, ended: false, lastFrameAt: this.#env.now(), pings: new Map(), missed: 0,
            timers: new Set(), attempt: this.#startAttempt(kind),
            // outbound: control frames first, then publishes, at the pace the server takes them
            pacer: null, control: [], pumpTimer: null, wakeTimer: null, receiptTimer: null,
            // publishes written on this connection, numbered; when the last receipt came
            publishSerial: 0, lastReceiptAt: 0,
        };
        if (kind === 'probe') {
            this.#probe = conn;
        } else {
            this.#conn = conn;
        }
        if (!this.options.getToken) {
            this.#createSocket(conn, this.endpoints.ws);
            return;
        }
        this.#refreshToken().then(
            (token) => {
                if (!conn.ended) {
                    this.#createSocket(conn, `${this.endpoints.ws}&${new URLSearchParams({ token })}`);
                }
            },
            (error) => this.#tokenFailed(conn, error.message),
        );
    }

    /** Opens the WebSocket of an attempt, which has `connectTimeoutMs` to open and say hello. */
    #createSocket(conn, url) {
        let ws;
        try {
            ws = new this.#env.WebSocket(url);
        } catch (error) {
            this.#socketEnded(conn, { code: null, reason: `WebSocket constructor failed: ${error?.message ?? error}` });
            return;
        }
        conn.ws = ws;
        ws.onopen = () => {
            conn.opened = true;
            conn.attempt.openedAt = this.#env.now();
        };
        ws.onmessage = (message) => this.#onMessage(conn, message.data);
        ws.onerror = () => {
            conn.errored = true;
        };
        ws.onclose = (event) => this.#socketEnded(conn, { code: event.code, reason: event.reason });
        this.#later(conn, () => {
            if (!conn.helloed) {
                this.#giveUpOn(conn, `no hello within ${this.options.connectTimeoutMs} ms`);
            }
        }, this.options.connectTimeoutMs);
    }

    /**
     * An attempt got no token: it ends before any socket, class `token`, and counts as a lost
     * connection (reported, then retried with the backoff; a probe waits for the next one).
     */
    #tokenFailed(conn, reason) {
        if (conn.ended) {
            return;
        }
        conn.tokenFailed = true;
        this.#socketEnded(conn, { code: null, reason: `no token for the connection: ${reason}` });
    }

    /**
     * Asks `getToken` for a fresh token. One call at a time: whoever needs a token while one is
     * being fetched shares it. Rejects with a `token_unavailable` {@link SurewireError} when getToken
     * throws, rejects, gives anything but a non-empty string, or gives nothing within
     * `connectTimeoutMs` (then the next caller asks again).
     * @returns {Promise<string>}
     */
    #refreshToken() {
        if (this.#tokenRequest) {
            return this.#tokenRequest;
        }
        const limitMs = this.options.connectTimeoutMs;
        let timer = null;
        const answer = Promise.resolve()
            .then(() => this.options.getToken({ clientId: this.clientId }))
            .then((token) => {
                if (typeof token !== 'string' || token === '') {
                    throw new SurewireError('token_unavailable', `getToken gave ${describeValue(token)}, not a non-empty string`);
                }
                return token;
            }, (error) => {
                throw new SurewireError('token_unavailable', `getToken failed (${error?.message ?? error})`, { cause: error });
            });
        const late = new Promise((resolve, reject) => {
            timer = this.#env.setTimeout(() => reject(
                new SurewireError('token_unavailable', `getToken gave no token within ${limitMs} ms`)), limitMs);
        });
        const request = Promise.race([answer, late])
            .then((token) => {
                this.#token = token;
                this.#httpTokenStale = false;
                return token;
            })
            .finally(() => {
                this.#env.clearTimeout(timer);
                if (this.#tokenRequest === request) {
                    this.#tokenRequest = null;
                }
            });
        this.#tokenRequest = request;
        return request;
    }

    /** The client abandons a connection it considers dead or stuck. */
    #giveUpOn(conn, reason) {
        conn.timedOut = true;
        this.#closeSocket(conn, CLIENT_GIVES_UP_CODE, reason);
        this.#socketEnded(conn, { code: null, reason });
    }

    #closeSocket(conn, code, reason) {
        this.#clearConnTimers(conn);
        const ws = conn.ws;
        if (!ws) {
            return;
        }
        ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
        try {
            ws.close(code, truncate(reason, 120));
        } catch {
            // already closing
        }
    }

    #clearConnTimers(conn) {
        for (const id of conn.timers) {
            this.#env.clearTimeout(id);
        }
        conn.timers.clear();
        conn.pumpTimer = conn.wakeTimer = conn.receiptTimer = null;
        for (const ping of conn.pings.values()) {
            ping.reject(new SurewireError('closed', 'surewire: the connection closed before the pong'));
        }
        conn.pings.clear();
    }

    /** A timer that dies with its connection. */
    #later(conn, fn, ms) {
        const id = this.#env.setTimeout(() => {
            conn.timers.delete(id);
            fn();
        }, ms);
        conn.timers.add(id);
        return id;
    }

    /** Cancels a timer made by {@link #later}. */
    #cancel(conn, id) {
        if (id !== null && id !== undefined) {
            this.#env.clearTimeout(id);
            conn?.timers.delete(id);
        }
    }

    /** The socket closed (or the client gave up on it): classify, record, decide. */
    #socketEnded(conn, { code, reason }) {
        if (conn.ended) {
            return;
        }
        this.#closeSocket(conn, 1000, '');
        const cls = classifyClose({ code, opened: conn.opened, timedOut: conn.timedOut, tokenFailed: conn.tokenFailed });
        const info = { code, reason: reason || describeClose(code, cls), class: cls };
        this.#endAttempt(conn, info);
        this.#log(`${conn.kind} connection #${conn.id} ended: ${info.class} ${code ?? ''} ${info.reason}`);
        const isCurrent = conn === this.#conn || conn === this.#probe;
        if (!isCurrent) {
            return;
        }
        this.emit('close', { ...info, wasOpen: conn.helloed });
        if (code === 1009 && conn.helloed) {
            this.#frameTooBig(conn);
        }
        const action = closeAction(code);
        if (action === 'terminal') {
            this.#fail({ ...info, reason: this.#refusal(code, reason) });
        } else if (action === 'superseded') {
            this.#fail({ ...info, reason: info.reason || 'superseded by a newer connection with the same client_id' });
        } else if (conn.kind === 'probe') {
            this.#probe = null;
            this.#scheduleProbe();
        } else {
            if (cls !== 'normal') {
                this.#reportError({ kind: 'connection', terminal: false, ...info, message: info.reason });
            }
            this.#connectionLost(conn, info.reason);
        }
    }

    /**
     * Why the server refused the handshake (a terminal close), said plainly, with the server's own
     * reason when it gave one.
     */
    #refusal(code, serverReason) {
        const said = serverReason ? ` (the server said: ${serverReason})` : '';
        const { version, role, getToken, token } = this.options;
        const why = {
            4400: `the server does not accept protocol version ${version} (4400)`,
            4401: `the server refused the role '${role}' (4401)`,
            4402: `the server refused the client_id '${this.clientId}' (4402)`,
            4403: getToken || token
                ? 'the server refused the token (4403): missing, expired, forged, or not for this client_id,'
                    + ' or the page\'s origin is not allowed'
                : 'the server refused the connection (4403): it needs a token and the client has none'
                    + ' (pass the token or getToken option), or the page\'s origin is not allowed',
        }[code] ?? `the server refused the handshake (${code})`;
        return `${why}${said}; the client stops`;
    }

    /** The main connection is gone: reconnect after the backoff (or the shutdown notice's delay). */
    #connectionLost(conn, reason, delayOverride) {
        this.#conn = null;
        this.#acks.forget();
        for (const entry of this.#publishes.entries()) {
            entry.sentOn = null;
        }
        let delay = delayOverride;
        if (delay === undefined && this.#shutdown) {
            const { at, afterMs } = this.#shutdown;
            this.#shutdown = null;
            this.#backoff.reset();
            const wait = Math.max(0, at + afterMs - this.#env.now());
            delay = wait + Math.round(afterMs * this.options.backoff.jitter * this.#env.random());
        }
        if (delay === undefined) {
            delay = this.#backoff.next();
        }
        if (delay === null) {
            this.#giveUp(reason);
            return;
        }
        this.#setState('reconnecting', reason);
        this.#clearTimer('reconnect');
        this.#reconnectTimer = this.#env.setTimeout(() => {
            this.#reconnectTimer = null;
            this.#openSocket('main');
        }, delay);
        this.#log(`reconnecting in ${delay} ms (retry ${this.#backoff.attempt}/${this.#backoff.maxAttempts})`);
    }

    #giveUp(reason) {
        const attempts = this.#backoff.attempt;
        if (this.options.transport === 'auto') {
            this.#enterFallback(`WebSocket gave up after ${attempts} reconnection attempts (${reason})`);
        } else {
            this.#fail({ code: null, reason: `gave up after ${attempts} reconnection attempts (${reason})`, class: 'network' });
        }
    }

    #clearTimer(which) {
        if (which === 'reconnect' && this.#reconnectTimer !== null) {
            this.#env.clearTimeout(this.#reconnectTimer);
            this.#reconnectTimer = null;
        }
        if (which === 'probe' && this.#probeTimer !== null) {
            this.#env.clearTimeout(this.#probeTimer);
            this.#probeTimer = null;
        }
    }

    // ----- attempts (diagnostics) -------------------------------------------------------------

    #startAttempt(kind) {
        this.#stats.attempts += 1;
        const attempt = {
            n: this.#stats.attempts, kind, startedAt: this.#env.now(), openedAt: null, helloAt: null,
            endedAt: null, outcome: 'connecting', code: null, reason: null, class: null,
        };
        this.#attempts.push(attempt);
        while (this.#attempts.length > this.options.attemptHistory) {
            this.#attempts.shift();
        }
        this.emit('attempt', { ...attempt });
        return attempt;
    }

    #endAttempt(conn, info) {
        conn.ended = true;
        const attempt = conn.attempt;
        attempt.endedAt = this.#env.now();
        attempt.outcome = conn.helloed ? 'closed' : 'failed';
        attempt.code = info.code;
        attempt.reason = info.reason;
        attempt.class = info.class;
        this.emit('attempt', { ...attempt });
    }

    // ----- frames -----------------------------------------------------------------------------

    /**
     * Queues a control frame (anything but a publish) on `conn`; it goes out before waiting
     * publishes, at the pace of the connection. An ack still waiting is raised instead of queued
     * again. `onSent` runs when the frame is written.
     * @returns {boolean} whether the connection can take it
     */
    #send(conn, frame, onSent) {
        if (!conn?.ws || conn.ended || conn.ws.readyState !== SOCKET_OPEN) {
            return false;
        }
        if (frame.type === 'ack') {
            const queued = conn.control.find((c) => c.frame.type === 'ack' && c.frame.topic === frame.topic);
            if (queued) {
                queued.frame.seq = Math.max(queued.frame.seq, frame.seq);
                return true;
            }
        }
        conn.control.push({ frame, onSent });
        this.#pump(conn);
        return true;
    }

    #write(conn, frame) {
        try {
            conn.ws.send(JSON.stringify(frame));
        } catch (error) {
            this.#log('send failed', error);
            return false;
        }
        this.#stats.framesOut += 1;
        return true;
    }

    /**
     * Writes what waits on `conn` while the pacer lets it: control frames in order, then publishes
     * in order, at most `publishWindow` of them awaiting a receipt. Sleeps until the pacer (or a
     * publish's retry pause) allows the next one.
     */
    #pump(conn) {
        if (!conn.helloed || conn.ended || !conn.pacer || conn.pumpTimer !== null
            || conn.ws?.readyState !== SOCKET_OPEN) {
            return;
        }
        for (;;) {
            const next = this.#nextFrame(conn);
            if (!next) {
                return;
            }
            const wait = conn.pacer.delay();
            if (wait > 0) {
                conn.pumpTimer = this.#later(conn, () => {
                    conn.pumpTimer = null;
                    this.#pump(conn);
                }, wait);
                return;
            }
            let written;
            if (next.publish) {
                written = this.#writePublish(conn, next.publish);
            } else {
                conn.control.shift();
                conn.pacer.take();
                written = this.#write(conn, next.frame);
                if (written) {
                    next.onSent?.();
                }
            }
            if (!written || conn.ended || conn.ws?.readyState !== SOCKET_OPEN) {
                return; // the socket is going: its close decides what happens next
            }
        }
    }

    /** The next frame `conn` should write: the first control frame, else the next publish due. */
    #nextFrame(conn) {
        if (conn.control.length > 0) {
            return conn.control[0];
        }
        if (conn !== this.#conn) {
            return null;
        }
        const now = this.#env.now();
        const limit = this.#frameLimit();
        let waiting = 0;
        let due = null;
        let wakeAt = Infinity;
        for (const entry of this.#publishes.entries()) {
            if (entry.sentOn === conn) {
                waiting += 1;
            } else if (!entry.inflight && due === null) {
                if (this.#rejectIfExpired(entry)) {
                    continue;
                }
                if (entry.bytes > limit) {
                    this.#publishes.reject(entry.clientMsgId, new SurewireError('frame_too_large',
                        `surewire: the publish to ${entry.topic} is a frame of ${entry.bytes} bytes; the server's limit is ${limit} bytes`,
                        { topic: entry.topic, clientMsgId: entry.clientMsgId, bytes: entry.bytes, limit }));
                } else if ((entry.notBefore ?? 0) > now) {
                    wakeAt = Math.min(wakeAt, entry.notBefore);
                } else {
                    due = entry;
                }
            }
        }
        if (due !== null && waiting < this.options.publishWindow) {
            return { publish: due };
        }
        if (due === null && wakeAt !== Infinity) {
            this.#cancel(conn, conn.wakeTimer);
            conn.wakeTimer = this.#later(conn, () => {
                conn.wakeTimer = null;
                this.#pump(conn);
            }, wakeAt - now);
        }
        return null;
    }

    /** Whether frames can go over the main WebSocket now (hello received). */
    #wsReady() {
        return this.#conn !== null && this.#conn.helloed && this.#conn.ws?.readyState === SOCKET_OPEN;
    }

    #onMessage(conn, data) {
        if (conn.ended) {
            return;
        }
        conn.lastFrameAt = this.#env.now();
        this.#stats.framesIn += 1;
        let frame;
        try {
            frame = JSON.parse(data);
        } catch {
            this.#reportError({ kind: 'protocol', code: 'bad_json', message: 'the server sent a frame that is not JSON' });
            return;
        }
        if (!frame || typeof frame.type !== 'string') {
            return;
        }
        if (!conn.helloed) {
            if (frame.type === 'hello') {
                this.#onHello(conn, frame);
            }
            return;
        }
        switch (frame.type) {
            case 'event': this.#onEvent(frame); break;
            case 'subscribed': this.#onSubscribed(frame); break;
            case 'replayed': this.#onReplayed(frame); break;
            case 'reset': this.#onReset(frame); break;
            case 'receipt': this.#onReceipt(frame); break;
            case 'ping': this.#onServerPing(conn, frame); break;
            case 'pong': this.#onPong(conn, frame); break;
            case 'error': this.#onServerError(frame); break;
            case 'shutdown': this.#onShutdown(conn, frame); break;
            default: break; // unknown frames are ignored
        }
    }

    #onHello(conn, hello) {
        this.#clearConnTimers(conn);
        conn.helloed = true;
        conn.hello = hello;
        conn.attempt.helloAt = this.#env.now();
        conn.attempt.outcome = 'open';
        this.#serverLimits = {
            maxFrameBytes: positiveInteger(hello.max_frame_bytes),
            maxFramesPerSecond: positiveInteger(hello.max_frames_per_second),
        };
        conn.pacer = new FramePacer({
            limit: this.#serverLimits.maxFramesPerSecond ?? this.options.maxFramesPerSecond,
            share: this.options.frameRateShare,
            now: this.#env.now,
        });
        this.#unsubscribing.clear();
        this.emit('attempt', { ...conn.attempt });
        if (conn.kind === 'probe') {
            this.#leaveFallback();
            this.#probe = null;
            conn.kind = 'main';
            this.#conn = conn;
        }
        this.#backoff.reset();
        if (this.#everOpened) {
            this.#reconnects += 1;
        }
        this.#everOpened = true;
        this.#startHeartbeat(conn);
        for (const stream of this.#streams.values()) {
            this.#sendSubscribe(stream);
        }
        this.#flushPublishes();
        this.#setState('open', 'hello');
        this.#openedAt = this.#env.now();
        this.emit('open', { hello });
    }

    /** The server's frame size limit as the client knows it: the last hello's, lowered by every 1009. */
    #frameLimit() {
        const announced = positiveInteger(this.#serverLimits.maxFrameBytes) ?? this.options.maxFrameBytes;
        return Math.min(announced, this.#frameCap);
    }

    /**
     * The server closed with 1009: one of the publishes it has not answered was over its real limit,
     * and the biggest of them surely was. That one is rejected and never sent again, and frames as
     * big are refused from now on; the others go out again after the reconnect. So every 1009 settles
     * at least one publish, and a frame that caused one never loops.
     */
    #frameTooBig(conn) {
        let culprit = null;
        for (const entry of this.#publishes.entries()) {
            if (entry.sentOn === conn && (culprit === null || entry.bytes > culprit.bytes)) {
                culprit = entry;
            }
        }
        if (!culprit) {
            return;
        }
        this.#frameCap = Math.min(this.#frameCap, culprit.bytes - 1);
        this.#publishes.reject(culprit.clientMsgId, new SurewireError('frame_too_large',
            `surewire: the server closed the connection with 1009 (frame too big) after the publish to ${culprit.topic}`
            + ` of ${culprit.bytes} bytes; it is not sent again`,
            { topic: culprit.topic, clientMsgId: culprit.clientMsgId, bytes: culprit.bytes, closeCode: 1009 }));
    }

    #onShutdown(conn, frame) {
        const afterMs = Number.isFinite(frame.reconnect_after_ms) ? Math.max(0, frame.reconnect_after_ms) : 2000;
        this.#shutdown = { at: this.#env.now(), afterMs };
        this.#log(`server shutdown, reconnect after ${afterMs} ms`);
        // the server closes with 1001 after the notice; if it does not, stop waiting for it
        this.#later(conn, () => {
            this.#closeSocket(conn, 1000, 'server shut down');
            this.#socketEnded(conn, { code: 1001, reason: 'server shut down' });
        }, afterMs);
    }

    // ----- heartbeat --------------------------------------------------------------------------

    #startHeartbeat(conn) {
        const interval = conn.hello.heartbeat_interval_ms > 0 ? conn.hello.heartbeat_interval_ms : this.options.defaultHeartbeatMs;
        conn.silenceMs = this.options.silenceIntervals * interval;
        conn.lastFrameAt = this.#env.now();
        this.#armWatchdog(conn, conn.silenceMs);
        if (this.options.pingIntervalMs > 0) {
            this.#schedulePing(conn);
        }
    }

    #armWatchdog(conn, delay) {
        this.#later(conn, () => {
            const silent = this.#env.now() - conn.lastFrameAt;
            if (silent >= conn.silenceMs) {
                this.#giveUpOn(conn, `no frame for ${silent} ms`);
            } else {
                this.#armWatchdog(conn, conn.silenceMs - silent);
            }
        }, delay);
    }

    #schedulePing(conn) {
        this.#later(conn, () => {
            this.#sendPing(conn).catch(() => {});
            if (!conn.ended) {
                this.#schedulePing(conn);
            }
        }, this.options.pingIntervalMs);
    }

    #sendPing(conn) {
        let ts = this.#env.now();
        while (conn.pings.has(ts)) {
            ts += 1;
        }
        return new Promise((resolve, reject) => {
            const ping = { sentAt: this.#env.now(), resolve, reject };
            conn.pings.set(ts, ping);
            ping.timer = this.#later(conn, () => this.#onPingTimeout(conn, ts), this.options.pingTimeoutMs);
            this.#stats.pingsSent += 1;
            this.#send(conn, { type: 'ping', ts }, () => {
                ping.sentAt = this.#env.now(); // the round trip starts when it leaves, not while it waits its turn
            });
        });
    }

    #onPong(conn, frame) {
        const ping = conn.pings.get(frame.ts);
        if (!ping) {
            return; // late (already counted lost) or not ours
        }
        conn.pings.delete(frame.ts);
        this.#env.clearTimeout(ping.timer);
        conn.timers.delete(ping.timer);
        const rtt = this.#env.now() - ping.sentAt;
        conn.missed = 0;
        this.#stats.pongsReceived += 1;
        this.#quality.recordRtt(rtt);
        this.#emitQuality();
        ping.resolve(rtt);
    }

    #onPingTimeout(conn, ts) {
        const ping = conn.pings.get(ts);
        if (!ping) {
            return;
        }
        conn.pings.delete(ts);
        conn.missed += 1;
        this.#quality.recordLoss();
        this.#emitQuality();
        ping.reject(new SurewireError('timeout', `surewire: no pong within ${this.options.pingTimeoutMs} ms`));
        if (conn.missed >= this.options.pingMissLimit) {
            this.#giveUpOn(conn, `${conn.missed} pings unanswered within ${this.options.pingTimeoutMs} ms`);
        }
    }

    #onServerPing(conn, frame) {
        this.#stats.serverPings += 1;
        this.#send(conn, { type: 'pong', ts: frame.ts });
    }

    #emitQuality() {
        const quality = this.quality();
        const key = `${quality.level}|${quality.latency}|${quality.jitter}|${quality.loss}|${quality.reconnects}|${this.#state === 'open'}`;
        if (key !== this.#lastQualityKey) {
            this.#lastQualityKey = key;
            this.emit('quality', quality);
        }
    }

    // ----- topics -----------------------------------------------------------------------------

    /** Asks the server (or the poller) for a topic from its position. */
    #startTopic(stream) {
        if (this.#wsReady()) {
            this.#sendSubscribe(stream);
        } else if (this.#state === 'fallback') {
            this.#startPoll(stream);
        }
    }

    /**
     * Subscribes `stream` on the current connection from its position. `retry`: a retry of a
     * failed request, which keeps the error and retry schedules; otherwise both start over.
     */
    #sendSubscribe(stream, { retry = false } = {}) {
        const conn = this.#conn;
        stream.reposition();
        this.#acks.forget(stream.topic);
        this.#env.clearTimeout(stream.graceTimer);
        this.#cancel(conn, stream.requestTimer);
        this.#cancel(conn, stream.retryTimer);
        stream.requestTimer = stream.retryTimer = null;
        if (!retry) {
            stream.error = null;
            stream.subscribeRetry = null;
            stream.resyncRetry = null;
        }
        stream.maxSeqOnConn = 0;
        const since = stream.resumePosition();
        const requestId = `s${++this.#requestSerial}`;
        stream.subscribeRequestId = requestId;
        stream.subscribeAnswered = false;
        stream.resyncRequestId = null;
        stream.awaitingReplay = true;
        stream.blindSubscribe = since === null;
        const frame = { type: 'subscribe', topic: stream.topic, request_id: requestId };
        if (since !== null) {
            frame.since = since;
        }
        const epoch = stream.resetting ? stream.reset.epoch : stream.epoch;
        if (epoch) {
            frame.epoch = epoch;
        }
        this.#send(conn, frame);
        this.#watchRequest(conn, stream, 'subscribe', requestId);
        this.#updateStatus(stream);
    }

    #sendUnsubscribe(topic) {
        const requestId = `u${++this.#requestSerial}`;
        this.#unsubscribing.set(topic, { requestId, at: this.#env.now() });
        this.#send(this.#conn, { type: 'unsubscribe', topic, request_id: requestId });
    }

    /**
     * A `subscribe` unanswered (no `subscribed`) or a `resync` that stopped making progress (no
     * event and no `replayed`) for `requestTimeoutMs` was most likely dropped over the rate: it
     * fails with `timeout` and is asked again (see {@link #topicRequestFailed}).
     */
    #watchRequest(conn, stream, kind, requestId) {
        stream.lastActivityAt = this.#env.now();
        const timeout = this.options.requestTimeoutMs;
        const check = () => {
            stream.requestTimer = null;
            const pending = kind === 'subscribe'
                ? stream.subscribeRequestId === requestId && !stream.subscribeAnswered
                : stream.resyncRequestId === requestId;
            if (!pending || stream.removed || conn !== this.#conn) {
                return;
            }
            const quiet = this.#env.now() - stream.lastActivityAt;
            if (kind === 'resync' && quiet < timeout) {
                stream.requestTimer = this.#later(conn, check, timeout - quiet);
                return;
            }
            this.#topicRequestFailed(stream, kind, {
                code: 'timeout', message: `no answer to ${kind} within ${timeout} ms`,
            });
        };
        this.#cancel(conn, stream.requestTimer);
        stream.requestTimer = this.#later(conn, check, timeout);
    }

    /**
     * A `subscribe` or `resync` failed in a way worth trying again (`unavailable`, dropped over the
     * rate, unanswered): it is asked again after the `topicRetry` backoff (at least `minDelayMs`;
     * at once after a timeout, which has waited already), and the topic shows the error with
     * `retrying: true` meanwhile. When the retries are used up, a resync gives way to a subscribe
     * from the last processed seq; a subscribe leaves the topic `out_of_sync` with the error
     * (`retrying: false`) until the next connection or `subscribe()`.
     */
    #topicRequestFailed(stream, kind, { code, message }, minDelayMs = 0) {
        const conn = this.#conn;
        if (!conn || stream.removed) {
            return;
        }
        this.#cancel(conn, stream.requestTimer);
        this.#cancel(conn, stream.retryTimer);
        stream.requestTimer = stream.retryTimer = null;
        const key = kind === 'subscribe' ? 'subscribeRetry' : 'resyncRetry';
        stream[key] ??= new Backoff(this.options.topicRetry, this.#env.random);
        const delay = stream[key].next();
        if (kind === 'resync') {
            stream.resyncRequestId = null;
        }
        if (delay === null) {
            if (kind === 'resync') {
                this.#log(`resync of ${stream.topic} failed ${stream[key].attempt + 1} times: subscribing again`);
                stream.resyncRetry = null;
                this.#sendSubscribe(stream, { retry: true });
                return;
            }
            stream.error = { kind, code, message, retrying: false, attempt: stream[key].attempt, retryAt: null };
            stream.awaitingReplay = false;
            this.#updateStatus(stream);
            this.#reportError({
                kind: 'server', code, topic: stream.topic, terminal: true, retrying: false,
                message: `${kind} of ${stream.topic} failed ${stream[key].attempt + 1} times, last with ${code} (${message}); gave up`,
            });
            return;
        }
        const wait = code === 'timeout' ? 0 : Math.max(minDelayMs, delay);
        stream.error = { kind, code, message, retrying: true, attempt: stream[key].attempt, retryAt: this.#env.now() + wait };
        this.#updateStatus(stream);
        this.#reportError({
            kind: 'server', code, topic: stream.topic, terminal: false, retrying: true,
            message: `${kind} of ${stream.topic} failed with ${code} (${message}); retry ${stream[key].attempt} in ${wait} ms`,
        });
        stream.retryTimer = this.#later(conn, () => {
            stream.retryTimer = null;
            if (kind === 'subscribe') {
                this.#sendSubscribe(stream, { retry: true });
            } else if (stream.gapped && stream.lastSeq !== null) {
                this.#requestResync(stream, stream.lastSeq + 1);
            }
        }, wait);
    }

    /**
     * The token does not allow a topic (`forbidden` for a subscribe or resync, 403 for a poll):
     * terminal for the topic, which is not asked again until the next connection (with a new token)
     * or another `subscribe()` of it. The other topics carry on.
     * @param {'subscribe'|'resync'|'poll'} kind
     */
    #topicForbidden(stream, kind, serverMessage, requestId) {
        const conn = this.#conn;
        this.#cancel(conn, stream.requestTimer);
        this.#cancel(conn, stream.retryTimer);
        stream.requestTimer = stream.retryTimer = null;
        stream.resyncRequestId = null;
        stream.subscribeRetry = stream.resyncRetry = null;
        stream.awaitingReplay = false;
        const what = { subscribe: 'subscribing to', resync: 'a resync of', poll: 'polling' }[kind];
        const said = serverMessage ? ` (the server said: ${serverMessage})` : '';
        const message = `surewire: the token does not allow ${what} ${stream.topic} (forbidden)${said};`
            + ' the topic is not asked again until the next connection or subscribe()';
        stream.error = { kind, code: 'forbidden', message, retrying: false, attempt: 1, retryAt: null };
        this.#updateStatus(stream);
        this.#reportError({
            kind: kind === 'poll' ? 'poll' : 'server', code: 'forbidden', topic: stream.topic, request_id: requestId,
            terminal: true, retrying: false, message,
        });
    }

    #onSubscribed(frame) {
        const stream = this.#streams.get(frame.topic);
        if (!stream || frame.request_id !== stream.subscribeRequestId) {
            return;
        }
        stream.subscribeAnswered = true;
        this.#cancel(this.#conn, stream.requestTimer);
        stream.requestTimer = null;
        stream.subscribeRetry = null;
        stream.error = null; // a subscribe answered covers a resync that failed before it too
        if (stream.epoch === 0 && frame.epoch) {
            stream.epoch = frame.epoch;
        }
        stream.subscribedLastSeq = frame.last_seq;
        if (stream.blindSubscribe && stream.lastSeq === null) {
            if (frame.last_seq === 0) {
                stream.lastSeq = 0;
                stream.awaitingReplay = false;
            } else {
                // without since the server replays from the durable cursor (then `replayed`) or
                // starts live (no `replayed`): call it synced if nothing says otherwise soon
                stream.graceTimer = this.#env.setTimeout(() => {
                    if (stream.lastSeq === null || stream.lastSeq >= frame.last_seq) {
                        stream.awaitingReplay = false;
                        this.#updateStatus(stream);
                    }
                }, this.options.replayGraceMs);
            }
        }
        this.#updateStatus(stream);
    }

    #onEvent(frame) {
        const stream = this.#streams.get(frame.topic);
        if (!stream || typeof frame.seq !== 'number') {
            this.#strayEvent(frame);
            return;
        }
        stream.lastActivityAt = this.#env.now();
        stream.maxSeqOnConn = Math.max(stream.maxSeqOnConn ?? 0, frame.seq);
        this.#acceptEvent(stream, frame, { live: true });
    }

    /**
     * An event of a topic the client unsubscribed from. Some still arrive after an unsubscribe; when
     * they keep coming, the unsubscribe was dropped (over the rate) and is sent again.
     */
    #strayEvent(frame) {
        const unsubscribing = this.#unsubscribing.get(frame.topic);
        if (unsubscribing && this.#wsReady()
            && this.#env.now() - unsubscribing.at >= this.options.requestTimeoutMs) {
            this.#sendUnsubscribe(frame.topic);
        }
    }

    /**
     * Runs one event through the topic's sequence tracking and delivers what it releases. `live`:
     * it came over the WebSocket, where a seq the client has processed already means the server did
     * not get the ack (a redelivery, or a replay that overlaps): it is acked again, not processed.
     */
    #acceptEvent(stream, frame, { live = false } = {}) {
        const wasUnknown = stream.lastSeq === null;
        const result = stream.accept(frame);
        if (result.duplicate) {
            this.#stats.duplicates += 1;
            if (live && !stream.removed) {
                this.#acks.again(stream.topic, Math.min(stream.lastSeq, stream.maxSeqOnConn));
            }
        }
        if (result.epochReset) {
            this.#handleReset(stream, result.epochReset, [frame]);
            return;
        }
        if (result.resync !== undefined) {
            this.#stats.gaps += 1;
            this.#requestResync(stream, result.resync);
        }
        if (stream.blindSubscribe && wasUnknown && stream.subscribedLastSeq !== undefined
            && frame.seq > stream.subscribedLastSeq) {
            stream.awaitingReplay = false; // live from the topic's end: no replay follows
        }
        for (const event of result.deliver) {
            this.#deliver(stream, event);
        }
        this.#updateStatus(stream);
    }

    #deliver(stream, event) {
        this.#stats.events += 1;
        if (stream.onEvent) {
            try {
                stream.onEvent(event);
            } catch (error) {
                this.#reportError({ kind: 'handler', topic: stream.topic, seq: event.seq, message: String(error?.message ?? error), error });
            }
        }
        this.emit('event', event);
        if (!stream.removed) {
            this.#acks.processed(stream.topic, event.seq);
        }
    }

    #requestResync(stream, fromSeq) {
        this.#stats.resyncs += 1;
        if (this.#wsReady()) {
            const conn = this.#conn;
            const requestId = `r${++this.#requestSerial}`;
            stream.resyncRequestId = requestId;
            this.#send(conn, { type: 'resync', topic: stream.topic, from_seq: fromSeq, request_id: requestId });
            this.#watchRequest(conn, stream, 'resync', requestId);
        }
        // in fallback the next poll asks from the last processed seq anyway
    }

    #onReplayed(frame) {
        const stream = this.#streams.get(frame.topic);
        if (!stream) {
            return;
        }
        stream.lastActivityAt = this.#env.now();
        if (frame.request_id && frame.request_id === stream.resyncRequestId) {
            stream.resyncRequestId = null;
            this.#cancel(this.#conn, stream.requestTimer);
            stream.requestTimer = null;
            stream.resyncRetry = null;
            if (stream.error?.kind === 'resync') {
                stream.error = null;
            }
            if (stream.resyncDone()) {
                // the resync did not fill the gap: ask for the whole position again
                this.#sendSubscribe(stream);
            }
        } else if (!frame.request_id || frame.request_id === stream.subscribeRequestId) {
            if (stream.lastSeq === null && !stream.resetting) {
                stream.lastSeq = frame.to_seq;
            }
            stream.awaitingReplay = false;
            this.#env.clearTimeout(stream.graceTimer);
        } else {
            return; // the end of an older request
        }
        this.emit('replayed', frame);
        this.#updateStatus(stream);
    }

    #onReset(frame) {
        const stream = this.#streams.get(frame.topic);
        if (stream) {
            this.#handleReset(stream, frame);
        }
    }

    /**
     * Hands a reset to the application and holds the topic until it has reloaded its state; then
     * continues from the position it returns (a number, or `{last_seq}`), else from `last_seq`.
     * @param {object[]} [pending] events to take up again after the reset (a newer epoch's first one)
     * @returns {Promise<void>} settled once the topic continues
     */
    #handleReset(stream, reset, pending = []) {
        if (stream.resetting) {
            stream.nextReset = reset;
            stream.buffer.push(...pending);
            return stream.resetDone;
        }
        stream.beginReset(reset);
        stream.buffer.push(...pending);
        this.#acks.forget(stream.topic);
        this.#env.clearTimeout(stream.graceTimer);
        stream.awaitingReplay = false;
        this.#stats.resets += 1;
        this.#updateStatus(stream);
        this.emit('reset', reset);
        let done;
        stream.resetDone = new Promise((resolve) => {
            done = resolve;
        });
        const finish = (result) => {
            if (stream.removed) {
                done();
                return;
            }
            const position = positionFrom(result, reset.last_seq);
            const buffered = stream.finishReset(position);
            for (const event of buffered) {
                this.#acceptEvent(stream, event);
            }
            const next = stream.nextReset;
            stream.nextReset = null;
            this.#updateStatus(stream);
            if (next) {
                this.#handleReset(stream, next).then(done);
            } else {
                done();
            }
        };
        let result;
        try {
            result = stream.onReset ? stream.onReset(reset) : undefined;
        } catch (error) {
            this.#reportError({ kind: 'handler', topic: stream.topic, message: String(error?.message ?? error), error });
        }
        if (result && typeof result.then === 'function') {
            result.then(finish, (error) => {
                this.#reportError({ kind: 'handler', topic: stream.topic, message: String(error?.message ?? error), error });
                finish(undefined);
            });
        } else {
            finish(result);
        }
        return stream.resetDone;
    }

    #describeTopic(stream) {
        return {
            topic: stream.topic,
            lastSeq: stream.lastSeq,
            epoch: stream.epoch,
            status: stream.status,
            held: stream.held.size,
            resyncFrom: stream.resyncFrom,
            resetting: stream.resetting,
            error: stream.error ?? null,
        };
    }

    /** Derives a topic's sync status and tells about a change. */
    #updateStatus(stream) {
        const status = this.#statusOf(stream);
        if (status === stream.status) {
            return;
        }
        const from = stream.status;
        stream.status = status;
        this.emit('sync', { topic: stream.topic, from, to: status });
        if (stream.onStatus) {
            try {
                stream.onStatus(status);
            } catch (error) {
                this.#reportError({ kind: 'handler', topic: stream.topic, message: String(error?.message ?? error), error });
            }
        }
    }

    #statusOf(stream) {
        const receiving = this.#state === 'open' || this.#state === 'fallback';
        if (!receiving || stream.gapped || stream.error || stream.pollFailing) {
            return 'out_of_sync';
        }
        if (stream.resetting || stream.awaitingReplay) {
            return 'syncing';
        }
        return 'synced';
    }

    // ----- acks -------------------------------------------------------------------------------

    #sendAck(topic, seq) {
        if (this.#wsReady()) {
            this.#send(this.#conn, { type: 'ack', topic, seq }, () => {
                this.#stats.acksSent += 1;
            });
        } else if (this.#state === 'fallback') {
            this.#stats.acksSent += 1;
            this.#http('POST', `/api/v1/clients/${encodeURIComponent(this.clientId)}/acks`, { body: { topic, seq } })
                .catch((error) => this.#log('fallback ack failed', error));
        }
    }

    // ----- publishing -------------------------------------------------------------------------

    #flushPublishes() {
        if (this.#wsReady()) {
            this.#pump(this.#conn);
        } else if (this.#state === 'fallback') {
            this.#flushHttpPublishes();
        }
    }

    #writePublish(conn, entry) {
        conn.pacer.take();
        if (!this.#write(conn, publishFrame(entry.topic, entry.payload, entry.clientMsgId))) {
            return false;
        }
        entry.sentOn = conn;
        entry.sentAt = this.#env.now();
        entry.sentAs = ++conn.publishSerial;
        entry.sends += 1;
        this.#armReceiptTimer(conn);
        return true;
    }

    /** When a publish sent on `conn` counts as unanswered: no receipt at all for `receiptTimeoutMs`. */
    #receiptDeadline(conn, entry) {
        return Math.max(entry.sentAt, conn.lastReceiptAt) + this.options.receiptTimeoutMs;
    }

    /**
     * Wakes up when publishes sent on `conn` have had no receipt, theirs or any other's, for
     * `receiptTimeoutMs`: the server runs a connection's publishes one after the other, so while
     * receipts keep coming the later ones are only waiting their turn.
     */
    #armReceiptTimer(conn) {
        if (conn.receiptTimer !== null) {
            return;
        }
        let first = Infinity;
        for (const entry of this.#publishes.entries()) {
            if (entry.sentOn === conn) {
                first = Math.min(first, this.#receiptDeadline(conn, entry));
            }
        }
        if (first === Infinity) {
            return;
        }
        conn.receiptTimer = this.#later(conn, () => {
            conn.receiptTimer = null;
            const now = this.#env.now();
            for (const entry of this.#publishes.entries()) {
                if (entry.sentOn === conn && now >= this.#receiptDeadline(conn, entry)) {
                    // dropped on the way (over the rate), or the server is slow: the same id again
                    this.#retryPublish(entry, new SurewireError('timeout',
                        `surewire: no receipt for the publish to ${entry.topic} after ${entry.sends} sends`
                        + ` (${this.options.receiptTimeoutMs} ms each); it may or may not have been committed,`
                        + ' and publishing it again with the same clientMsgId is safe',
                        { topic: entry.topic, clientMsgId: entry.clientMsgId }), 0);
                }
            }
            this.#armReceiptTimer(conn);
            this.#pump(conn);
        }, Math.max(0, first - this.#env.now()));
    }

    /**
     * A publish is sent again, with its id, after `delayMs`; once it has been sent again
     * `publishRetryLimit` times it is rejected with `error` instead.
     */
    #retryPublish(entry, error, delayMs) {
        if (entry.retries >= this.options.publishRetryLimit) {
            this.#publishes.reject(entry.clientMsgId, error);
            return;
        }
        entry.retries += 1;
        entry.sentOn = null;
        entry.notBefore = this.#env.now() + delayMs;
    }

    #onReceipt(frame) {
        const entry = this.#publishes.resolve(frame.client_msg_id, {
            topic: frame.topic, seq: frame.seq, duplicate: Boolean(frame.duplicate), client_msg_id: frame.client_msg_id,
        });
        if (!entry) {
            return; // a second receipt (the publish was sent again), or not ours
        }
        this.#stats.receipts += 1;
        this.emit('receipt', frame);
        const conn = this.#conn;
        if (conn && entry.sentOn === conn) {
            conn.lastReceiptAt = this.#env.now();
            // the server runs a connection's publishes in order: one sent before this one and still
            // unanswered never arrived (dropped over the rate); it goes again, not as a retry
            for (const skipped of this.#publishes.entries()) {
                if (skipped.sentOn === conn && skipped.sentAs < entry.sentAs) {
                    this.#log(`publish ${skipped.clientMsgId} was skipped by the server: sending it again`);
                    skipped.sentOn = null;
                }
            }
            this.#pump(conn); // room in the window, and what was skipped
        }
    }

    /**
     * Publishes over HTTP one after the other (order kept). A failure waits: a publish refused with
     * a 5xx, 408 or 429, or left without an answer for `httpTimeoutMs`, is sent again like a
     * WebSocket publish (`publishRetryMs` × its retry, at most `publishRetryLimit` times); a request
     * that did not reach the server at all waits like a failed poll, without using up a retry.
     */
    async #flushHttpPublishes() {
        if (this.#httpFlushing) {
            return;
        }
        this.#httpFlushing = true;
        const later = (ms) => {
            this.#env.clearTimeout(this.#httpRetryTimer);
            this.#httpRetryTimer = this.#env.setTimeout(() => this.#flushPublishes(), ms);
        };
        try {
            for (;;) {
                if (this.#state !== 'fallback') {
                    return;
                }
                const entry = this.#publishes.entries().find((e) => !e.inflight);
                if (!entry) {
                    return;
                }
                if (this.#rejectIfExpired(entry)) {
                    continue;
                }
                const wait = entry.notBefore - this.#env.now();
                if (wait > 0) {
                    later(wait);
                    return;
                }
                const outcome = await this.#httpPublish(entry);
                if (outcome.waitMs !== undefined) {
                    later(outcome.waitMs);
                    return;
                }
            }
        } finally {
            this.#httpFlushing = false;
        }
    }

    /** @returns {Promise<{waitMs?: number}>} `waitMs` when the queue should wait before going on */
    async #httpPublish(entry) {
        entry.inflight = true;
        entry.sends += 1;
        try {
            // Surewire-Client-Id puts the key in this client's client_msg_id scope: a publish first
            // sent over the WebSocket (receipt lost) and sent again here is still appended once
            const res = await this.#http('POST', `/api/v1/topics/${topicPath(entry.topic)}/events`, {
                body: entry.payload, headers: { 'Idempotency-Key': entry.clientMsgId, 'Surewire-Client-Id': this.clientId },
                timeoutMs: this.options.httpTimeoutMs,
            });
            this.#httpFailures = 0;
            if (res.status === 201 || res.status === 200) {
                const body = res.body ?? {};
                this.#stats.receipts += 1;
                this.#publishes.resolve(entry.clientMsgId, {
                    topic: body.topic ?? entry.topic, seq: body.seq, epoch: body.epoch, id: body.id,
                    duplicate: Boolean(body.duplicate), client_msg_id: entry.clientMsgId,
                });
                this.emit('receipt', { ...body, client_msg_id: entry.clientMsgId });
                return {};
            }
            const refusal = res.status === 403
                ? publishForbidden(entry, res.body?.message, { status: 403 })
                : new SurewireError(res.body?.code ?? `http_${res.status}`,
                    res.body?.message ?? `publish refused with HTTP ${res.status}`,
                    { status: res.status, topic: entry.topic, clientMsgId: entry.clientMsgId });
            if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
                this.#publishes.reject(entry.clientMsgId, refusal);
                return {};
            }
            return this.#retryHttpPublish(entry, refusal);
        } catch (error) {
            if (error?.code === 'unauthorized') {
                return {}; // the client stopped; the publish waits for the next connect()
            }
            if (error?.code === 'timeout') {
                return this.#retryHttpPublish(entry, new SurewireError('timeout',
                    `surewire: the publish to ${entry.topic} got no answer within ${this.options.httpTimeoutMs} ms`
                    + ` (${entry.sends} sends); it may or may not have been committed, and publishing it again`
                    + ' with the same clientMsgId is safe', { topic: entry.topic, clientMsgId: entry.clientMsgId }));
            }
            this.#log('fallback publish failed', error);
            this.#httpFailures += 1;
            const delay = Math.min(this.options.pollRetryMaxMs, this.options.pollRetryMs * 2 ** (this.#httpFailures - 1));
            return { waitMs: jitterDelay(delay, 0.2, this.#env.random) };
        } finally {
            entry.inflight = false;
            if (this.#wsReady() && this.#publishes.get(entry.clientMsgId)) {
                this.#flushPublishes(); // the WebSocket came back meanwhile: it takes over
            }
        }
    }

    #retryHttpPublish(entry, error) {
        const delay = jitterDelay(this.options.publishRetryMs * (entry.retries + 1), 0.2, this.#env.random);
        this.#retryPublish(entry, error, delay);
        return this.#publishes.get(entry.clientMsgId) ? { waitMs: delay } : {};
    }

    /**
     * An `error` frame. A frame dropped over the rate is named (`refused_type`, `topic`,
     * `request_id`): the pacer slows down and the frame is sent again after the server's second.
     * `unavailable` on a publish, subscribe or resync is tried again with backoff.
     */
    #onServerError(frame) {
        const requestId = frame.request_id;
        const conn = this.#conn;
        const overRate = frame.code === 'rate_limited' && typeof frame.refused_type === 'string';
        if (overRate) {
            conn?.pacer?.slowDown();
        }
        const entry = requestId ? this.#publishes.get(requestId) : undefined;
        if (entry) {
            this.#publishRefused(entry, frame, overRate);
            return;
        }
        const stream = requestId
            ? [...this.#streams.values()].find((s) => s.subscribeRequestId === requestId || s.resyncRequestId === requestId)
            : undefined;
        let retrying = false;
        if (stream) {
            const kind = stream.subscribeRequestId === requestId ? 'subscribe' : 'resync';
            if (overRate || frame.code === 'unavailable') {
                this.#topicRequestFailed(stream, kind, { code: frame.code, message: frame.message }, overRate ? RATE_WINDOW_MS : 0);
                return; // reported there
            }
            if (frame.code === 'forbidden') {
                this.#topicForbidden(stream, kind, frame.message, requestId);
                return; // reported there
            }
            if (kind === 'subscribe') {
                this.#cancel(conn, stream.requestTimer);
                stream.requestTimer = null;
                stream.error = { kind, code: frame.code, message: frame.message, retrying: false, attempt: 1, retryAt: null };
                stream.awaitingReplay = false;
                this.#updateStatus(stream);
            } else {
                // a resync refused for good: the whole position is asked again instead
                stream.resyncRequestId = null;
                this.#sendSubscribe(stream, { retry: true });
            }
        } else if (overRate && frame.topic && conn) {
            retrying = this.#resendLater(conn, frame.refused_type, frame.topic);
        } else if (requestId && frame.code === 'not_subscribed'
            && [...this.#unsubscribing.values()].some((u) => u.requestId === requestId)) {
            return; // an unsubscribe sent again after the first one had arrived
        }
        this.#reportError({
            kind: 'server', code: frame.code, message: frame.message, request_id: requestId, topic: stream?.topic ?? frame.topic,
            refused_type: frame.refused_type, retrying,
        });
    }

    /** An ack or unsubscribe of `topic` dropped over the rate goes out again after the server's second. */
    #resendLater(conn, type, topic) {
        if (type === 'ack') {
            this.#later(conn, () => {
                this.#acks.resend(topic);
                this.#acks.flush();
            }, RATE_WINDOW_MS);
            return true;
        }
        if (type === 'unsubscribe') {
            this.#later(conn, () => {
                if (this.#unsubscribing.has(topic) && !this.#streams.has(topic) && this.#wsReady()) {
                    this.#sendUnsubscribe(topic);
                }
            }, RATE_WINDOW_MS);
            return true;
        }
        return false; // a ping is counted lost, a pong needed only to arrive
    }

    #publishRefused(entry, frame, overRate) {
        const error = frame.code === 'forbidden'
            ? publishForbidden(entry, frame.message)
            : new SurewireError(frame.code ?? 'refused', frame.message ?? 'publish refused',
                { topic: entry.topic, clientMsgId: entry.clientMsgId });
        if (!RETRYABLE_PUBLISH_ERRORS.has(frame.code)) {
            this.#publishes.reject(entry.clientMsgId, error);
            return;
        }
        const delay = jitterDelay(this.options.publishRetryMs * (entry.retries + 1), 0.2, this.#env.random);
        this.#retryPublish(entry, error, overRate ? Math.max(RATE_WINDOW_MS, delay) : delay);
        if (this.#conn) {
            this.#pump(this.#conn);
        }
    }

    // ----- fallback ---------------------------------------------------------------------------

    #enterFallback(reason) {
        if (!this.#env.fetch) {
            this.#fail({ code: null, reason: `${reason}; no fetch for the HTTP fallback`, class: 'network' });
            return;
        }
        this.#conn = null;
        this.#clearTimer('reconnect');
        this.#acks.forget();
        this.#httpTokenStale = true; // with getToken, the first request asks for a fresh token
        this.#setState('fallback', reason);
        const generation = ++this.#pollGeneration;
        for (const stream of this.#streams.values()) {
            this.#startPoll(stream, generation);
        }
        this.#flushPublishes();
        this.#scheduleProbe();
    }

    /** Back to the WebSocket: the last HTTP acks go out, the polls stop. */
    #leaveFallback() {
        this.#acks.flush();
        this.#acks.forget();
        this.#clearTimer('probe');
        this.#stopPolling();
    }

    #stopPolling() {
        this.#pollGeneration += 1;
        for (const controller of this.#pollControllers) {
            controller.abort();
        }
        this.#pollControllers.clear();
        this.#env.clearTimeout(this.#httpRetryTimer);
        for (const stream of this.#streams.values()) {
            stream.pollFailing = false;
        }
    }

    #scheduleProbe() {
        if (this.options.transport !== 'auto' || !this.#env.WebSocket || this.#state !== 'fallback') {
            return;
        }
        this.#clearTimer('probe');
        this.#probeTimer = this.#env.setTimeout(() => {
            this.#probeTimer = null;
            if (this.#state === 'fallback' && !this.#probe) {
                this.#openSocket('probe');
            }
        }, this.options.fallbackProbeMs);
    }

    #startPoll(stream, generation = this.#pollGeneration) {
        stream.pollController?.abort();
        stream.reposition();
        stream.error = null; // what the WebSocket was refused does not hold for the polls
        stream.subscribeRetry = stream.resyncRetry = null;
        stream.awaitingReplay = true;
        const token = {};
        stream.pollToken = token;
        this.#updateStatus(stream);
        this.#pollLoop(stream, generation, token).catch((error) => {
            this.#reportError({ kind: 'poll', topic: stream.topic, message: String(error?.message ?? error), error });
        });
    }

    /** Long-polls one topic while the client is in fallback with this generation. */
    async #pollLoop(stream, generation, token) {
        const active = () => this.#pollGeneration === generation && this.#state === 'fallback'
            && this.#streams.get(stream.topic) === stream && stream.pollToken === token;
        let failures = 0;
        const pause = async (reason) => {
            failures += 1;
            stream.pollFailing = true;
            this.#updateStatus(stream);
            this.#log(`poll of ${stream.topic} failed (${reason})`);
            const delay = Math.min(this.options.pollRetryMaxMs, this.options.pollRetryMs * 2 ** (failures - 1));
            await new Promise((resolve) => this.#env.setTimeout(resolve, jitterDelay(delay, 0.2, this.#env.random)));
        };
        while (active()) {
            if (stream.resetting) {
                await stream.resetDone;
                continue;
            }
            const controller = this.#env.AbortController ? new this.#env.AbortController() : null;
            stream.pollController = controller;
            if (controller) {
                this.#pollControllers.add(controller);
            }
            // until the topic is caught up the server answers at once (wait=0), then it long-polls
            const catchingUp = stream.awaitingReplay || stream.gapped;
            let res;
            try {
                const wait = catchingUp ? 0 : this.options.pollWaitSeconds;
                res = stream.lastSeq === null
                    ? await this.#http('GET', `/api/v1/topics/${topicPath(stream.topic)}`, { signal: controller?.signal })
                    : await this.#http('GET', `/api/v1/topics/${topicPath(stream.topic)}/events?since=${stream.lastSeq}`
                        + `&wait=${wait}&limit=${this.options.pollLimit}`,
                    // a long-poll may take its wait; the timeout counts after it
                    { signal: controller?.signal, timeoutMs: wait * 1000 + this.options.httpTimeoutMs });
            } catch (error) {
                if (!active()) {
                    return;
                }
                await pause(String(error?.message ?? error));
                continue;
            } finally {
                this.#pollControllers.delete(controller);
            }
            if (!active()) {
                return;
            }
            this.#stats.polls += 1;
            if (res.status === 200 && stream.lastSeq === null) {
                // no position: start at the topic's end, as a WebSocket subscribe without cursor does
                stream.lastSeq = res.body?.last_seq ?? 0;
                if (!stream.epoch && res.body?.epoch) {
                    stream.epoch = res.body.epoch;
                }
            } else if (res.status === 200) {
                failures = 0;
                stream.pollFailing = false;
                for (const event of res.body?.events ?? []) {
                    this.#acceptEvent(stream, event);
                }
                if (!stream.gapped && stream.lastSeq !== null && stream.lastSeq >= (res.body?.last_seq ?? 0)) {
                    stream.awaitingReplay = false;
                }
                this.#updateStatus(stream);
            } else if (res.status === 409 && res.body?.last_seq !== undefined) {
                failures = 0;
                stream.pollFailing = false;
                await this.#handleReset(stream, { type: 'reset', topic: stream.topic, ...res.body });
            } else if (res.status === 403) {
                this.#topicForbidden(stream, 'poll', res.body?.message ?? 'HTTP 403');
                return;
            } else if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
                stream.error = { code: res.body?.code ?? `http_${res.status}`, message: res.body?.message ?? `HTTP ${res.status}` };
                this.#updateStatus(stream);
                this.#reportError({ kind: 'poll', topic: stream.topic, ...stream.error });
                return;
            } else {
                await pause(`HTTP ${res.status}`);
            }
        }
    }

    /**
     * One JSON request to the server's HTTP API with the client's token. A 401 with `getToken` gets a
     * fresh token and is sent once more; a 401 after that, or without `getToken`, is terminal for
     * the client (in `fallback`) and rejects with `unauthorized`. A token `getToken` cannot give
     * rejects with `token_unavailable`, as a request that did not reach the server.
     * @returns {Promise<{status: number, body: any}>}
     */
    async #http(method, path, request = {}) {
        // without getToken the request goes out at once (no await before it)
        let token = this.options.getToken ? await this.#httpToken() : this.options.token || null;
        let res = await this.#request(method, path, request, token);
        if (res.status === 401 && this.options.getToken) {
            if (this.#token === token) {
                this.#httpTokenStale = true; // else another request has renewed it meanwhile
            }
            token = await this.#httpToken();
            res = await this.#request(method, path, request, token);
        }
        if (res.status === 401) {
            throw this.#unauthorized(res);
        }
        return res;
    }

    /** With `getToken`, the token of the next HTTP request: a fresh one when it is stale. */
    async #httpToken() {
        if (this.#httpTokenStale || this.#token === null) {
            const refresh = this.#refreshToken();
            try {
                await refresh;
            } catch (error) {
                if (this.#tokenFailureReported !== refresh) {
                    this.#tokenFailureReported = refresh; // one report for every request that waited on it
                    this.#reportError({
                        kind: 'connection', class: 'token', code: null, terminal: false, retrying: true, error,
                        message: `no token for the HTTP fallback: ${error.message}; its requests are tried again later`,
                    });
                }
                throw error;
            }
        }
        return this.#token;
    }

    /**
     * The server refused the token over HTTP for good: terminal for the client while it polls.
     * @returns {SurewireError} the `unauthorized` error the request rejects with
     */
    #unauthorized(res) {
        const said = res.body?.message ? ` (the server said: ${res.body.message})` : '';
        const reason = this.options.getToken
            ? `the server refused the token over HTTP (401) again after getToken gave a fresh one${said}; the client stops`
            : `the server refused the token over HTTP (401): ${this.options.token ? 'expired, forged, or not for this client_id'
                : 'it needs one and the client has none (pass the token or getToken option)'}${said}; the client stops`;
        if (this.#state === 'fallback') {
            this.#fail({ code: 401, reason, class: 'handshake' });
        }
        return new SurewireError('unauthorized', `surewire: ${reason}`, { status: 401 });
    }

    /**
     * One JSON request, aborted after `timeoutMs` (then it rejects with a `timeout`
     * {@link SurewireError}) or when `signal` aborts.
     * @returns {Promise<{status: number, body: any}>}
     */
    async #request(method, path, { body, headers = {}, signal, timeoutMs = this.options.httpTimeoutMs } = {}, token = null) {
        if (signal?.aborted) {
            throw new SurewireError('aborted', `surewire: ${method} ${path} was aborted`); // while it waited for a token
        }
        const init = { method, headers: { Accept: 'application/json', ...headers }, signal };
        if (body !== undefined) {
            init.headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(body);
        }
        if (token) {
            init.headers.Authorization = `Bearer ${token}`;
        }
        let timedOut = false;
        let timer = null;
        const Controller = this.#env.AbortController;
        if (Controller && timeoutMs > 0) {
            const controller = new Controller();
            if (signal?.aborted) {
                controller.abort();
            }
            signal?.addEventListener?.('abort', () => controller.abort(), { once: true });
            timer = this.#env.setTimeout(() => {
                timedOut = true;
                controller.abort();
            }, timeoutMs);
            init.signal = controller.signal;
        }
        try {
            const response = await this.#env.fetch(this.endpoints.http + path, init);
            let parsed = null;
            try {
                const text = await response.text();
                parsed = text ? JSON.parse(text) : null;
            } catch {
                parsed = null;
            }
            if (timedOut) {
                throw new Error('timed out');
            }
            return { status: response.status, body: parsed };
        } catch (error) {
            if (timedOut) {
                throw new SurewireError('timeout', `surewire: no answer within ${timeoutMs} ms to ${method} ${path}`);
            }
            throw error;
        } finally {
            this.#env.clearTimeout(timer);
        }
    }

    // ----- reporting --------------------------------------------------------------------------

    #reportError(error) {
        this.#lastError = { ...error, at: this.#env.now() };
        this.#log('error', error);
        this.emit('error', error);
    }

    #listenerFailed(error, type) {
        this.#log(`a '${type}' listener threw`, error);
        if (type !== 'error') {
            this.#reportError({ kind: 'listener', event: type, message: String(error?.message ?? error), error });
        }
    }

    #log(...args) {
        const { debug } = this.options;
        if (typeof debug === 'function') {
            debug(...args);
        } else if (debug) {
            globalThis.console?.debug('[surewire]', ...args);
        }
    }

    #assertAlive() {
        if (this.#destroyed) {
            throw new SurewireError('destroyed', 'surewire: the client was destroyed');
        }
    }
}

/** The `forbidden` error of a publish the token does not allow; it is never sent again. */
function publishForbidden(entry, serverMessage, details = {}) {
    const said = serverMessage ? ` (the server said: ${serverMessage})` : '';
    return new SurewireError('forbidden',
        `surewire: the token does not allow publishing to ${entry.topic} (forbidden)${said}; the publish is not sent again`,
        { topic: entry.topic, clientMsgId: entry.clientMsgId, ...details });
}

/** `token` and `getToken` exclude each other; `getToken` must be a function. */
function checkTokenOptions({ token, getToken }) {
    if (getToken === undefined || getToken === null) {
        return;
    }
    if (typeof getToken !== 'function') {
        throw new TypeError(`surewire: getToken must be a function returning a token or a promise of one, not ${typeof getToken}`);
    }
    if (token !== undefined && token !== null) {
        throw new TypeError("surewire: pass either 'token' (a fixed token) or 'getToken' (a fresh one for every connection), not both");
    }
}

/** What a value is, for a message that must never show a token. */
function describeValue(value) {
    if (value === null || value === undefined) {
        return String(value);
    }
    if (value === '') {
        return 'an empty string';
    }
    const type = Array.isArray(value) ? 'array' : typeof value;
    return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** The `publish` frame of a payload; its `request_id` is the `client_msg_id`, so errors name the publish. */
function publishFrame(topic, payload, clientMsgId) {
    return { type: 'publish', topic, payload, client_msg_id: clientMsgId, request_id: clientMsgId };
}

function positiveInteger(value) {
    return Number.isInteger(value) && value > 0 ? value : null;
}

function positionFrom(result, fallback) {
    if (Number.isInteger(result) && result >= 0) {
        return result;
    }
    if (result && Number.isInteger(result.last_seq) && result.last_seq >= 0) {
        return result.last_seq;
    }
    return fallback;
}

function describeClose(code, cls) {
    const known = {
        1000: 'normal closure', 1001: 'server going away', 1006: 'connection lost without a close frame',
        1009: 'frame too big', 1011: 'server error', 1012: 'closed by the server: reconnect',
        4400: 'unsupported protocol version', 4401: 'invalid role',
        4402: 'invalid client_id', 4403: 'missing or invalid token', 4408: 'heartbeat or ack timeout',
        4409: 'superseded by a newer connection with the same client_id', 4429: 'too many requests or slow consumer',
        4500: 'server error during handshake',
    };
    return known[code] ?? (cls === 'network' ? 'could not connect' : `closed (${code ?? 'no code'})`);
}

function truncate(text, max) {
    return text && text.length > max ? text.slice(0, max) : text ?? '';
}

function defaultUuid() {
    if (typeof globalThis.crypto?.randomUUID === 'function') {
        return () => globalThis.crypto.randomUUID();
    }
    return () => makeUuid();
}

/** The browser environment, or what the options inject in its place. */
function environment(options) {
    const g = globalThis;
    let storage = options.storage;
    if (storage === undefined) {
        try {
            storage = g.localStorage;
        } catch {
            storage = null; // access itself can throw (sandboxed frames)
        }
    }
    const timers = options.timers ?? {};
    return {
        WebSocket: 'WebSocket' in options ? options.WebSocket : g.WebSocket,
        fetch: 'fetch' in options ? options.fetch : (g.fetch ? g.fetch.bind(g) : undefined),
        AbortController: 'AbortController' in options ? options.AbortController : g.AbortController,
        setTimeout: timers.setTimeout ?? ((fn, ms) => g.setTimeout(fn, ms)),
        clearTimeout: timers.clearTimeout ?? ((id) => g.clearTimeout(id)),
        now: options.now ?? (() => Date.now()),
        random: options.random ?? Math.random,
        storage,
        location: 'location' in options ? options.location : g.location,
        document: 'document' in options ? options.document : g.document,
        window: 'window' in options ? options.window : g.window,
    };
}

// ---------------------------------------------------------------------------------------------
// Diagnostics panel
// ---------------------------------------------------------------------------------------------

const DIAG_CSS = `
.sw-diag{all:initial;position:fixed;right:12px;bottom:12px;z-index:2147483000;width:380px;max-height:70vh;
overflow:auto;box-sizing:border-box;padding:10px 12px;background:#101418;color:#e6e6e6;border:1px solid #3a4450;
border-radius:6px;box-shadow:0 4px 18px rgba(0,0,0,.4);font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.sw-diag *{box-sizing:border-box;font:inherit;color:inherit;margin:0;padding:0;border:0;background:none;text-align:left}
.sw-diag h2{font-weight:bold;font-size:13px;display:flex;gap:8px;align-items:center;margin-bottom:6px}
.sw-diag [data-testid=sw-diag-close]{margin:0 0 0 auto}
.sw-diag h3{font-weight:bold;margin:8px 0 2px;color:#9fb3c8}
.sw-diag dl{display:grid;grid-template-columns:auto 1fr;gap:0 10px}
.sw-diag dt{color:#9fb3c8}
.sw-diag table{width:100%;border-collapse:collapse}
.sw-diag td,.sw-diag th{padding:1px 4px;border-bottom:1px solid #27303a}
.sw-diag th{color:#9fb3c8;font-weight:normal}
.sw-diag ol{list-style:none}
.sw-diag li{border-bottom:1px solid #27303a;padding:1px 0}
.sw-diag button{cursor:pointer;padding:3px 8px;margin:0 4px 4px 0;border:1px solid #4a5868;border-radius:4px;background:#1c232b}
.sw-diag button:hover{background:#2a3440}
.sw-diag [data-state=open],.sw-diag [data-status=synced],.sw-diag [data-level=excellent],.sw-diag [data-level=good]{color:#6fd08c}
.sw-diag [data-state=connecting],.sw-diag [data-state=reconnecting],.sw-diag [data-state=fallback],.sw-diag [data-status=syncing],.sw-diag [data-level=fair]{color:#f0c05a}
.sw-diag [data-state=failed],.sw-diag [data-status=out_of_sync],.sw-diag [data-level=poor],.sw-diag [data-level=critical],.sw-diag .sw-diag-bad{color:#ff7b72}
`;

/**
 * The diagnostics overlay of one client: state, quality, counters, recent attempts with their
 * error class, topics with seq and sync status, and connect / disconnect / reconnect / ping
 * buttons. Elements carry stable `data-testid`s (`sw-diag`, `sw-diag-state`, …).
 */
export class DiagnosticsPanel {
    /**
     * @param {SurewireClient} client
     * @param {{document?: Document, window?: Window, refreshMs?: number}} [options]
     */
    constructor(client, options = {}) {
        this.client = client;
        this.document = options.document ?? globalThis.document;
        this.window = options.window ?? globalThis.window ?? globalThis;
        if (!this.document) {
            throw new TypeError('surewire: the diagnostics panel needs a document');
        }
        this.refreshMs = options.refreshMs ?? 1000;
        this.root = null;
        this.pingResult = '';
        this.#offs = ['state', 'attempt', 'sync', 'quality', 'error', 'reset', 'replayed', 'receipt', 'event', 'open', 'close']
            .map((type) => client.on(type, () => this.#scheduleRender()));
    }

    #offs;
    #renderTimer = null;
    #refreshTimer = null;

    /** Whether the panel is shown. */
    get isOpen() {
        return this.root !== null;
    }

    /** Shows the panel. */
    open() {
        if (this.root) {
            return;
        }
        ensureStyle(this.document);
        this.root = this.#build();
        this.document.body.appendChild(this.root);
        this.render();
        this.#refreshTimer = this.window.setInterval?.(() => this.render(), this.refreshMs) ?? null;
    }

    /** Hides the panel. */
    close() {
        if (!this.root) {
            return;
        }
        this.root.remove();
        this.root = null;
        if (this.#refreshTimer !== null) {
            this.window.clearInterval?.(this.#refreshTimer);
            this.#refreshTimer = null;
        }
    }

    /** Shows or hides the panel. */
    toggle() {
        if (this.root) {
            this.close();
        } else {
            this.open();
        }
    }

    /** Hides the panel and stops listening to the client. */
    destroy() {
        this.close();
        this.#offs.forEach((off) => off());
        this.#offs = [];
        if (this.#renderTimer !== null) {
            this.window.clearTimeout?.(this.#renderTimer);
        }
        if (this.client.diagnostics === this) {
            this.client.diagnostics = null;
        }
    }

    #scheduleRender() {
        if (!this.root || this.#renderTimer !== null) {
            return;
        }
        const schedule = this.window.setTimeout?.bind(this.window);
        if (!schedule) {
            this.render();
            return;
        }
        this.#renderTimer = schedule(() => {
            this.#renderTimer = null;
            this.render();
        }, 50);
    }

    #build() {
        const h = (tag, testid, text) => {
            const el = this.document.createElement(tag);
            if (testid) {
                el.setAttribute('data-testid', testid);
            }
            if (text !== undefined) {
                el.textContent = text;
            }
            return el;
        };
        const root = h('div', 'sw-diag');
        root.setAttribute('class', 'sw-diag');
        root.setAttribute('role', 'region');
        root.setAttribute('aria-label', 'Surewire diagnostics');

        const title = h('h2');
        title.appendChild(h('span', null, 'Surewire '));
        this.stateEl = h('span', 'sw-diag-state');
        title.appendChild(this.stateEl);
        const closeButton = h('button', 'sw-diag-close', '×');
        closeButton.setAttribute('type', 'button');
        closeButton.setAttribute('aria-label', 'close diagnostics');
        closeButton.addEventListener('click', () => this.close());
        title.appendChild(closeButton);
        root.appendChild(title);

        const buttons = h('div', 'sw-diag-actions');
        const button = (testid, label, action) => {
            const b = h('button', testid, label);
            b.setAttribute('type', 'button');
            b.addEventListener('click', () => {
                try {
                    action();
                } catch (error) {
                    this.pingResult = `${label} failed: ${error?.message ?? error}`;
                }
                this.render();
            });
            buttons.appendChild(b);
        };
        button('sw-diag-connect', 'connect', () => this.client.connect());
        button('sw-diag-disconnect', 'disconnect', () => this.client.disconnect());
        button('sw-diag-reconnect', 'reconnect', () => this.client.reconnectNow());
        button('sw-diag-ping', 'ping', () => this.#ping());
        root.appendChild(buttons);
        this.pingEl = h('div', 'sw-diag-ping-result');
        root.appendChild(this.pingEl);

        this.infoEl = h('dl', 'sw-diag-info');
        root.appendChild(this.infoEl);
        root.appendChild(h('h3', null, 'quality'));
        this.qualityEl = h('dl', 'sw-diag-quality');
        root.appendChild(this.qualityEl);
        root.appendChild(h('h3', null, 'counters'));
        this.statsEl = h('dl', 'sw-diag-stats');
        root.appendChild(this.statsEl);
        root.appendChild(h('h3', null, 'topics'));
        this.topicsEl = h('table', 'sw-diag-topics');
        root.appendChild(this.topicsEl);
        root.appendChild(h('h3', null, 'recent attempts'));
        this.attemptsEl = h('ol', 'sw-diag-attempts');
        root.appendChild(this.attemptsEl);
        this.errorEl = h('div', 'sw-diag-error');
        this.errorEl.setAttribute('class', 'sw-diag-bad');
        root.appendChild(this.errorEl);

        return root;
    }

    #ping() {
        this.pingResult = 'ping…';
        this.client.ping().then(
            (rtt) => { this.pingResult = `pong in ${rtt} ms`; this.render(); },
            (error) => { this.pingResult = `ping failed: ${error.message}`; this.render(); },
        );
    }

    /** Redraws the panel from the client's current state. */
    render() {
        if (!this.root) {
            return;
        }
        const c = this.client;
        this.stateEl.textContent = c.state;
        this.stateEl.setAttribute('data-state', c.state);
        this.root.setAttribute('data-state', c.state);

        const hello = c.hello;
        this.#fillList(this.infoEl, [
            ['client id', c.clientId, 'sw-diag-client-id'],
            ['transport', c.transport ?? '—', 'sw-diag-transport'],
            ['session', hello?.session_id ?? '—', 'sw-diag-session'],
            ['failure', c.failure ? `${c.failure.class} ${c.failure.code ?? ''} ${c.failure.reason}` : '—', 'sw-diag-failure'],
        ]);

        const q = c.quality();
        const qualityCells = this.#fillList(this.qualityEl, [
            ['level', q.level, 'sw-diag-quality-level'],
            ['latency', q.latency === null ? '—' : `${q.latency.toFixed(1)} ms`, 'sw-diag-latency'],
            ['jitter', q.jitter === null ? '—' : `${q.jitter.toFixed(1)} ms`, 'sw-diag-jitter'],
            ['loss', `${q.loss.toFixed(1)} %`, 'sw-diag-loss'],
            ['reconnects', String(q.reconnects), 'sw-diag-reconnects'],
            ['uptime', formatDuration(q.uptime), 'sw-diag-uptime'],
        ]);
        qualityCells['sw-diag-quality-level'].setAttribute('data-level', q.level);

        const s = c.stats();
        this.#fillList(this.statsEl, [
            ['frames in/out', `${s.framesIn} / ${s.framesOut}`, 'sw-diag-frames'],
            ['events', String(s.events), 'sw-diag-events'],
            ['duplicates', String(s.duplicates), 'sw-diag-duplicates'],
            ['gaps / resyncs', `${s.gaps} / ${s.resyncs}`, 'sw-diag-gaps'],
            ['resets', String(s.resets), 'sw-diag-resets'],
            ['acks sent', String(s.acksSent), 'sw-diag-acks'],
            ['pings / pongs', `${s.pingsSent} / ${s.pongsReceived}`, 'sw-diag-pings'],
            ['publishes pending', String(s.pendingPublishes), 'sw-diag-pending'],
            ['polls', String(s.polls), 'sw-diag-polls'],
        ]);

        this.#renderTopics(c.topics());
        this.#renderAttempts(c.attempts());
        const error = c.lastError;
        this.errorEl.textContent = error ? `last error: ${error.kind}${error.class ? ` ${error.class}` : ''}${error.code ? ` ${error.code}` : ''} ${error.message ?? ''}` : '';
        this.pingEl.textContent = this.pingResult;
    }

    #fillList(dl, rows) {
        dl.textContent = '';
        const cells = {};
        for (const [label, value, testid] of rows) {
            const dt = this.document.createElement('dt');
            dt.textContent = label;
            const dd = this.document.createElement('dd');
            dd.setAttribute('data-testid', testid);
            dd.textContent = value;
            dl.appendChild(dt);
            dl.appendChild(dd);
            cells[testid] = dd;
        }
        return cells;
    }

    #renderTopics(topics) {
        const t = this.topicsEl;
        t.textContent = '';
        const head = this.document.createElement('tr');
        for (const label of ['topic', 'seq', 'epoch', 'status']) {
            const th = this.document.createElement('th');
            th.textContent = label;
            head.appendChild(th);
        }
        t.appendChild(head);
        for (const topic of topics) {
            const row = this.document.createElement('tr');
            row.setAttribute('data-testid', 'sw-diag-topic');
            row.setAttribute('data-topic', topic.topic);
            row.setAttribute('data-seq', String(topic.lastSeq ?? ''));
            row.setAttribute('data-status', topic.status);
            if (topic.error) {
                row.setAttribute('data-error', topic.error.code);
                row.setAttribute('data-retrying', String(Boolean(topic.error.retrying)));
            }
            const problem = !topic.error ? ''
                : topic.error.retrying ? ` (${topic.error.code}, retry ${topic.error.attempt})` : ` (${topic.error.code})`;
            const cells = [topic.topic, topic.lastSeq ?? '—', topic.epoch || '—',
                topic.status + (topic.held ? ` (${topic.held} held)` : '') + problem];
            cells.forEach((value, i) => {
                const td = this.document.createElement('td');
                td.textContent = String(value);
                if (i === 3) {
                    td.setAttribute('data-status', topic.status);
                }
                row.appendChild(td);
            });
            t.appendChild(row);
        }
    }

    #renderAttempts(attempts) {
        const list = this.attemptsEl;
        list.textContent = '';
        for (const a of [...attempts].reverse()) {
            const li = this.document.createElement('li');
            li.setAttribute('data-testid', 'sw-diag-attempt');
            li.setAttribute('data-outcome', a.outcome);
            if (a.class) {
                li.setAttribute('data-class', a.class);
            }
            const when = new Date(a.startedAt).toISOString().slice(11, 19);
            const end = a.class ? ` → ${a.class}${a.code ? ` ${a.code}` : ''}${a.reason ? `: ${a.reason}` : ''}` : '';
            li.textContent = `#${a.n} ${when} ${a.kind} ${a.outcome}${end}`;
            list.appendChild(li);
        }
    }
}

function ensureStyle(doc) {
    if (doc.querySelector?.('style[data-sw-diag-style]')) {
        return;
    }
    const style = doc.createElement('style');
    style.setAttribute('data-sw-diag-style', '');
    style.textContent = DIAG_CSS;
    (doc.head ?? doc.body).appendChild(style);
}

function formatDuration(ms) {
    if (!ms) {
        return '—';
    }
    const s = Math.floor(ms / 1000);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return h ? `${h}h ${m}m ${s % 60}s` : m ? `${m}m ${s % 60}s` : `${s}s`;
}

/**
 * Attaches a diagnostics panel to `client` (once; later calls return the same panel) and, unless
 * `keyboard: false`, toggles it with Ctrl+Shift+W.
 * @param {SurewireClient} client
 * @param {{document?: Document, window?: Window, open?: boolean, keyboard?: boolean, refreshMs?: number}} [options]
 * @returns {DiagnosticsPanel}
 */
export function attachDiagnostics(client, options = {}) {
    if (client.diagnostics) {
        if (options.open) {
            client.diagnostics.open();
        }
        return client.diagnostics;
    }
    const panel = new DiagnosticsPanel(client, options);
    client.diagnostics = panel;
    if (options.keyboard !== false && panel.window?.addEventListener) {
        const onKey = (event) => {
            if (event.ctrlKey && event.shiftKey && (event.code === 'KeyW' || event.key === 'W' || event.key === 'w')) {
                event.preventDefault?.();
                panel.toggle();
            }
        };
        panel.window.addEventListener('keydown', onKey);
        const destroy = panel.destroy.bind(panel);
        panel.destroy = () => {
            panel.window.removeEventListener?.('keydown', onKey);
            destroy();
        };
    }
    if (options.open) {
        panel.open();
    }
    return panel;
}

/** Whether the page asks for the panel: `?wsDebug=1` (or `true`). */
export function diagnosticsRequested(location) {
    try {
        const value = new URL(location.href).searchParams.get('wsDebug');
        return value === '1' || value === 'true';
    } catch {
        return false;
    }
}

let autoAttached = false;

/** The first client of a page gets the panel: open at once with `?wsDebug=1`, else on Ctrl+Shift+W. */
function autoAttachDiagnostics(client, env, forceOpen) {
    if (autoAttached && !forceOpen) {
        return;
    }
    autoAttached = true;
    attachDiagnostics(client, {
        document: env.document,
        window: env.window,
        open: forceOpen || (env.location ? diagnosticsRequested(env.location) : false),
    });
}

/** For tests: lets the next client auto-attach again. */
export function resetDiagnosticsAutoAttach() {
    autoAttached = false;
}
