/**
 * Topic streams and acks: where the client stands in each topic (sequence tracking, gaps and
 * resyncs, resets), the cumulative batched acks, and the topics' side of the connection — the
 * subscribe, unsubscribe and resync requests with their retries, and the delivery of events.
 *
 * @module surewire/topics
 */

import { Backoff } from './backoff.js';
import { RATE_WINDOW_MS, TOPIC_PATTERN } from './constants.js';

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
// The client's topics
// ---------------------------------------------------------------------------------------------

/**
 * The topics of one client: their streams, the requests that ask the server (or the poller) for
 * them, the events delivered to their handlers and the acks that follow. The client hands it the
 * topic frames and tells it when a connection opens.
 */
export class Topics {
    /** @param {import('./client.js').ClientHost} host */
    constructor(host) {
        this.#host = host;
        /** @type {Map<string, TopicStream & Record<string, any>>} the subscribed topics */
        this.streams = new Map();
        this.acks = new AckBatcher({
            delayMs: host.options.ackDelayMs,
            maxEvents: host.options.ackMaxEvents,
            send: (topic, seq) => this.#sendAck(topic, seq),
            setTimeout: (fn, ms) => host.env.setTimeout(fn, ms),
            clearTimeout: (id) => host.env.clearTimeout(id),
        });
    }

    #host;
    /** Topics unsubscribed on the current connection: topic -> {requestId, at}. */
    #unsubscribing = new Map();
    #requestSerial = 0;

    /** Every subscribed topic as {@link SurewireClient#topics} gives it. */
    list() {
        return [...this.streams.values()].map((s) => this.#describeTopic(s));
    }

    /** One topic as in {@link list}, or `null`. */
    get(name) {
        const stream = this.streams.get(name);
        return stream ? this.#describeTopic(stream) : null;
    }

    /** Derives every topic's sync status again (the connection state changed). */
    updateAll() {
        for (const stream of this.streams.values()) {
            this.updateStatus(stream);
        }
    }

    /** A connection said hello: its unsubscribes start afresh. */
    forgetUnsubscribes() {
        this.#unsubscribing.clear();
    }

    /** A connection said hello: every topic is subscribed on it from its position. */
    subscribeAll() {
        for (const stream of this.streams.values()) {
            this.#sendSubscribe(stream);
        }
    }

    /** The topic whose subscribe or resync has this request id, if any. */
    byRequest(requestId) {
        return [...this.streams.values()].find((s) => s.subscribeRequestId === requestId || s.resyncRequestId === requestId);
    }

    /** Whether `requestId` is that of an unsubscribe sent on the current connection. */
    isUnsubscribe(requestId) {
        return [...this.#unsubscribing.values()].some((u) => u.requestId === requestId);
    }

    /**
     * The server refused the subscribe or resync `requestId` of `stream` with an `error` frame.
     * @returns {boolean} whether the error was reported here (else the client reports it)
     */
    requestRefused(stream, requestId, frame, overRate) {
        const conn = this.#host.conn;
        const kind = stream.subscribeRequestId === requestId ? 'subscribe' : 'resync';
        if (overRate || frame.code === 'unavailable') {
            this.#topicRequestFailed(stream, kind, { code: frame.code, message: frame.message }, overRate ? RATE_WINDOW_MS : 0);
            return true;
        }
        if (frame.code === 'forbidden') {
            this.forbidden(stream, kind, frame.message, requestId);
            return true;
        }
        if (kind === 'subscribe') {
            this.#host.cancel(conn, stream.requestTimer);
            stream.requestTimer = null;
            stream.error = { kind, code: frame.code, message: frame.message, retrying: false, attempt: 1, retryAt: null };
            stream.awaitingReplay = false;
            this.updateStatus(stream);
        } else {
            // a resync refused for good: the whole position is asked again instead
            stream.resyncRequestId = null;
            this.#sendSubscribe(stream, { retry: true });
        }
        return false;
    }

    /** Subscribes to a topic: see {@link SurewireClient#subscribe}. */
    subscribe(topic, options = {}) {
        if (typeof topic !== 'string' || !TOPIC_PATTERN.test(topic)) {
            throw new TypeError(`surewire: a topic is 1-200 characters of [A-Za-z0-9._:/-], not '${topic}'`);
        }
        let stream = this.streams.get(topic);
        this.#unsubscribing.delete(topic);
        // a topic whose subscribe was refused for good is asked again
        const repositioned = stream === undefined || options.since !== undefined || options.epoch !== undefined
            || Boolean(stream.error);
        if (!stream) {
            stream = new TopicStream(topic, { since: options.since ?? null, epoch: options.epoch ?? 0 });
            stream.status = 'out_of_sync';
            this.streams.set(topic, stream);
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
        this.updateStatus(stream);
        const topics = this;
        const client = this.#host.client;
        return {
            topic,
            get status() {
                return topics.streams.get(topic)?.status ?? 'out_of_sync';
            },
            get lastSeq() {
                return topics.streams.get(topic)?.lastSeq ?? null;
            },
            unsubscribe() {
                client.unsubscribe(topic);
            },
        };
    }

    /** Stops receiving a topic (pending acks of it are sent first). */
    unsubscribe(topic) {
        const stream = this.streams.get(topic);
        if (!stream) {
            return;
        }
        this.acks.flush();
        this.acks.forget(topic);
        this.streams.delete(topic);
        stream.removed = true;
        stream.pollController?.abort();
        this.#host.env.clearTimeout(stream.graceTimer);
        if (this.#host.wsReady()) {
            this.#sendUnsubscribe(topic);
        }
    }

    /** Asks the server (or the poller) for a topic from its position. */
    #startTopic(stream) {
        if (this.#host.wsReady()) {
            this.#sendSubscribe(stream);
        } else if (this.#host.state === 'fallback') {
            this.#host.polls.start(stream);
        }
    }

    /**
     * Subscribes `stream` on the current connection from its position. `retry`: a retry of a
     * failed request, which keeps the error and retry schedules; otherwise both start over.
     */
    #sendSubscribe(stream, { retry = false } = {}) {
        const conn = this.#host.conn;
        stream.reposition();
        this.acks.forget(stream.topic);
        this.#host.env.clearTimeout(stream.graceTimer);
        this.#host.cancel(conn, stream.requestTimer);
        this.#host.cancel(conn, stream.retryTimer);
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
        this.#host.send(conn, frame);
        this.#watchRequest(conn, stream, 'subscribe', requestId);
        this.updateStatus(stream);
    }

    #sendUnsubscribe(topic) {
        const requestId = `u${++this.#requestSerial}`;
        this.#unsubscribing.set(topic, { requestId, at: this.#host.env.now() });
        this.#host.send(this.#host.conn, { type: 'unsubscribe', topic, request_id: requestId });
    }

    /**
     * A `subscribe` unanswered (no `subscribed`) or a `resync` that stopped making progress (no
     * event and no `replayed`) for `requestTimeoutMs` was most likely dropped over the rate: it
     * fails with `timeout` and is asked again (see {@link #topicRequestFailed}).
     */
    #watchRequest(conn, stream, kind, requestId) {
        stream.lastActivityAt = this.#host.env.now();
        const timeout = this.#host.options.requestTimeoutMs;
        const check = () => {
            stream.requestTimer = null;
            const pending = kind === 'subscribe'
                ? stream.subscribeRequestId === requestId && !stream.subscribeAnswered
                : stream.resyncRequestId === requestId;
            if (!pending || stream.removed || conn !== this.#host.conn) {
                return;
            }
            const quiet = this.#host.env.now() - stream.lastActivityAt;
            if (kind === 'resync' && quiet < timeout) {
                stream.requestTimer = this.#host.later(conn, check, timeout - quiet);
                return;
            }
            this.#topicRequestFailed(stream, kind, {
                code: 'timeout', message: `no answer to ${kind} within ${timeout} ms`,
            });
        };
        this.#host.cancel(conn, stream.requestTimer);
        stream.requestTimer = this.#host.later(conn, check, timeout);
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
        const conn = this.#host.conn;
        if (!conn || stream.removed) {
            return;
        }
        this.#host.cancel(conn, stream.requestTimer);
        this.#host.cancel(conn, stream.retryTimer);
        stream.requestTimer = stream.retryTimer = null;
        const key = kind === 'subscribe' ? 'subscribeRetry' : 'resyncRetry';
        stream[key] ??= new Backoff(this.#host.options.topicRetry, this.#host.env.random);
        const delay = stream[key].next();
        if (kind === 'resync') {
            stream.resyncRequestId = null;
        }
        if (delay === null) {
            if (kind === 'resync') {
                this.#host.log(`resync of ${stream.topic} failed ${stream[key].attempt + 1} times: subscribing again`);
                stream.resyncRetry = null;
                this.#sendSubscribe(stream, { retry: true });
                return;
            }
            stream.error = { kind, code, message, retrying: false, attempt: stream[key].attempt, retryAt: null };
            stream.awaitingReplay = false;
            this.updateStatus(stream);
            this.#host.reportError({
                kind: 'server', code, topic: stream.topic, terminal: true, retrying: false,
                message: `${kind} of ${stream.topic} failed ${stream[key].attempt + 1} times, last with ${code} (${message}); gave up`,
            });
            return;
        }
        const wait = code === 'timeout' ? 0 : Math.max(minDelayMs, delay);
        stream.error = { kind, code, message, retrying: true, attempt: stream[key].attempt, retryAt: this.#host.env.now() + wait };
        this.updateStatus(stream);
        this.#host.reportError({
            kind: 'server', code, topic: stream.topic, terminal: false, retrying: true,
            message: `${kind} of ${stream.topic} failed with ${code} (${message}); retry ${stream[key].attempt} in ${wait} ms`,
        });
        stream.retryTimer = this.#host.later(conn, () => {
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
    forbidden(stream, kind, serverMessage, requestId) {
        const conn = this.#host.conn;
        this.#host.cancel(conn, stream.requestTimer);
        this.#host.cancel(conn, stream.retryTimer);
        stream.requestTimer = stream.retryTimer = null;
        stream.resyncRequestId = null;
        stream.subscribeRetry = stream.resyncRetry = null;
        stream.awaitingReplay = false;
        const what = { subscribe: 'subscribing to', resync: 'a resync of', poll: 'polling' }[kind];
        const said = serverMessage ? ` (the server said: ${serverMessage})` : '';
        const message = `surewire: the token does not allow ${what} ${stream.topic} (forbidden)${said};`
            + ' the topic is not asked again until the next connection or subscribe()';
        stream.error = { kind, code: 'forbidden', message, retrying: false, attempt: 1, retryAt: null };
        this.updateStatus(stream);
        this.#host.reportError({
            kind: kind === 'poll' ? 'poll' : 'server', code: 'forbidden', topic: stream.topic, request_id: requestId,
            terminal: true, retrying: false, message,
        });
    }

    onSubscribed(frame) {
        const stream = this.streams.get(frame.topic);
        if (!stream || frame.request_id !== stream.subscribeRequestId) {
            return;
        }
        stream.subscribeAnswered = true;
        this.#host.cancel(this.#host.conn, stream.requestTimer);
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
                stream.graceTimer = this.#host.env.setTimeout(() => {
                    if (stream.lastSeq === null || stream.lastSeq >= frame.last_seq) {
                        stream.awaitingReplay = false;
                        this.updateStatus(stream);
                    }
                }, this.#host.options.replayGraceMs);
            }
        }
        this.updateStatus(stream);
    }

    onEvent(frame) {
        const stream = this.streams.get(frame.topic);
        if (!stream || typeof frame.seq !== 'number') {
            this.#strayEvent(frame);
            return;
        }
        stream.lastActivityAt = this.#host.env.now();
        stream.maxSeqOnConn = Math.max(stream.maxSeqOnConn ?? 0, frame.seq);
        this.acceptEvent(stream, frame, { live: true });
    }

    /**
     * An event of a topic the client unsubscribed from. Some still arrive after an unsubscribe; when
     * they keep coming, the unsubscribe was dropped (over the rate) and is sent again.
     */
    #strayEvent(frame) {
        const unsubscribing = this.#unsubscribing.get(frame.topic);
        if (unsubscribing && this.#host.wsReady()
            && this.#host.env.now() - unsubscribing.at >= this.#host.options.requestTimeoutMs) {
            this.#sendUnsubscribe(frame.topic);
        }
    }

    /**
     * Runs one event through the topic's sequence tracking and delivers what it releases. `live`:
     * it came over the WebSocket, where a seq the client has processed already means the server did
     * not get the ack (a redelivery, or a replay that overlaps): it is acked again, not processed.
     */
    acceptEvent(stream, frame, { live = false } = {}) {
        const wasUnknown = stream.lastSeq === null;
        const result = stream.accept(frame);
        if (result.duplicate) {
            this.#host.stats.duplicates += 1;
            if (live && !stream.removed) {
                this.acks.again(stream.topic, Math.min(stream.lastSeq, stream.maxSeqOnConn));
            }
        }
        if (result.epochReset) {
            this.handleReset(stream, result.epochReset, [frame]);
            return;
        }
        if (result.resync !== undefined) {
            this.#host.stats.gaps += 1;
            this.#requestResync(stream, result.resync);
        }
        if (stream.blindSubscribe && wasUnknown && stream.subscribedLastSeq !== undefined
            && frame.seq > stream.subscribedLastSeq) {
            stream.awaitingReplay = false; // live from the topic's end: no replay follows
        }
        for (const event of result.deliver) {
            this.#deliver(stream, event);
        }
        this.updateStatus(stream);
    }

    #deliver(stream, event) {
        this.#host.stats.events += 1;
        if (stream.onEvent) {
            try {
                stream.onEvent(event);
            } catch (error) {
                this.#host.reportError({ kind: 'handler', topic: stream.topic, seq: event.seq, message: String(error?.message ?? error), error });
            }
        }
        this.#host.emit('event', event);
        if (!stream.removed) {
            this.acks.processed(stream.topic, event.seq);
        }
    }

    #requestResync(stream, fromSeq) {
        this.#host.stats.resyncs += 1;
        if (this.#host.wsReady()) {
            const conn = this.#host.conn;
            const requestId = `r${++this.#requestSerial}`;
            stream.resyncRequestId = requestId;
            this.#host.send(conn, { type: 'resync', topic: stream.topic, from_seq: fromSeq, request_id: requestId });
            this.#watchRequest(conn, stream, 'resync', requestId);
        }
        // in fallback the next poll asks from the last processed seq anyway
    }

    onReplayed(frame) {
        const stream = this.streams.get(frame.topic);
        if (!stream) {
            return;
        }
        stream.lastActivityAt = this.#host.env.now();
        if (frame.request_id && frame.request_id === stream.resyncRequestId) {
            stream.resyncRequestId = null;
            this.#host.cancel(this.#host.conn, stream.requestTimer);
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
            this.#host.env.clearTimeout(stream.graceTimer);
        } else {
            return; // the end of an older request
        }
        this.#host.emit('replayed', frame);
        this.updateStatus(stream);
    }

    onReset(frame) {
        const stream = this.streams.get(frame.topic);
        if (stream) {
            this.handleReset(stream, frame);
        }
    }

    /**
     * Hands a reset to the application and holds the topic until it has reloaded its state; then
     * continues from the position it returns (a number, or `{last_seq}`), else from `last_seq`.
     * @param {object[]} [pending] events to take up again after the reset (a newer epoch's first one)
     * @returns {Promise<void>} settled once the topic continues
     */
    handleReset(stream, reset, pending = []) {
        if (stream.resetting) {
            stream.nextReset = reset;
            stream.buffer.push(...pending);
            return stream.resetDone;
        }
        stream.beginReset(reset);
        stream.buffer.push(...pending);
        this.acks.forget(stream.topic);
        this.#host.env.clearTimeout(stream.graceTimer);
        stream.awaitingReplay = false;
        this.#host.stats.resets += 1;
        this.updateStatus(stream);
        this.#host.emit('reset', reset);
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
                this.acceptEvent(stream, event);
            }
            const next = stream.nextReset;
            stream.nextReset = null;
            this.updateStatus(stream);
            if (next) {
                this.handleReset(stream, next).then(done);
            } else {
                done();
            }
        };
        let result;
        try {
            result = stream.onReset ? stream.onReset(reset) : undefined;
        } catch (error) {
            this.#host.reportError({ kind: 'handler', topic: stream.topic, message: String(error?.message ?? error), error });
        }
        if (result && typeof result.then === 'function') {
            result.then(finish, (error) => {
                this.#host.reportError({ kind: 'handler', topic: stream.topic, message: String(error?.message ?? error), error });
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
    updateStatus(stream) {
        const status = this.#statusOf(stream);
        if (status === stream.status) {
            return;
        }
        const from = stream.status;
        stream.status = status;
        this.#host.emit('sync', { topic: stream.topic, from, to: status });
        if (stream.onStatus) {
            try {
                stream.onStatus(status);
            } catch (error) {
                this.#host.reportError({ kind: 'handler', topic: stream.topic, message: String(error?.message ?? error), error });
            }
        }
    }

    #statusOf(stream) {
        const receiving = this.#host.state === 'open' || this.#host.state === 'fallback';
        if (!receiving || stream.gapped || stream.error || stream.pollFailing) {
            return 'out_of_sync';
        }
        if (stream.resetting || stream.awaitingReplay) {
            return 'syncing';
        }
        return 'synced';
    }

    #sendAck(topic, seq) {
        if (this.#host.wsReady()) {
            this.#host.send(this.#host.conn, { type: 'ack', topic, seq }, () => {
                this.#host.stats.acksSent += 1;
            });
        } else if (this.#host.state === 'fallback') {
            this.#host.stats.acksSent += 1;
            this.#host.http.send('POST', `/api/v1/clients/${encodeURIComponent(this.#host.clientId)}/acks`, { body: { topic, seq } })
                .catch((error) => this.#host.log('fallback ack failed', error));
        }
    }

    /** An ack or unsubscribe of `topic` dropped over the rate goes out again after the server's second. */
    resendLater(conn, type, topic) {
        if (type === 'ack') {
            this.#host.later(conn, () => {
                this.acks.resend(topic);
                this.acks.flush();
            }, RATE_WINDOW_MS);
            return true;
        }
        if (type === 'unsubscribe') {
            this.#host.later(conn, () => {
                if (this.#unsubscribing.has(topic) && !this.streams.has(topic) && this.#host.wsReady()) {
                    this.#sendUnsubscribe(topic);
                }
            }, RATE_WINDOW_MS);
            return true;
        }
        return false; // a ping is counted lost, a pong needed only to arrive
    }
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
