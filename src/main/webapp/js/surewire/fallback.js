/**
 * The HTTP long-poll fallback: the server's REST API with the client's token, and one long-poll
 * per topic while the client is in `fallback` (publishes and acks go over the same API meanwhile).
 *
 * @module surewire/fallback
 */

import { jitterDelay } from './backoff.js';
import { SurewireError } from './errors.js';
import { topicPath } from './util.js';

/** The server's HTTP API, as the client's fallback uses it: JSON requests with its token. */
export class HttpApi {
    /** @param {import('./client.js').ClientHost} host */
    constructor(host) {
        this.#host = host;
    }

    #host;

    /**
     * One JSON request to the server's HTTP API with the client's token. A 401 with `getToken` gets a
     * fresh token and is sent once more; a 401 after that, or without `getToken`, is terminal for
     * the client (in `fallback`) and rejects with `unauthorized`. A token `getToken` cannot give
     * rejects with `token_unavailable`, as a request that did not reach the server.
     * @returns {Promise<{status: number, body: any}>}
     */
    async send(method, path, request = {}) {
        // without getToken the request goes out at once (no await before it)
        let token = this.#host.options.getToken ? await this.#host.tokens.httpToken() : this.#host.options.token || null;
        let res = await this.#fetch(method, path, request, token);
        if (res.status === 401 && this.#host.options.getToken) {
            if (this.#host.tokens.token === token) {
                this.#host.tokens.markStale(); // else another request has renewed it meanwhile
            }
            token = await this.#host.tokens.httpToken();
            res = await this.#fetch(method, path, request, token);
        }
        if (res.status === 401) {
            throw this.#unauthorized(res);
        }
        return res;
    }

    /**
     * The server refused the token over HTTP for good: terminal for the client while it polls.
     * @returns {SurewireError} the `unauthorized` error the request rejects with
     */
    #unauthorized(res) {
        const said = res.body?.message ? ` (the server said: ${res.body.message})` : '';
        const reason = this.#host.options.getToken
            ? `the server refused the token over HTTP (401) again after getToken gave a fresh one${said}; the client stops`
            : `the server refused the token over HTTP (401): ${this.#host.options.token ? 'expired, forged, or not for this client_id'
                : 'it needs one and the client has none (pass the token or getToken option)'}${said}; the client stops`;
        if (this.#host.state === 'fallback') {
            this.#host.fail({ code: 401, reason, class: 'handshake' });
        }
        return new SurewireError('unauthorized', `surewire: ${reason}`, { status: 401 });
    }

    /**
     * One JSON request, aborted after `timeoutMs` (then it rejects with a `timeout`
     * {@link SurewireError}) or when `signal` aborts.
     * @param {string} method
     * @param {string} path
     * @param {{body?: any, headers?: Record<string, string>, signal?: AbortSignal|null, timeoutMs?: number}} [request]
     * @param {string|null} [token]
     * @returns {Promise<{status: number, body: any}>}
     */
    async #fetch(method, path, { body, headers = {}, signal, timeoutMs = this.#host.options.httpTimeoutMs } = {}, token = null) {
        if (signal?.aborted) {
            throw new SurewireError('aborted', `surewire: ${method} ${path} was aborted`); // while it waited for a token
        }
        /** @type {{method: string, headers: Record<string, string>, signal: AbortSignal|null|undefined, body?: string}} */
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
        const Controller = this.#host.env.AbortController;
        if (Controller && timeoutMs > 0) {
            const controller = new Controller();
            if (signal?.aborted) {
                controller.abort();
            }
            signal?.addEventListener?.('abort', () => controller.abort(), { once: true });
            timer = this.#host.env.setTimeout(() => {
                timedOut = true;
                controller.abort();
            }, timeoutMs);
            init.signal = controller.signal;
        }
        try {
            const response = await this.#host.env.fetch(this.#host.endpoints.http + path, init);
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
            this.#host.env.clearTimeout(timer);
        }
    }
}

/** The long-polls of the fallback: one loop per topic, all of them ended at once when it is left. */
export class LongPoll {
    /** @param {import('./client.js').ClientHost} host */
    constructor(host) {
        this.#host = host;
    }

    #host;
    #generation = 0;
    #controllers = new Set();

    /** Starts polling every topic (the client enters the fallback). */
    startAll() {
        const generation = ++this.#generation;
        for (const stream of this.#host.topics.streams.values()) {
            this.start(stream, generation);
        }
    }

    start(stream, generation = this.#generation) {
        stream.pollController?.abort();
        stream.reposition();
        stream.error = null; // what the WebSocket was refused does not hold for the polls
        stream.subscribeRetry = stream.resyncRetry = null;
        stream.awaitingReplay = true;
        const token = {};
        stream.pollToken = token;
        this.#host.topics.updateStatus(stream);
        this.#loop(stream, generation, token).catch((error) => {
            this.#host.reportError({ kind: 'poll', topic: stream.topic, message: String(error?.message ?? error), error });
        });
    }

    /** Ends every poll (the client leaves the fallback or stops). */
    stop() {
        this.#generation += 1;
        for (const controller of this.#controllers) {
            controller.abort();
        }
        this.#controllers.clear();
        for (const stream of this.#host.topics.streams.values()) {
            stream.pollFailing = false;
        }
    }

    /** Long-polls one topic while the client is in fallback with this generation. */
    async #loop(stream, generation, token) {
        const active = () => this.#generation === generation && this.#host.state === 'fallback'
            && this.#host.topics.streams.get(stream.topic) === stream && stream.pollToken === token;
        let failures = 0;
        const pause = async (reason) => {
            failures += 1;
            stream.pollFailing = true;
            this.#host.topics.updateStatus(stream);
            this.#host.log(`poll of ${stream.topic} failed (${reason})`);
            const delay = Math.min(this.#host.options.pollRetryMaxMs, this.#host.options.pollRetryMs * 2 ** (failures - 1));
            await new Promise((resolve) => this.#host.env.setTimeout(resolve, jitterDelay(delay, 0.2, this.#host.env.random)));
        };
        while (active()) {
            if (stream.resetting) {
                await stream.resetDone;
                continue;
            }
            const controller = this.#host.env.AbortController ? new this.#host.env.AbortController() : null;
            stream.pollController = controller;
            if (controller) {
                this.#controllers.add(controller);
            }
            // until the topic is caught up the server answers at once (wait=0), then it long-polls
            const catchingUp = stream.awaitingReplay || stream.gapped;
            let res;
            try {
                const wait = catchingUp ? 0 : this.#host.options.pollWaitSeconds;
                res = stream.lastSeq === null
                    ? await this.#host.http.send('GET', `/api/v1/topics/${topicPath(stream.topic)}`, { signal: controller?.signal })
                    : await this.#host.http.send('GET', `/api/v1/topics/${topicPath(stream.topic)}/events?since=${stream.lastSeq}`
                        + `&wait=${wait}&limit=${this.#host.options.pollLimit}`,
                    // a long-poll may take its wait; the timeout counts after it
                    { signal: controller?.signal, timeoutMs: wait * 1000 + this.#host.options.httpTimeoutMs });
            } catch (error) {
                if (!active()) {
                    return;
                }
                await pause(String(error?.message ?? error));
                continue;
            } finally {
                this.#controllers.delete(controller);
            }
            if (!active()) {
                return;
            }
            this.#host.stats.polls += 1;
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
                    this.#host.topics.acceptEvent(stream, event);
                }
                if (!stream.gapped && stream.lastSeq !== null && stream.lastSeq >= (res.body?.last_seq ?? 0)) {
                    stream.awaitingReplay = false;
                }
                this.#host.topics.updateStatus(stream);
            } else if (res.status === 409 && res.body?.last_seq !== undefined) {
                failures = 0;
                stream.pollFailing = false;
                await this.#host.topics.handleReset(stream, { type: 'reset', topic: stream.topic, ...res.body });
            } else if (res.status === 403) {
                this.#host.topics.forbidden(stream, 'poll', res.body?.message ?? 'HTTP 403');
                return;
            } else if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
                stream.error = { code: res.body?.code ?? `http_${res.status}`, message: res.body?.message ?? `HTTP ${res.status}` };
                this.#host.topics.updateStatus(stream);
                this.#host.reportError({ kind: 'poll', topic: stream.topic, ...stream.error });
                return;
            } else {
                await pause(`HTTP ${res.status}`);
            }
        }
    }
}
