// Type declarations for surewire.js — the Surewire browser client, protocol version 1.
// The build holds them against the code (src/test/types: tsc --noEmit with checkJs, and the entry
// point's exports); where they disagree, the code's behaviour is the contract.

export declare const PROTOCOL_VERSION: 1;

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'failed' | 'fallback';
export type SyncStatus = 'synced' | 'syncing' | 'out_of_sync';
export type QualityLevel = 'excellent' | 'good' | 'fair' | 'poor' | 'critical';
export type Transport = 'auto' | 'websocket' | 'polling';
/**
 * How an attempt or connection ended. `handshake`: the server refused it for good (4400–4403, or a
 * second HTTP 401 in the fallback); `token`: `getToken` gave no token, so no socket was opened.
 */
export type ErrorClass =
    | 'network' | 'handshake' | 'token' | 'server_error' | 'abnormal' | 'timeout'
    | 'superseded' | 'normal' | 'policy' | 'unknown';

export declare const STATES: readonly ConnectionState[];
export declare const SYNC_STATUSES: readonly SyncStatus[];
export declare const QUALITY_LEVELS: readonly QualityLevel[];
/**
 * 4400, 4401, 4402, 4403: the client goes to `failed`, says why in `failure.reason`, and does not
 * reconnect. 4403 is a refused token (missing, expired, forged, not for this client_id) or origin.
 */
export declare const TERMINAL_CLOSE_CODES: readonly number[];
export declare const SUPERSEDED_CLOSE_CODE: 4409;
export declare const CLIENT_ID_PATTERN: RegExp;
export declare const TOPIC_PATTERN: RegExp;
/** The server's frame size limit until a hello says otherwise: 65536. */
export declare const DEFAULT_MAX_FRAME_BYTES: 65536;
/** The deepest payload the client sends: 999 (the server reads frames up to 1000 levels deep). */
export declare const MAX_PAYLOAD_DEPTH: 999;

// ----- wire frames (PROTOCOL §2) ------------------------------------------------------------------

export interface HelloFrame {
    type: 'hello';
    server_time: string;
    accepted_version: number;
    features: string[];
    request_id: string;
    client_id: string;
    session_id: string;
    heartbeat_interval_ms: number;
    ack_timeout_ms: number;
    max_retries: number;
    /** This server's frame size limit (a bigger frame is closed with 1009). */
    max_frame_bytes?: number;
    /** This server's frame rate limit per connection. */
    max_frames_per_second?: number;
}

/** An `event` frame; long-poll answers carry the same shape. */
export interface SurewireEvent<P = unknown> {
    type?: 'event';
    topic: string;
    seq: number;
    epoch: number;
    id: string;
    ts: string;
    requires_ack: boolean;
    payload: P;
    redelivery: number;
}

/** A `reset` frame (or the body of a long-poll 409). `local` when the client saw a newer epoch itself. */
export interface ResetInfo {
    type?: 'reset';
    topic: string;
    epoch: number;
    last_seq: number;
    first_available_seq: number | null;
    reason: 'retention' | 'epoch';
    request_id?: string | null;
    local?: boolean;
}

export interface ReplayedFrame {
    type: 'replayed';
    topic: string;
    from_seq: number;
    to_seq: number;
    request_id?: string | null;
}

export interface Receipt {
    topic: string;
    seq: number;
    duplicate: boolean;
    client_msg_id: string;
    /** Present when the publish went over HTTP. */
    epoch?: number;
    /** Present when the publish went over HTTP. */
    id?: string;
}

// ----- options ------------------------------------------------------------------------------------

export interface BackoffOptions {
    /** Base delay of retry 1, 2, …; past the list each delay doubles. Default [1000, 2000, 4000, 8000, 12000]. */
    delaysMs?: readonly number[];
    /** Cap of a base delay. Default 12000. */
    capMs?: number;
    /** Jitter ratio, ±. Default 0.2. */
    jitter?: number;
    /** Retries before giving up (→ fallback with transport 'auto', else failed). Default 8. */
    maxAttempts?: number;
    /** No delay is shorter. Default 100. */
    minDelayMs?: number;
}

export declare const DEFAULT_BACKOFF: Readonly<Required<BackoffOptions>>;
/** Retries of a refused subscribe or resync: 1, 2, 4, 8, 16, then 30 s, ±20 %, 10 attempts. */
export declare const DEFAULT_TOPIC_RETRY: Readonly<Required<BackoffOptions>>;

export interface StorageLike {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    /** With removeItem, key and length (as localStorage and sessionStorage have), unsent publishes are kept. */
    removeItem?(key: string): void;
    key?(index: number): string | null;
    readonly length?: number;
}

export interface TimersLike {
    setTimeout(fn: () => void, ms: number): unknown;
    clearTimeout(id: unknown): void;
}

/** What `getToken` is called with. */
export interface TokenContext {
    /** The client's id: the token's `sub` must equal it. */
    clientId: string;
}

export interface SurewireOptions {
    /** Server base: 'https://host[:port][/path]', 'wss://…', or relative. Default: this page's origin. */
    url?: string;
    /** HTTP base for the fallback and publishing, when it differs from `url`. */
    httpUrl?: string;
    /** Overrides the id kept in storage. */
    clientId?: string;
    /** Storage key of the client id. Default 'surewire.client_id'. */
    clientIdKey?: string;
    /** Default 'frontend'. */
    role?: string;
    /** Default 1. */
    version?: number | string;
    /**
     * A fixed token: sent as the `token` query parameter of every WebSocket connection and as
     * `Authorization: Bearer <token>` on every HTTP request. Not together with `getToken` (TypeError).
     */
    token?: string;
    /**
     * Gives a fresh token (or a promise of one). Called before **every** WebSocket connection attempt
     * (the first, every reconnect, every fallback probe) and before the HTTP fallback's first request
     * after it started, and once more after an HTTP 401. Its token goes in that attempt's `token`
     * query parameter and in the `Authorization: Bearer` header of the HTTP requests that follow.
     * One call at a time: who needs a token while one is being fetched shares it.
     *
     * A call that throws, rejects, gives anything but a non-empty string, or gives nothing within
     * `connectTimeoutMs` fails that attempt like a lost connection: an `error` event (kind
     * `connection`, class `token`, `terminal: false`) and a retry with the usual backoff (in the
     * fallback: the request waits and is tried again like a failed poll). Never terminal.
     *
     * A token the server refuses is terminal: close 4403 on the WebSocket, or a second 401 over
     * HTTP (the first gets a fresh token and the request again). Not together with `token` (TypeError).
     */
    getToken?: (context: TokenContext) => string | Promise<string>;
    /** Default 'auto'. */
    transport?: Transport;
    backoff?: BackoffOptions;
    /** Time for a new WebSocket to open and say hello; also the time `getToken` has to answer. Default 10000. */
    connectTimeoutMs?: number;
    /** Own ping period (0 = none). Default 10000. */
    pingIntervalMs?: number;
    /** A ping without pong after this is lost. Default 5000. */
    pingTimeoutMs?: number;
    /** Lost pings in a row that make the connection dead. Default 2. */
    pingMissLimit?: number;
    /** Silent server heartbeat intervals that make the connection dead. Default 3. */
    silenceIntervals?: number;
    /** Heartbeat assumed when hello gives none. Default 25000. */
    defaultHeartbeatMs?: number;
    /** Acks go out at most this long after an event was processed. Default 50. */
    ackDelayMs?: number;
    /** … or at once after this many processed events. Default 100. */
    ackMaxEvents?: number;
    /** Publishes that may await a receipt (queued or sent). Default 1000. */
    queueLimit?: number;
    /** Bytes of publish frames that may await a receipt (the page's storage holds them too). Default 2 MiB. */
    queueMaxBytes?: number;
    /** Keep unsent publishes in `storage` so that a reload sends them again with their id. Default true. */
    persistPublishes?: boolean;
    /** Storage key prefix of kept publishes: `<prefix><client_id>/<client_msg_id>`. Default 'surewire.outbox.'. */
    outboxKeyPrefix?: string;
    /**
     * A publish older than this is never sent (again) but rejected with `expired`: the server forgets
     * a client_msg_id after 48 h. Default 86400000 (24 h).
     */
    publishMaxAgeMs?: number;
    /** An HTTP request without an answer this long is aborted (a long-poll: after its wait). Default 15000. */
    httpTimeoutMs?: number;
    /** The server's frame size limit assumed until a hello announces `max_frame_bytes`. Default 65536. */
    maxFrameBytes?: number;
    /** The server's frame rate assumed when a hello announces no `max_frames_per_second`. Default 500. */
    maxFramesPerSecond?: number;
    /** Share of the server's frame rate the client uses (plus a burst of a tenth of it). Default 0.8. */
    frameRateShare?: number;
    /** Publishes sent on one connection that may await their receipt at once. Default 32. */
    publishWindow?: number;
    /**
     * Publishes sent on a connection that had no receipt at all (theirs or another's) for this long
     * are sent again (same id, one retry). Default 10000.
     */
    receiptTimeoutMs?: number;
    /** A subscribe unanswered, or a resync without progress, this long is asked again. Default 10000. */
    requestTimeoutMs?: number;
    /** Retries of a subscribe or resync refused as unavailable, dropped over the rate or unanswered. Default DEFAULT_TOPIC_RETRY. */
    topicRetry?: BackoffOptions;
    /** Resends of a publish refused as unavailable, rate_limited or internal, or left without receipt. Default 3. */
    publishRetryLimit?: number;
    /** Delay before a resend after an error, times its number (±20 %; at least 1 s after rate_limited). Default 1000. */
    publishRetryMs?: number;
    /** WebSocket probe period while in fallback. Default 15000. */
    fallbackProbeMs?: number;
    /** Long-poll wait in seconds (max 30). Default 25. */
    pollWaitSeconds?: number;
    /** Events per poll answer. Default 100. */
    pollLimit?: number;
    /** First delay after a failed poll or HTTP publish; doubles per failure. Default 1000. */
    pollRetryMs?: number;
    /** Longest delay between failed polls. Default 30000. */
    pollRetryMaxMs?: number;
    /** Subscribed without `since`: called synced after this if no replay shows up. Default 2000. */
    replayGraceMs?: number;
    /** Pings the quality figures look back on. Default 20. */
    qualityWindow?: number;
    /** Attempts kept for diagnostics. Default 10. */
    attemptHistory?: number;
    /** 'auto' (default): first client of the page gets the panel (Ctrl+Shift+W, ?wsDebug=1); true: open now; false: none. */
    diagnostics?: 'auto' | boolean;
    /** Call connect() from the constructor. Default false. */
    autoConnect?: boolean;
    /** true logs through console.debug; a function receives the log arguments. Default false. */
    debug?: boolean | ((...args: unknown[]) => void);

    // Injected environment (tests); each defaults to the browser's own.
    WebSocket?: { new (url: string): WebSocket } | undefined;
    fetch?: typeof fetch | undefined;
    AbortController?: typeof AbortController | undefined;
    timers?: TimersLike;
    now?: () => number;
    random?: () => number;
    uuid?: () => string;
    storage?: StorageLike | null;
    location?: { href: string } | null;
    document?: Document | null;
    window?: Window | null;
}

export interface SubscribeOptions<P = unknown> {
    /** Last seq the application has processed (e.g. its snapshot's last_seq). */
    since?: number;
    /** The epoch of that position (0 = unknown). */
    epoch?: number;
    onEvent?: (event: SurewireEvent<P>) => void;
    /**
     * The position can no longer be served: reload the state (REST snapshot). Return (or resolve
     * with) the snapshot's last_seq — a number or `{ last_seq }` — to continue after it; otherwise
     * the client continues after `reset.last_seq`. The topic's events wait until it settles.
     */
    onReset?: (reset: ResetInfo) => void | number | { last_seq: number } | Promise<void | number | { last_seq: number }>;
    onStatus?: (status: SyncStatus) => void;
}

export interface Subscription {
    readonly topic: string;
    readonly status: SyncStatus;
    readonly lastSeq: number | null;
    unsubscribe(): void;
}

export interface PublishOptions {
    /** Idempotency key; a uuid by default. 1–128 characters. */
    clientMsgId?: string;
}

// ----- state the client reports ---------------------------------------------------------------

export interface TopicInfo {
    topic: string;
    lastSeq: number | null;
    epoch: number;
    status: SyncStatus;
    /** Events held behind a gap. */
    held: number;
    resyncFrom: number | null;
    resetting: boolean;
    /** Why the topic is not served: a refused or unanswered subscribe or resync, and whether it is retried. */
    error: TopicError | null;
}

/**
 * A long-poll refused with an HTTP 4xx other than 403, 408 and 429 (and a 409 that is a reset) gives only
 * `code` (the server's, or `http_<status>`) and `message`: the topic is not polled again until the next
 * connection or subscribe().
 */
export interface TopicError {
    /** `poll`: a long-poll of the fallback was refused as forbidden (403). */
    kind?: 'subscribe' | 'resync' | 'poll';
    /**
     * The server's code, or `timeout` for a request left unanswered. `forbidden`: the token does not
     * allow the topic (error frame or HTTP 403); terminal for the topic (`retrying: false`) until the
     * next connection or `subscribe()`, while the other topics carry on.
     */
    code: string;
    message: string;
    /** True while the client tries again; false once it gave up (until the next connection or subscribe()). */
    retrying?: boolean;
    /** Retries made so far. */
    attempt?: number;
    /** When the next retry goes out (the client's clock, ms), or null. */
    retryAt?: number | null;
}

export interface Quality {
    level: QualityLevel | 'unknown';
    /** Mean round trip of recent pings, ms. */
    latency: number | null;
    /** Mean absolute difference of consecutive round trips, ms. */
    jitter: number | null;
    /** Percent of recent pings unanswered within pingTimeoutMs. */
    loss: number;
    lastRtt: number | null;
    samples: number;
    reconnects: number;
    /** Time the current connection has been open, ms. */
    uptime: number;
}

export interface Attempt {
    n: number;
    kind: 'main' | 'probe';
    startedAt: number;
    openedAt: number | null;
    helloAt: number | null;
    endedAt: number | null;
    outcome: 'connecting' | 'open' | 'closed' | 'failed';
    code: number | null;
    reason: string | null;
    class: ErrorClass | null;
}

export interface CloseInfo {
    /** The close code; in `failure`, 401 when the HTTP fallback's token was refused for good. */
    code: number | null;
    /**
     * In `failure`, what was refused and why, with the server's own reason, e.g. "the server refused
     * the token (4403): missing, expired, forged, or not for this client_id, …; the client stops".
     * In a `close` event, the server's reason as it was sent.
     */
    reason: string;
    class: ErrorClass;
}

export interface Stats {
    framesIn: number;
    framesOut: number;
    events: number;
    duplicates: number;
    gaps: number;
    resyncs: number;
    resets: number;
    acksSent: number;
    published: number;
    receipts: number;
    pingsSent: number;
    pongsReceived: number;
    serverPings: number;
    polls: number;
    attempts: number;
    pendingPublishes: number;
    reconnects: number;
}

export interface ErrorEvent {
    /**
     * connection, server (an error frame), protocol, handler, listener, poll; publish (a publish
     * restored after a reload failed: nobody awaits its promise); storage (unsent publishes cannot be kept).
     */
    kind: 'connection' | 'server' | 'protocol' | 'handler' | 'listener' | 'poll' | 'publish' | 'storage';
    clientMsgId?: string;
    /** A close code (kind connection), a server code such as `forbidden` (kind server or poll), … */
    code?: string | number | null;
    message?: string;
    /** Kind connection: how it ended; `token` when getToken gave no token (retried, never terminal). */
    class?: ErrorClass;
    /** Kind connection: why, as in {@link CloseInfo} (the same text as `message`). */
    reason?: string;
    /** Kind handler: the seq of the event whose `onEvent` threw. */
    seq?: number;
    /** Kind listener: the event whose listener threw. */
    event?: string;
    /** The client (kind connection) or the topic (kind server or poll, e.g. `forbidden`) stops for good. */
    terminal?: boolean;
    topic?: string;
    request_id?: string;
    /** A frame the server dropped over the rate: its type. */
    refused_type?: string;
    /** The client tries again by itself. */
    retrying?: boolean;
    error?: unknown;
}

export interface SurewireEventMap {
    state: { from: ConnectionState; to: ConnectionState; reason: string };
    open: { hello: HelloFrame };
    close: CloseInfo & { wasOpen: boolean };
    event: SurewireEvent;
    reset: ResetInfo;
    replayed: ReplayedFrame;
    sync: { topic: string; from: SyncStatus; to: SyncStatus };
    receipt: Record<string, unknown>;
    quality: Quality;
    attempt: Attempt;
    error: ErrorEvent;
}

// ----- the client -----------------------------------------------------------------------------

/**
 * Codes the client itself gives: `bad_topic`, `bad_client_msg_id`, `bad_payload`, `frame_too_large`
 * (thrown by publish()); `queue_full`, `destroyed`, `expired`, `not_open`, `closed`, `timeout` (rejections);
 * and the server's error codes (`bad_frame`, `unavailable`, …). `forbidden`: the token does not allow
 * publishing to the topic (error frame or HTTP 403); the publish is not retried and leaves the outbox.
 */
export declare class SurewireError extends Error {
    constructor(code: string, message: string, details?: Record<string, unknown>);
    readonly code: string;
    [detail: string]: unknown;
}

export declare class Emitter<M = Record<string, unknown>> {
    constructor(onListenerError?: (error: unknown, type: string) => void);
    on<K extends keyof M & string>(type: K, listener: (data: M[K]) => void): () => void;
    once<K extends keyof M & string>(type: K, listener: (data: M[K]) => void): () => void;
    off<K extends keyof M & string>(type: K, listener: (data: M[K]) => void): void;
    emit<K extends keyof M & string>(type: K, data: M[K]): void;
    removeAllListeners(): void;
}

export declare class SurewireClient extends Emitter<SurewireEventMap> {
    constructor(options?: SurewireOptions);
    readonly options: Required<Pick<SurewireOptions, 'transport' | 'role'>> & SurewireOptions;
    readonly clientId: string;
    /** `ws`: the connect URL (with a static `token`; `getToken`'s is added to each attempt's URL). */
    readonly endpoints: { ws: string; http: string };
    readonly state: ConnectionState;
    readonly transport: 'websocket' | 'polling' | null;
    readonly hello: HelloFrame | null;
    /** Why the client is `failed` (a terminal close such as 4403, 4409, a second HTTP 401, …), or null. */
    readonly failure: CloseInfo | null;
    readonly lastError: (ErrorEvent & { at: number }) | null;
    /** Set by attachDiagnostics. */
    diagnostics?: DiagnosticsPanel | null;

    connect(): void;
    disconnect(): void;
    reconnectNow(): void;
    subscribe<P = unknown>(topic: string, options?: SubscribeOptions<P>): Subscription;
    unsubscribe(topic: string): void;
    /**
     * Resolves with the receipt once the server committed the event. Throws a SurewireError at once,
     * queueing nothing, when the call can never succeed: `bad_topic`, `bad_client_msg_id`,
     * `bad_payload` (JSON cannot carry the payload) or `frame_too_large`. The promise rejects with
     * `queue_full`, `destroyed`, `frame_too_large` (a smaller limit, or a 1009), a server code, …
     */
    publish(topic: string, payload: unknown, options?: PublishOptions): Promise<Receipt>;
    /** `restored`: kept in storage by an earlier page of this client_id; its result comes as a `receipt` or `error` (kind `publish`) event. */
    pendingPublishes(): { topic: string; clientMsgId: string; sent: boolean; sends: number; restored: boolean }[];
    ping(): Promise<number>;
    topics(): TopicInfo[];
    topic(name: string): TopicInfo | null;
    quality(): Quality;
    stats(): Stats;
    attempts(): Attempt[];
    destroy(): void;
}

export declare function createClient(options?: SurewireOptions): SurewireClient;
/** Live clients of this page (not destroyed). */
export declare function getClients(): SurewireClient[];

// ----- building blocks (exported for tests and custom clients) ---------------------------------

export declare class Backoff {
    constructor(options?: BackoffOptions, random?: () => number);
    readonly attempt: number;
    readonly exhausted: boolean;
    baseDelay(n: number): number;
    /** Delay before the next retry, or null when the attempts are used up. */
    next(): number | null;
    reset(): void;
}

export declare function jitterDelay(base: number, ratio: number, random: () => number, min?: number): number;

export interface AcceptResult {
    deliver: SurewireEvent[];
    duplicate?: boolean;
    stale?: boolean;
    buffered?: boolean;
    resync?: number;
    epochReset?: ResetInfo;
}

export declare class TopicStream {
    constructor(topic: string, position?: { since?: number | null; epoch?: number });
    readonly topic: string;
    lastSeq: number | null;
    epoch: number;
    held: Map<number, SurewireEvent>;
    resyncFrom: number | null;
    resetting: boolean;
    readonly gapped: boolean;
    accept(event: SurewireEvent): AcceptResult;
    resumePosition(): number | null;
    resyncDone(): boolean;
    reposition(): void;
    beginReset(reset: ResetInfo): void;
    finishReset(position: number): SurewireEvent[];
}

export declare class AckBatcher {
    constructor(options: {
        delayMs?: number;
        maxEvents?: number;
        send: (topic: string, seq: number) => void;
        setTimeout: TimersLike['setTimeout'];
        clearTimeout: TimersLike['clearTimeout'];
    });
    processed(topic: string, seq: number): void;
    /** `seq` arrived again although processed: acked again with the next batch. */
    again(topic: string, seq: number): void;
    /** The last ack sent for `topic` goes out again with the next batch. */
    resend(topic: string): void;
    flush(): void;
    forget(topic?: string): void;
    pending(): Record<string, number>;
}

/** A token bucket under the server's frame rate: `share` of `limit` per second, bursts of a tenth of it. */
export declare class FramePacer {
    constructor(options: { limit: number; share?: number; now?: () => number });
    readonly limit: number;
    perSecond: number;
    readonly burst: number;
    /** Milliseconds until the next frame may go; 0: now. */
    delay(): number;
    take(): void;
    /** Halves the rate (down to an eighth of the first). */
    slowDown(): void;
}

export declare class QualityMonitor {
    constructor(options?: { window?: number });
    recordRtt(rtt: number): void;
    recordLoss(): void;
    metrics(): Omit<Quality, 'reconnects' | 'uptime'>;
}

export declare class PublishQueue {
    constructor(options?: { limit?: number; maxBytes?: number; onRemove?: (entry: object) => void });
    readonly limit: number;
    readonly maxBytes: number;
    readonly size: number;
    readonly bytes: number;
    /** Throws `queue_full` past `limit` or `maxBytes` (not with `force`). */
    add(topic: string, payload: unknown, clientMsgId: string, extra?: { bytes?: number; restored?: boolean; createdAt?: number },
        options?: { force?: boolean }): { entry: object; promise: Promise<Receipt> };
    get(clientMsgId: string): object | undefined;
    resolve(clientMsgId: string, receipt: Receipt): object | undefined;
    reject(clientMsgId: string, error: unknown): object | undefined;
    rejectAll(error: unknown): void;
    entries(): object[];
    unsentOn(connection: unknown): object[];
}

/** The JSON text of a payload, or a `bad_payload` SurewireError naming the first place JSON cannot carry. */
export declare function encodePayload(payload: unknown): string;
/** The UTF-8 length of a string, as the server counts a frame. */
export declare function utf8Length(text: string): number;
/** Unsent publishes in the page's storage, one item per publish under `<prefix><client_id>/<client_msg_id>`. */
export declare class PublishStore {
    constructor(options: { storage: StorageLike | null | undefined; prefix: string; clientId: string });
    readonly enabled: boolean;
    load(): { topic: string; clientMsgId: string; n: number; at: number; payload: unknown }[];
    save(entry: { topic: string; clientMsgId: string; createdAt: number; payload: unknown }): void;
    remove(clientMsgId: string): void;
}

export declare function classifyClose(
    info?: { code?: number | null; opened?: boolean; timedOut?: boolean; tokenFailed?: boolean },
): ErrorClass;
export declare function closeAction(code: number | null): 'terminal' | 'superseded' | 'reconnect';
export declare function qualityLevel(metrics: { latency: number | null; loss?: number | null }): QualityLevel | 'unknown';
export declare function makeUuid(random?: () => number): string;
export declare function loadClientId(storage: StorageLike | null | undefined, key: string, makeId: () => string): string;
export declare function buildEndpoints(
    base: string | undefined,
    location: { href: string } | null | undefined,
    params: { clientId: string; version?: number | string; role?: string; token?: string },
    httpBase?: string,
): { ws: string; http: string };

// ----- diagnostics ----------------------------------------------------------------------------

export interface DiagnosticsOptions {
    document?: Document | null;
    window?: Window | null;
    /** Open at once. */
    open?: boolean;
    /** Toggle with Ctrl+Shift+W. Default true. */
    keyboard?: boolean;
    /** Redraw period while open, ms. Default 1000. */
    refreshMs?: number;
}

export declare class DiagnosticsPanel {
    constructor(client: SurewireClient, options?: DiagnosticsOptions);
    readonly client: SurewireClient;
    readonly isOpen: boolean;
    /** The panel's element (`data-testid="sw-diag"`) while open, else null. */
    readonly root: HTMLElement | null;
    open(): void;
    close(): void;
    toggle(): void;
    render(): void;
    destroy(): void;
}

/** Attaches (once) a diagnostics panel to the client, toggled with Ctrl+Shift+W. */
export declare function attachDiagnostics(client: SurewireClient, options?: DiagnosticsOptions): DiagnosticsPanel;
/** Whether the page URL has ?wsDebug=1 (or true). */
export declare function diagnosticsRequested(location: { href: string }): boolean;
/** Lets the next client auto-attach the panel again (tests). */
export declare function resetDiagnosticsAutoAttach(): void;
