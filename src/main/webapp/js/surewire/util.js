/**
 * Small pure helpers: ids, UTF-8 lengths, payload encoding, the client id in storage, the server's
 * endpoints.
 *
 * @module surewire/util
 */

import { CLIENT_ID_PATTERN, MAX_PAYLOAD_DEPTH, PROTOCOL_VERSION } from './constants.js';
import { SurewireError } from './errors.js';

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
export function topicPath(topic) {
    return encodeURIComponent(topic).replace(/%2F/gi, '/').replace(/%3A/gi, ':');
}

/** `value` when it is a positive integer, else `null`. */
export function positiveInteger(value) {
    return Number.isInteger(value) && value > 0 ? value : null;
}
