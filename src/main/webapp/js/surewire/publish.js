/**
 * The publish queue: publishes awaiting their receipt (the outbox), kept in the page's storage until
 * settled, sent over the WebSocket at the pace the server takes them or over HTTP in the fallback,
 * and sent again with the same `client_msg_id` until a receipt or a final error settles them.
 *
 * @module surewire/publish
 */

import { jitterDelay } from './backoff.js';
import { RATE_WINDOW_MS, RETRYABLE_PUBLISH_ERRORS, TOPIC_PATTERN } from './constants.js';
import { SurewireError } from './errors.js';
import { encodePayload, positiveInteger, topicPath, utf8Length } from './util.js';

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

/** The `forbidden` error of a publish the token does not allow; it is never sent again. */
export function publishForbidden(entry, serverMessage, details = {}) {
    const said = serverMessage ? ` (the server said: ${serverMessage})` : '';
    return new SurewireError('forbidden',
        `surewire: the token does not allow publishing to ${entry.topic} (forbidden)${said}; the publish is not sent again`,
        { topic: entry.topic, clientMsgId: entry.clientMsgId, ...details });
}

/** The `publish` frame of a payload; its `request_id` is the `client_msg_id`, so errors name the publish. */
export function publishFrame(topic, payload, clientMsgId) {
    return { type: 'publish', topic, payload, client_msg_id: clientMsgId, request_id: clientMsgId };
}

// ---------------------------------------------------------------------------------------------
// The client's outbox
// ---------------------------------------------------------------------------------------------

/**
 * The publishes of one client, from `publish()` to their receipt: the queue and its storage, the
 * frames written on the main connection (the client's pump asks for the next one), receipts,
 * errors and retries, and the HTTP publishes of the fallback.
 */
export class Outbox {
    /** @param {import('./client.js').ClientHost} host */
    constructor(host) {
        this.#host = host;
        const opts = host.options;
        this.#store = new PublishStore({
            storage: opts.persistPublishes ? host.env.storage : null, prefix: opts.outboxKeyPrefix, clientId: host.clientId,
        });
        this.#queue = new PublishQueue({
            limit: opts.queueLimit, maxBytes: opts.queueMaxBytes, onRemove: (entry) => this.#store.remove(entry.clientMsgId),
        });
    }

    #host;
    #queue;
    #store;
    #storageFailed = false;
    #httpFlushing = false;
    #httpRetryTimer = null;
    /** HTTP publishes in a row that did not reach the server. */
    #httpFailures = 0;
    /** Below the size of every frame the server closed with 1009, whatever `hello` says. */
    #frameCap = Infinity;

    /** Publishes awaiting their receipt. */
    get size() {
        return this.#queue.size;
    }

    /** The publish waiting with this `client_msg_id`, if any. */
    get(clientMsgId) {
        return this.#queue.get(clientMsgId);
    }

    /** Rejects every waiting publish (the client is destroyed). */
    rejectAll(error) {
        this.#queue.rejectAll(error);
    }

    /** The connection is gone: every publish waits to be sent on the next one. */
    unsendAll() {
        for (const entry of this.#queue.entries()) {
            entry.sentOn = null;
        }
    }

    /** Cancels the HTTP publishes' pause (the fallback ends). */
    cancelHttpRetry() {
        this.#host.env.clearTimeout(this.#httpRetryTimer);
    }

    /** Publishes: see {@link SurewireClient#publish}. */
    publish(topic, payload, options = {}) {
        if (this.#host.destroyed) {
            return Promise.reject(new SurewireError('destroyed', 'surewire: the client was destroyed'));
        }
        if (typeof topic !== 'string' || !TOPIC_PATTERN.test(topic)) {
            throw new SurewireError('bad_topic', `surewire: '${topic}' is not a topic name`, { topic });
        }
        const clientMsgId = options.clientMsgId ?? this.#host.uuid();
        if (typeof clientMsgId !== 'string' || clientMsgId.length < 1 || clientMsgId.length > 128) {
            throw new SurewireError('bad_client_msg_id', 'surewire: client_msg_id must be 1-128 characters', { topic });
        }
        const waiting = this.#queue.get(clientMsgId);
        if (waiting && waiting.topic === topic) {
            return waiting.promise; // the same publish again (one restored after a reload, say): one receipt
        }
        const json = encodePayload(payload);
        const bytes = utf8Length(JSON.stringify(publishFrame(topic, null, clientMsgId))) - 'null'.length + utf8Length(json);
        const limit = this.frameLimit();
        if (bytes > limit) {
            throw new SurewireError('frame_too_large',
                `surewire: the publish to ${topic} would be a frame of ${bytes} bytes; the server's limit is ${limit} bytes`,
                { topic, clientMsgId, bytes, limit });
        }
        let added;
        try {
            // a copy of what goes on the wire: later changes to the caller's object change nothing
            added = this.#queue.add(topic, JSON.parse(json), clientMsgId, { bytes, createdAt: this.#host.env.now() });
        } catch (error) {
            return Promise.reject(error);
        }
        this.#keep(added.entry);
        this.#host.stats.published += 1;
        this.flush();
        return added.promise;
    }

    /** As {@link SurewireClient#pendingPublishes}. */
    pending() {
        return this.#queue.entries().map((e) => ({
            topic: e.topic, clientMsgId: e.clientMsgId, sent: e.sentOn !== null || e.inflight, sends: e.sends,
            restored: Boolean(e.restored),
        }));
    }

    /**
     * A publish older than `publishMaxAgeMs` is never sent (again): the server forgets a
     * `client_msg_id` after 48 hours, so a resend that late could be appended a second time.
     */
    #expired(entry) {
        const hours = Math.round(this.#host.options.publishMaxAgeMs / 3_600_000);
        return new SurewireError('expired',
            `surewire: the publish to ${entry.topic} made ${new Date(entry.createdAt ?? entry.at).toISOString()} is older than`
            + ` ${hours} h (publishMaxAgeMs) and is not sent again: the server may have forgotten its client_msg_id`,
            { topic: entry.topic, clientMsgId: entry.clientMsgId });
    }

    /** Whether a waiting publish has outlived `publishMaxAgeMs`; such a one is rejected. */
    #rejectIfExpired(entry) {
        if (this.#host.env.now() - entry.createdAt <= this.#host.options.publishMaxAgeMs) {
            return false;
        }
        this.#queue.reject(entry.clientMsgId, this.#expired(entry));
        return true;
    }

    /** Keeps a publish in storage until it is settled; a storage that refuses costs only that. */
    #keep(entry) {
        try {
            this.#store.save(entry);
        } catch (error) {
            if (!this.#storageFailed) {
                this.#storageFailed = true;
                this.#host.reportError({
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
    restore() {
        for (const item of this.#store.load()) {
            if (this.#queue.get(item.clientMsgId)) {
                continue;
            }
            if (this.#host.env.now() - item.at > this.#host.options.publishMaxAgeMs) {
                this.#store.remove(item.clientMsgId);
                const error = this.#expired(item);
                // after the constructor, so that listeners added with it hear of it
                Promise.resolve().then(() => this.#host.reportError({
                    kind: 'publish', code: error.code, message: error.message, topic: item.topic, clientMsgId: item.clientMsgId, error,
                }));
                continue;
            }
            const json = JSON.stringify(item.payload);
            const bytes = utf8Length(JSON.stringify(publishFrame(item.topic, null, item.clientMsgId))) - 'null'.length
                + utf8Length(json);
            const { promise } = this.#queue.add(item.topic, item.payload, item.clientMsgId,
                { bytes, restored: true, createdAt: item.at }, { force: true });
            promise.catch((error) => this.#host.reportError({
                kind: 'publish', code: error?.code, message: String(error?.message ?? error), topic: item.topic,
                clientMsgId: item.clientMsgId, error,
            }));
        }
    }

    flush() {
        if (this.#host.wsReady()) {
            this.#host.pump(this.#host.conn);
        } else if (this.#host.state === 'fallback') {
            this.#flushHttpPublishes();
        }
    }

    /**
     * The next publish due on `conn` (the main connection), as `{publish}`, or `null`: at most
     * `publishWindow` of them await a receipt, and one pausing before a retry wakes the pump when
     * its pause ends. Expired publishes and frames over the limit are rejected on the way.
     */
    nextPublish(conn) {
        const now = this.#host.env.now();
        const limit = this.frameLimit();
        let waiting = 0;
        let due = null;
        let wakeAt = Infinity;
        for (const entry of this.#queue.entries()) {
            if (entry.sentOn === conn) {
                waiting += 1;
            } else if (!entry.inflight && due === null) {
                if (this.#rejectIfExpired(entry)) {
                    continue;
                }
                if (entry.bytes > limit) {
                    this.#queue.reject(entry.clientMsgId, new SurewireError('frame_too_large',
                        `surewire: the publish to ${entry.topic} is a frame of ${entry.bytes} bytes; the server's limit is ${limit} bytes`,
                        { topic: entry.topic, clientMsgId: entry.clientMsgId, bytes: entry.bytes, limit }));
                } else if ((entry.notBefore ?? 0) > now) {
                    wakeAt = Math.min(wakeAt, entry.notBefore);
                } else {
                    due = entry;
                }
            }
        }
        if (due !== null && waiting < this.#host.options.publishWindow) {
            return { publish: due };
        }
        if (due === null && wakeAt !== Infinity) {
            this.#host.cancel(conn, conn.wakeTimer);
            conn.wakeTimer = this.#host.later(conn, () => {
                conn.wakeTimer = null;
                this.#host.pump(conn);
            }, wakeAt - now);
        }
        return null;
    }

    writePublish(conn, entry) {
        conn.pacer.take();
        if (!this.#host.write(conn, publishFrame(entry.topic, entry.payload, entry.clientMsgId))) {
            return false;
        }
        entry.sentOn = conn;
        entry.sentAt = this.#host.env.now();
        entry.sentAs = ++conn.publishSerial;
        entry.sends += 1;
        this.#armReceiptTimer(conn);
        return true;
    }

    /** The server's frame size limit as the client knows it: the last hello's, lowered by every 1009. */
    frameLimit() {
        const announced = positiveInteger(this.#host.serverLimits.maxFrameBytes) ?? this.#host.options.maxFrameBytes;
        return Math.min(announced, this.#frameCap);
    }

    /**
     * The server closed with 1009: one of the publishes it has not answered was over its real limit,
     * and the biggest of them surely was. That one is rejected and never sent again, and frames as
     * big are refused from now on; the others go out again after the reconnect. So every 1009 settles
     * at least one publish, and a frame that caused one never loops.
     */
    frameTooBig(conn) {
        let culprit = null;
        for (const entry of this.#queue.entries()) {
            if (entry.sentOn === conn && (culprit === null || entry.bytes > culprit.bytes)) {
                culprit = entry;
            }
        }
        if (!culprit) {
            return;
        }
        this.#frameCap = Math.min(this.#frameCap, culprit.bytes - 1);
        this.#queue.reject(culprit.clientMsgId, new SurewireError('frame_too_large',
            `surewire: the server closed the connection with 1009 (frame too big) after the publish to ${culprit.topic}`
            + ` of ${culprit.bytes} bytes; it is not sent again`,
            { topic: culprit.topic, clientMsgId: culprit.clientMsgId, bytes: culprit.bytes, closeCode: 1009 }));
    }

    /** When a publish sent on `conn` counts as unanswered: no receipt at all for `receiptTimeoutMs`. */
    #receiptDeadline(conn, entry) {
        return Math.max(entry.sentAt, conn.lastReceiptAt) + this.#host.options.receiptTimeoutMs;
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
        for (const entry of this.#queue.entries()) {
            if (entry.sentOn === conn) {
                first = Math.min(first, this.#receiptDeadline(conn, entry));
            }
        }
        if (first === Infinity) {
            return;
        }
        conn.receiptTimer = this.#host.later(conn, () => {
            conn.receiptTimer = null;
            const now = this.#host.env.now();
            for (const entry of this.#queue.entries()) {
                if (entry.sentOn === conn && now >= this.#receiptDeadline(conn, entry)) {
                    // dropped on the way (over the rate), or the server is slow: the same id again
                    this.#retryPublish(entry, new SurewireError('timeout',
                        `surewire: no receipt for the publish to ${entry.topic} after ${entry.sends} sends`
                        + ` (${this.#host.options.receiptTimeoutMs} ms each); it may or may not have been committed,`
                        + ' and publishing it again with the same clientMsgId is safe',
                        { topic: entry.topic, clientMsgId: entry.clientMsgId }), 0);
                }
            }
            this.#armReceiptTimer(conn);
            this.#host.pump(conn);
        }, Math.max(0, first - this.#host.env.now()));
    }

    /**
     * A publish is sent again, with its id, after `delayMs`; once it has been sent again
     * `publishRetryLimit` times it is rejected with `error` instead.
     */
    #retryPublish(entry, error, delayMs) {
        if (entry.retries >= this.#host.options.publishRetryLimit) {
            this.#queue.reject(entry.clientMsgId, error);
            return;
        }
        entry.retries += 1;
        entry.sentOn = null;
        entry.notBefore = this.#host.env.now() + delayMs;
    }

    onReceipt(frame) {
        const entry = this.#queue.resolve(frame.client_msg_id, {
            topic: frame.topic, seq: frame.seq, duplicate: Boolean(frame.duplicate), client_msg_id: frame.client_msg_id,
        });
        if (!entry) {
            return; // a second receipt (the publish was sent again), or not ours
        }
        this.#host.stats.receipts += 1;
        this.#host.emit('receipt', frame);
        const conn = this.#host.conn;
        if (conn && entry.sentOn === conn) {
            conn.lastReceiptAt = this.#host.env.now();
            // the server runs a connection's publishes in order: one sent before this one and still
            // unanswered never arrived (dropped over the rate); it goes again, not as a retry
            for (const skipped of this.#queue.entries()) {
                if (skipped.sentOn === conn && skipped.sentAs < entry.sentAs) {
                    this.#host.log(`publish ${skipped.clientMsgId} was skipped by the server: sending it again`);
                    skipped.sentOn = null;
                }
            }
            this.#host.pump(conn); // room in the window, and what was skipped
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
            this.#host.env.clearTimeout(this.#httpRetryTimer);
            this.#httpRetryTimer = this.#host.env.setTimeout(() => this.flush(), ms);
        };
        try {
            for (;;) {
                if (this.#host.state !== 'fallback') {
                    return;
                }
                const entry = this.#queue.entries().find((e) => !e.inflight);
                if (!entry) {
                    return;
                }
                if (this.#rejectIfExpired(entry)) {
                    continue;
                }
                const wait = entry.notBefore - this.#host.env.now();
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
            const res = await this.#host.http.send('POST', `/api/v1/topics/${topicPath(entry.topic)}/events`, {
                body: entry.payload, headers: { 'Idempotency-Key': entry.clientMsgId, 'Surewire-Client-Id': this.#host.clientId },
                timeoutMs: this.#host.options.httpTimeoutMs,
            });
            this.#httpFailures = 0;
            if (res.status === 201 || res.status === 200) {
                const body = res.body ?? {};
                this.#host.stats.receipts += 1;
                this.#queue.resolve(entry.clientMsgId, {
                    topic: body.topic ?? entry.topic, seq: body.seq, epoch: body.epoch, id: body.id,
                    duplicate: Boolean(body.duplicate), client_msg_id: entry.clientMsgId,
                });
                this.#host.emit('receipt', { ...body, client_msg_id: entry.clientMsgId });
                return {};
            }
            const refusal = res.status === 403
                ? publishForbidden(entry, res.body?.message, { status: 403 })
                : new SurewireError(res.body?.code ?? `http_${res.status}`,
                    res.body?.message ?? `publish refused with HTTP ${res.status}`,
                    { status: res.status, topic: entry.topic, clientMsgId: entry.clientMsgId });
            if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
                this.#queue.reject(entry.clientMsgId, refusal);
                return {};
            }
            return this.#retryHttpPublish(entry, refusal);
        } catch (error) {
            if (error?.code === 'unauthorized') {
                return {}; // the client stopped; the publish waits for the next connect()
            }
            if (error?.code === 'timeout') {
                return this.#retryHttpPublish(entry, new SurewireError('timeout',
                    `surewire: the publish to ${entry.topic} got no answer within ${this.#host.options.httpTimeoutMs} ms`
                    + ` (${entry.sends} sends); it may or may not have been committed, and publishing it again`
                    + ' with the same clientMsgId is safe', { topic: entry.topic, clientMsgId: entry.clientMsgId }));
            }
            this.#host.log('fallback publish failed', error);
            this.#httpFailures += 1;
            const delay = Math.min(this.#host.options.pollRetryMaxMs, this.#host.options.pollRetryMs * 2 ** (this.#httpFailures - 1));
            return { waitMs: jitterDelay(delay, 0.2, this.#host.env.random) };
        } finally {
            entry.inflight = false;
            if (this.#host.wsReady() && this.#queue.get(entry.clientMsgId)) {
                this.flush(); // the WebSocket came back meanwhile: it takes over
            }
        }
    }

    #retryHttpPublish(entry, error) {
        const delay = jitterDelay(this.#host.options.publishRetryMs * (entry.retries + 1), 0.2, this.#host.env.random);
        this.#retryPublish(entry, error, delay);
        return this.#queue.get(entry.clientMsgId) ? { waitMs: delay } : {};
    }

    refused(entry, frame, overRate) {
        const error = frame.code === 'forbidden'
            ? publishForbidden(entry, frame.message)
            : new SurewireError(frame.code ?? 'refused', frame.message ?? 'publish refused',
                { topic: entry.topic, clientMsgId: entry.clientMsgId });
        if (!RETRYABLE_PUBLISH_ERRORS.has(frame.code)) {
            this.#queue.reject(entry.clientMsgId, error);
            return;
        }
        const delay = jitterDelay(this.#host.options.publishRetryMs * (entry.retries + 1), 0.2, this.#host.env.random);
        this.#retryPublish(entry, error, overRate ? Math.max(RATE_WINDOW_MS, delay) : delay);
        if (this.#host.conn) {
            this.#host.pump(this.#host.conn);
        }
    }
}
