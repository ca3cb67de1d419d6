/**
 * Exponential backoff with jitter: reconnections and the retries of topic requests.
 *
 * @module surewire/backoff
 */

import { DEFAULT_BACKOFF } from './constants.js';

/**
 * Exponential backoff with jitter. Retry n (1-based) waits `delaysMs[n-1]`; past the list each
 * delay doubles the previous one; every base delay is capped at `capMs`; then ±`jitter` (a
 * ratio) is applied. After `maxAttempts` retries `next()` answers `null`.
 */
export class Backoff {
    #attempt = 0;

    /**
     * @param {Partial<import('./constants.js').BackoffOptions>} [options]
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
