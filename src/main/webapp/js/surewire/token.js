/**
 * The client's tokens: the `token` and `getToken` options, and the token of the moment, fetched
 * from `getToken` once at a time for the WebSocket attempts and the HTTP fallback.
 *
 * @module surewire/token
 */

import { SurewireError } from './errors.js';

/**
 * The tokens `getToken` gives: one call at a time, shared by everyone who needs a token meanwhile.
 * The HTTP requests of the fallback ask for a fresh one when the last is stale.
 */
export class TokenSource {
    /** @param {import('./client.js').ClientHost} host */
    constructor(host) {
        this.#host = host;
    }

    #host;
    /** The last token `getToken` gave (with a static `token`, `options.token` is used instead). */
    #token = null;
    /** The `getToken` call under way, shared by everyone who needs a token meanwhile. */
    #tokenRequest = null;
    /** HTTP requests wait for a fresh token first: set on entering the fallback and after a 401. */
    #httpTokenStale = true;
    /** The failed token request already reported for HTTP (several requests wait for one). */
    #tokenFailureReported = null;

    /** The last token `getToken` gave, or `null`. */
    get token() {
        return this.#token;
    }

    /** The next HTTP request asks `getToken` for a fresh token first. */
    markStale() {
        this.#httpTokenStale = true;
    }

    /**
     * Asks `getToken` for a fresh token. One call at a time: whoever needs a token while one is
     * being fetched shares it. Rejects with a `token_unavailable` {@link SurewireError} when getToken
     * throws, rejects, gives anything but a non-empty string, or gives nothing within
     * `connectTimeoutMs` (then the next caller asks again).
     * @returns {Promise<string>}
     */
    refresh() {
        if (this.#tokenRequest) {
            return this.#tokenRequest;
        }
        const limitMs = this.#host.options.connectTimeoutMs;
        let timer = null;
        const answer = Promise.resolve()
            .then(() => this.#host.options.getToken({ clientId: this.#host.clientId }))
            .then((token) => {
                if (typeof token !== 'string' || token === '') {
                    throw new SurewireError('token_unavailable', `getToken gave ${describeValue(token)}, not a non-empty string`);
                }
                return token;
            }, (error) => {
                throw new SurewireError('token_unavailable', `getToken failed (${error?.message ?? error})`, { cause: error });
            });
        const late = new Promise((resolve, reject) => {
            timer = this.#host.env.setTimeout(() => reject(
                new SurewireError('token_unavailable', `getToken gave no token within ${limitMs} ms`)), limitMs);
        });
        const request = Promise.race([answer, late])
            .then((token) => {
                this.#token = token;
                this.#httpTokenStale = false;
                return token;
            })
            .finally(() => {
                this.#host.env.clearTimeout(timer);
                if (this.#tokenRequest === request) {
                    this.#tokenRequest = null;
                }
            });
        this.#tokenRequest = request;
        return request;
    }

    /** With `getToken`, the token of the next HTTP request: a fresh one when it is stale. */
    async httpToken() {
        if (this.#httpTokenStale || this.#token === null) {
            const refresh = this.refresh();
            try {
                await refresh;
            } catch (error) {
                if (this.#tokenFailureReported !== refresh) {
                    this.#tokenFailureReported = refresh; // one report for every request that waited on it
                    this.#host.reportError({
                        kind: 'connection', class: 'token', code: null, terminal: false, retrying: true, error,
                        message: `no token for the HTTP fallback: ${error.message}; its requests are tried again later`,
                    });
                }
                throw error;
            }
        }
        return this.#token;
    }
}

/** `token` and `getToken` exclude each other; `getToken` must be a function. */
export function checkTokenOptions({ token, getToken }) {
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
