/**
 * The client: one connection and its state machine — the WebSocket attempts, reconnection with
 * backoff, heartbeats and pings, the frames written at the server's pace, the `hello` and
 * `shutdown` of the server, the fallback to HTTP and the probes back — and the public API of
 * {@link SurewireClient}. What happens to topics, publishes, tokens and polls is the business of
 * its collaborators (topics.js, publish.js, token.js, fallback.js), which see the client through
 * a {@link ClientHost}.
 *
 * @module surewire/client
 */

import { Backoff } from './backoff.js';
import { classifyClose, closeAction, describeClose } from './close.js';
import {
    CLIENT_GIVES_UP_CODE, DEFAULT_BACKOFF, DEFAULT_MAX_FRAME_BYTES, DEFAULT_TOPIC_RETRY, PROTOCOL_VERSION, SOCKET_OPEN,
} from './constants.js';
import { autoAttachDiagnostics } from './diagnostics.js';
import { Emitter } from './emitter.js';
import { SurewireError } from './errors.js';
import { HttpApi, LongPoll } from './fallback.js';
import { FramePacer } from './pacing.js';
import { Outbox } from './publish.js';
import { QualityMonitor } from './quality.js';
import { TokenSource, checkTokenOptions } from './token.js';
import { Topics } from './topics.js';
import { buildEndpoints, loadClientId, makeUuid, positiveInteger } from './util.js';

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
 * What a client's collaborators see of it: its environment, options and counters, its state and
 * current connection, each other, and the client's own means to write frames, keep timers with a
 * connection, fail, emit and report.
 * @typedef {object} ClientHost
 * @property {SurewireClient} client
 * @property {ReturnType<typeof environment>} env
 * @property {Record<string, any>} options
 * @property {Record<string, number>} stats
 * @property {() => string} uuid
 * @property {string} clientId
 * @property {{ws: string, http: string}} endpoints
 * @property {import('./constants.js').ConnectionState} state
 * @property {any} conn the main connection (hello received) or the one being opened, or `null`
 * @property {boolean} destroyed
 * @property {{maxFrameBytes: number|null, maxFramesPerSecond: number|null}} serverLimits
 * @property {TokenSource} tokens
 * @property {HttpApi} http
 * @property {LongPoll} polls
 * @property {Topics} topics
 * @property {Outbox} outbox
 * @property {() => boolean} wsReady
 * @property {(conn: any, frame: object, onSent?: () => void) => boolean} send
 * @property {(conn: any, frame: object) => boolean} write
 * @property {(conn: any) => void} pump
 * @property {(conn: any, fn: () => void, ms: number) => unknown} later
 * @property {(conn: any, id: unknown) => void} cancel
 * @property {(info: {code: number|null, reason: string, class: string}) => void} fail
 * @property {(type: string, data?: any) => void} emit
 * @property {(error: Record<string, any>) => void} reportError
 * @property {(...args: any[]) => void} log
 */

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
        /**
         * The diagnostics panel, once {@link attachDiagnostics} gave the client one (`undefined` until then).
         * @type {import('./diagnostics.js').DiagnosticsPanel|null|undefined}
         */
        this.diagnostics; // declares the property for the type check; sets nothing
        this.#env = environment(options);
        this.#uuid = options.uuid ?? defaultUuid();
        /** This client's id (PROTOCOL §1), kept in storage unless given. */
        this.clientId = opts.clientId ?? loadClientId(this.#env.storage, opts.clientIdKey, this.#uuid);
        /** `ws` (the connect URL) and `http` (the REST base). */
        this.endpoints = buildEndpoints(opts.url, this.#env.location,
            { clientId: this.clientId, version: opts.version, role: opts.role, token: opts.token }, opts.httpUrl);
        this.#backoff = new Backoff(opts.backoff, this.#env.random);
        this.#quality = new QualityMonitor({ window: opts.qualityWindow });
        const host = this.#host();
        this.#tokens = new TokenSource(host);
        this.#http = new HttpApi(host);
        this.#polls = new LongPoll(host);
        this.#outbox = new Outbox(host);
        this.#outbox.restore();
        this.#topics = new Topics(host);
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
    /** @type {import('./constants.js').ConnectionState} */
    #state = 'idle';
    /** @type {TokenSource} `token` and `getToken` */
    #tokens;
    /** @type {HttpApi} the REST API, for the fallback */
    #http;
    /** @type {LongPoll} the polls of the fallback */
    #polls;
    /** @type {Outbox} the publishes awaiting their receipt */
    #outbox;
    /** @type {Topics} the subscribed topics and their acks */
    #topics;
    #backoff;
    #quality;
    /** The connection in use (hello received) or being opened. */
    #conn = null;
    /** A WebSocket tried while in fallback. */
    #probe = null;
    #connSerial = 0;
    #reconnectTimer = null;
    #probeTimer = null;
    #shutdown = null;
    #attempts = [];
    #everOpened = false;
    #openedAt = null;
    #reconnects = 0;
    #lastError = null;
    #failure = null;
    #destroyed = false;
    #lastQualityKey = '';
    /** The limits of the last `hello`: `max_frame_bytes`, `max_frames_per_second`. */
    #serverLimits = { maxFrameBytes: null, maxFramesPerSecond: null };
    #stats = {
        framesIn: 0, framesOut: 0, events: 0, duplicates: 0, gaps: 0, resyncs: 0, resets: 0,
        acksSent: 0, published: 0, receipts: 0, pingsSent: 0, pongsReceived: 0, serverPings: 0,
        polls: 0, attempts: 0,
    };

    /**
     * What the client's collaborators (tokens, HTTP API, polls, outbox, topics) see of it.
     * @returns {ClientHost}
     */
    #host() {
        const client = this;
        return {
            client,
            env: this.#env,
            options: this.options,
            stats: this.#stats,
            uuid: this.#uuid,
            get clientId() {
                return client.clientId;
            },
            get endpoints() {
                return client.endpoints;
            },
            get state() {
                return client.#state;
            },
            get conn() {
                return client.#conn;
            },
            get destroyed() {
                return client.#destroyed;
            },
            get serverLimits() {
                return client.#serverLimits;
            },
            get tokens() {
                return client.#tokens;
            },
            get http() {
                return client.#http;
            },
            get polls() {
                return client.#polls;
            },
            get topics() {
                return client.#topics;
            },
            get outbox() {
                return client.#outbox;
            },
            wsReady: () => this.#wsReady(),
            send: (conn, frame, onSent) => this.#send(conn, frame, onSent),
            write: (conn, frame) => this.#write(conn, frame),
            pump: (conn) => this.#pump(conn),
            later: (conn, fn, ms) => this.#later(conn, fn, ms),
            cancel: (conn, id) => this.#cancel(conn, id),
            fail: (info) => this.#fail(info),
            emit: (type, data) => this.emit(type, data),
            reportError: (error) => this.#reportError(error),
            log: (...args) => this.#log(...args),
        };
    }

    // ----- public API -------------------------------------------------------------------------

    /**
     * The connection state: `idle`, `connecting`, `open`, `reconnecting`, `failed` or `fallback`.
     * @returns {import('./constants.js').ConnectionState}
     */
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
        this.#topics.acks.flush();
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
            this.#topics.acks.flush();
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
     * @returns {{topic: string, readonly status: import('./constants.js').SyncStatus, readonly lastSeq: number|null,
     *            unsubscribe(): void}}
     */
    subscribe(topic, options = {}) {
        this.#assertAlive();
        return this.#topics.subscribe(topic, options);
    }

    /** Stops receiving a topic (pending acks of it are sent first). */
    unsubscribe(topic) {
        this.#topics.unsubscribe(topic);
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
        return this.#outbox.publish(topic, payload, options);
    }

    /** Publishes waiting for their receipt (queued or sent); `restored`: kept from before a reload. */
    pendingPublishes() {
        return this.#outbox.pending();
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
        return this.#topics.list();
    }

    /** One topic as in {@link topics}, or `null`. */
    topic(name) {
        return this.#topics.get(name);
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
        return { ...this.#stats, pendingPublishes: this.#outbox.size, reconnects: this.#reconnects };
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
        this.#outbox.rejectAll(new SurewireError('destroyed', 'surewire: the client was destroyed'));
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
        this.#topics.updateAll();
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
        this.#topics.acks.forget();
        this.#stopPolling();
        this.#outbox.unsendAll();
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
        this.#tokens.refresh().then(
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
            this.#outbox.frameTooBig(conn);
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
        this.#topics.acks.forget();
        this.#outbox.unsendAll();
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
                written = this.#outbox.writePublish(conn, next.publish);
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
        return this.#outbox.nextPublish(conn);
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
            case 'event': this.#topics.onEvent(frame); break;
            case 'subscribed': this.#topics.onSubscribed(frame); break;
            case 'replayed': this.#topics.onReplayed(frame); break;
            case 'reset': this.#topics.onReset(frame); break;
            case 'receipt': this.#outbox.onReceipt(frame); break;
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
        this.#topics.forgetUnsubscribes();
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
        this.#topics.subscribeAll();
        this.#outbox.flush();
        this.#setState('open', 'hello');
        this.#openedAt = this.#env.now();
        this.emit('open', { hello });
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

    // ----- server errors ----------------------------------------------------------------------

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
        const entry = requestId ? this.#outbox.get(requestId) : undefined;
        if (entry) {
            this.#outbox.refused(entry, frame, overRate);
            return;
        }
        const stream = requestId ? this.#topics.byRequest(requestId) : undefined;
        let retrying = false;
        if (stream) {
            if (this.#topics.requestRefused(stream, requestId, frame, overRate)) {
                return; // reported there
            }
        } else if (overRate && frame.topic && conn) {
            retrying = this.#topics.resendLater(conn, frame.refused_type, frame.topic);
        } else if (requestId && frame.code === 'not_subscribed' && this.#topics.isUnsubscribe(requestId)) {
            return; // an unsubscribe sent again after the first one had arrived
        }
        this.#reportError({
            kind: 'server', code: frame.code, message: frame.message, request_id: requestId, topic: stream?.topic ?? frame.topic,
            refused_type: frame.refused_type, retrying,
        });
    }

    // ----- fallback ---------------------------------------------------------------------------

    #enterFallback(reason) {
        if (!this.#env.fetch) {
            this.#fail({ code: null, reason: `${reason}; no fetch for the HTTP fallback`, class: 'network' });
            return;
        }
        this.#conn = null;
        this.#clearTimer('reconnect');
        this.#topics.acks.forget();
        this.#tokens.markStale(); // with getToken, the first request asks for a fresh token
        this.#setState('fallback', reason);
        this.#polls.startAll();
        this.#outbox.flush();
        this.#scheduleProbe();
    }

    /** Back to the WebSocket: the last HTTP acks go out, the polls stop. */
    #leaveFallback() {
        this.#topics.acks.flush();
        this.#topics.acks.forget();
        this.#clearTimer('probe');
        this.#stopPolling();
    }

    #stopPolling() {
        this.#polls.stop();
        this.#outbox.cancelHttpRetry();
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
