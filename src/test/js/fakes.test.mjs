// Fakes shared by the client's tests: a manual clock, a scriptable WebSocket, a fetch whose
// requests the test answers, a storage and a tiny DOM. The other test files import them.
//
// The file is named *.test.mjs because it lives beside the tests; its own self-tests (at the
// end) run only when the test runner executes this file, not when another test imports it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { SurewireClient } from '../../main/webapp/js/surewire.js';

/** Lets every queued promise continuation run (no time passes). */
export function settle() {
    return new Promise((resolve) => setImmediate(resolve));
}

/** A clock whose time only moves when the test says so; timers fire in time order. */
export class FakeClock {
    constructor(start = 1_700_000_000_000) {
        this.time = start;
        this.timers = new Map();
        this.nextId = 1;
        this.now = () => this.time;
        this.setTimeout = (fn, ms = 0) => {
            const id = this.nextId++;
            this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
            return id;
        };
        this.clearTimeout = (id) => {
            this.timers.delete(id);
        };
    }

    #due(end) {
        let best = null;
        for (const [id, timer] of this.timers) {
            if (timer.at <= end && (best === null || timer.at < best.timer.at || (timer.at === best.timer.at && id < best.id))) {
                best = { id, timer };
            }
        }
        return best;
    }

    /** Moves time forward by `ms`, firing due timers (synchronously) in order. */
    advance(ms) {
        const end = this.time + ms;
        for (let due = this.#due(end); due; due = this.#due(end)) {
            this.timers.delete(due.id);
            this.time = due.timer.at;
            due.timer.fn();
        }
        this.time = end;
    }

    /** As {@link advance}, letting promise continuations run after every timer. */
    async tick(ms) {
        await settle();
        const end = this.time + ms;
        for (let due = this.#due(end); due; due = this.#due(end)) {
            this.timers.delete(due.id);
            this.time = due.timer.at;
            due.timer.fn();
            await settle();
        }
        this.time = end;
        await settle();
    }

    /** Number of pending timers. */
    get pending() {
        return this.timers.size;
    }
}

/** A deterministic pseudo-random generator in [0, 1) (a linear congruential generator). */
export function seededRandom(seed = 42) {
    let state = seed >>> 0;
    return () => {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        return state / 2 ** 32;
    };
}

/** A WebSocket class whose server side the test drives; `sockets` lists every instance. */
export function fakeWebSocket() {
    const sockets = [];
    class FakeWebSocket {
        static CONNECTING = 0;
        static OPEN = 1;
        static CLOSING = 2;
        static CLOSED = 3;

        constructor(url) {
            this.url = url;
            this.readyState = 0;
            this.sent = [];
            this.closedWith = null;
            this.onopen = this.onmessage = this.onerror = this.onclose = null;
            sockets.push(this);
        }

        send(text) {
            if (this.readyState !== 1) {
                throw new Error('InvalidStateError: not open');
            }
            this.sent.push(JSON.parse(text));
        }

        close(code, reason) {
            if (this.readyState >= 2) {
                return;
            }
            this.closedWith = { code, reason };
            this.readyState = 3;
        }

        // ---- the server's side ----
        open() {
            this.readyState = 1;
            this.onopen?.({ type: 'open' });
        }

        /** Opens and sends `hello`. */
        accept(hello = {}) {
            this.open();
            this.receive({
                type: 'hello', server_time: '2026-11-22T10:00:00.000Z', accepted_version: 1,
                features: ['heartbeat', 'ack', 'resync', 'publish', 'durable_cursor'], request_id: 'r',
                client_id: 'c', session_id: `session-${sockets.indexOf(this) + 1}`,
                heartbeat_interval_ms: 25000, ack_timeout_ms: 5000, max_retries: 3,
                max_frame_bytes: 65536, max_frames_per_second: 500, ...hello,
            });
        }

        receive(frame) {
            this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
        }

        serverClose(code, reason = '') {
            this.readyState = 3;
            this.onclose?.({ code, reason, wasClean: code !== 1006 });
        }

        /** The connection never opens (refused, blocked): error, then close 1006. */
        refuse() {
            this.readyState = 3;
            this.onerror?.({ type: 'error' });
            this.onclose?.({ code: 1006, reason: '', wasClean: false });
        }

        frames(type) {
            return this.sent.filter((f) => type === undefined || f.type === type);
        }
    }
    return { WebSocket: FakeWebSocket, sockets, last: () => sockets[sockets.length - 1] };
}

/** A fetch whose requests wait until the test answers them. */
export function fakeFetch() {
    const requests = [];
    const fetch = (url, init = {}) => new Promise((resolve, reject) => {
        const request = {
            url,
            method: init.method ?? 'GET',
            headers: init.headers ?? {},
            body: init.body === undefined ? undefined : JSON.parse(init.body),
            settled: false,
            aborted: false,
            respond(status, body) {
                if (request.settled) {
                    throw new Error(`request ${url} already settled`);
                }
                request.settled = true;
                resolve({ status, ok: status >= 200 && status < 300, text: async () => (body === undefined ? '' : JSON.stringify(body)) });
            },
            fail(error = new TypeError('Failed to fetch')) {
                request.settled = true;
                reject(error);
            },
        };
        init.signal?.addEventListener('abort', () => {
            if (!request.settled) {
                request.settled = true;
                request.aborted = true;
                reject(new DOMException('The operation was aborted.', 'AbortError'));
            }
        });
        requests.push(request);
    });
    /** Pending requests whose method and URL match. */
    const pending = (method, pattern) => requests.filter((r) => !r.settled && r.method === method
        && (pattern === undefined || (pattern instanceof RegExp ? pattern.test(r.url) : r.url.includes(pattern))));
    /** The only pending request matching; fails the test otherwise. */
    const only = (method, pattern) => {
        const found = pending(method, pattern);
        assert.equal(found.length, 1, `expected one pending ${method} ${pattern}, found ${found.map((r) => r.url).join(', ') || 'none'}`);
        return found[0];
    };
    return { fetch, requests, pending, only };
}

/** localStorage's interface over a Map. */
export class FakeStorage {
    constructor(entries = {}) {
        this.map = new Map(Object.entries(entries));
    }

    getItem(key) {
        return this.map.has(key) ? this.map.get(key) : null;
    }

    setItem(key, value) {
        this.map.set(key, String(value));
    }

    removeItem(key) {
        this.map.delete(key);
    }

    key(index) {
        return [...this.map.keys()][index] ?? null;
    }

    get length() {
        return this.map.size;
    }
}

/** Every event of `client`, by type, in order. */
export function recordEvents(client) {
    const log = {};
    for (const type of ['state', 'open', 'close', 'event', 'reset', 'replayed', 'sync', 'receipt', 'quality', 'attempt', 'error']) {
        log[type] = [];
        client.on(type, (data) => log[type].push(data));
    }
    return log;
}

/**
 * A client wired to fakes: url http://sw.test, random 0.5 (no jitter), ids id-1, id-2, …
 * `options.storage` replaces the fresh storage (a second client over the same storage is a reload).
 * @returns {{client: SurewireClient, clock: FakeClock, ws: ReturnType<typeof fakeWebSocket>,
 *            http: ReturnType<typeof fakeFetch>, storage: FakeStorage, log: object}}
 */
export function setup(options = {}) {
    const clock = new FakeClock();
    const ws = fakeWebSocket();
    const http = fakeFetch();
    const storage = options.storage ?? new FakeStorage();
    let ids = 0;
    const client = new SurewireClient({
        url: 'http://sw.test',
        WebSocket: ws.WebSocket,
        fetch: http.fetch,
        timers: clock,
        now: clock.now,
        random: () => 0.5,
        uuid: () => `id-${++ids}`,
        storage,
        location: null,
        document: null,
        window: null,
        ...options,
    });
    const log = recordEvents(client);
    return { client, clock, ws, http, storage, log };
}

/** Connects `client` and answers the socket with hello; returns the socket. */
export function connectOpen(env, hello) {
    env.client.connect();
    const socket = env.ws.last();
    socket.accept(hello);
    return socket;
}

/** An `event` frame. */
export function eventFrame(topic, seq, extra = {}) {
    return {
        type: 'event', topic, seq, epoch: 7, id: `e${seq}`, ts: '2026-11-22T10:00:00.000Z',
        requires_ack: true, payload: { n: seq }, redelivery: 0, ...extra,
    };
}

// ---- a very small DOM: enough for the diagnostics panel ----

class FakeElement {
    constructor(tagName, ownerDocument) {
        this.tagName = tagName.toUpperCase();
        this.ownerDocument = ownerDocument;
        this.children = [];
        this.attributes = new Map();
        this.listeners = new Map();
        this.parentNode = null;
        this.text = '';
    }

    setAttribute(name, value) {
        this.attributes.set(name, String(value));
    }

    getAttribute(name) {
        return this.attributes.has(name) ? this.attributes.get(name) : null;
    }

    appendChild(child) {
        child.parentNode?.removeChild(child);
        child.parentNode = this;
        this.children.push(child);
        return child;
    }

    removeChild(child) {
        this.children = this.children.filter((c) => c !== child);
        child.parentNode = null;
        return child;
    }

    remove() {
        this.parentNode?.removeChild(this);
    }

    set textContent(value) {
        for (const child of this.children) {
            child.parentNode = null;
        }
        this.children = [];
        this.text = String(value);
    }

    get textContent() {
        return this.text + this.children.map((c) => c.textContent).join('');
    }

    addEventListener(type, listener) {
        if (!this.listeners.has(type)) {
            this.listeners.set(type, []);
        }
        this.listeners.get(type).push(listener);
    }

    removeEventListener(type, listener) {
        this.listeners.set(type, (this.listeners.get(type) ?? []).filter((l) => l !== listener));
    }

    click() {
        for (const listener of this.listeners.get('click') ?? []) {
            listener({ type: 'click', target: this });
        }
    }

    matches(selector) {
        const match = /^([a-z0-9]*)((?:\[[^\]]+\])*)$/i.exec(selector);
        if (!match) {
            throw new Error(`fake DOM: unsupported selector ${selector}`);
        }
        if (match[1] && match[1].toUpperCase() !== this.tagName) {
            return false;
        }
        for (const [, name, value] of match[2].matchAll(/\[([^=\]]+)(?:="([^"]*)")?\]/g)) {
            const actual = this.getAttribute(name);
            if (actual === null || (value !== undefined && actual !== value)) {
                return false;
            }
        }
        return true;
    }

    querySelectorAll(selector) {
        const found = [];
        const walk = (el) => {
            for (const child of el.children) {
                if (child.matches(selector)) {
                    found.push(child);
                }
                walk(child);
            }
        };
        walk(this);
        return found;
    }

    querySelector(selector) {
        return this.querySelectorAll(selector)[0] ?? null;
    }
}

/** A document with head and body, and a window that records key listeners. */
export function fakeDom() {
    const document = {
        createElement: (tag) => new FakeElement(tag, document),
        querySelector: (selector) => document.documentElement.querySelector(selector),
        querySelectorAll: (selector) => document.documentElement.querySelectorAll(selector),
    };
    document.documentElement = new FakeElement('html', document);
    document.head = document.documentElement.appendChild(new FakeElement('head', document));
    document.body = document.documentElement.appendChild(new FakeElement('body', document));
    const listeners = new Map();
    const window = {
        addEventListener(type, listener) {
            if (!listeners.has(type)) {
                listeners.set(type, []);
            }
            listeners.get(type).push(listener);
        },
        removeEventListener(type, listener) {
            listeners.set(type, (listeners.get(type) ?? []).filter((l) => l !== listener));
        },
        dispatch(type, event) {
            for (const listener of listeners.get(type) ?? []) {
                listener(event);
            }
        },
        listenerCount(type) {
            return (listeners.get(type) ?? []).length;
        },
    };
    /** The element with `data-testid`, or null. */
    const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
    return { document, window, byTestId };
}

// ---- self-tests: the fakes the other tests trust ----

const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;

if (runDirectly) {
    test('FakeClock fires timers in time order, ties in creation order, and not before they are due', () => {
        const clock = new FakeClock(0);
        const fired = [];
        clock.setTimeout(() => fired.push('b@20'), 20);
        clock.setTimeout(() => fired.push('a@10'), 10);
        clock.setTimeout(() => fired.push('c@20'), 20);
        const cancelled = clock.setTimeout(() => fired.push('cancelled'), 5);
        clock.clearTimeout(cancelled);
        clock.advance(19);
        assert.deepEqual(fired, ['a@10']);
        clock.advance(1);
        assert.deepEqual(fired, ['a@10', 'b@20', 'c@20']);
        assert.equal(clock.now(), 20);
    });

    test('FakeClock runs timers scheduled by timers within the same advance', () => {
        const clock = new FakeClock(0);
        const fired = [];
        clock.setTimeout(() => {
            fired.push(clock.now());
            clock.setTimeout(() => fired.push(clock.now()), 10);
        }, 10);
        clock.advance(25);
        assert.deepEqual(fired, [10, 20]);
    });

    test('seededRandom is deterministic and stays in [0, 1)', () => {
        const a = seededRandom(7);
        const b = seededRandom(7);
        for (let i = 0; i < 1000; i++) {
            const x = a();
            assert.equal(x, b());
            assert.ok(x >= 0 && x < 1);
        }
    });

    test('fake fetch rejects an aborted request with AbortError', async () => {
        const { fetch, requests } = fakeFetch();
        const controller = new AbortController();
        const pending = fetch('http://x/y', { signal: controller.signal });
        controller.abort();
        await assert.rejects(pending, { name: 'AbortError' });
        assert.ok(requests[0].aborted);
    });

    test('fake DOM finds elements by attribute selectors', () => {
        const { document, byTestId } = fakeDom();
        const div = document.createElement('div');
        div.setAttribute('data-testid', 'x');
        document.body.appendChild(div);
        assert.equal(byTestId('x'), div);
        div.remove();
        assert.equal(byTestId('x'), null);
    });
}
