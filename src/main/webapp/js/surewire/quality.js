/**
 * Connection quality: the level of a latency and loss, and the round trips of the client's own pings.
 *
 * @module surewire/quality
 */

import { QUALITY_LEVELS } from './constants.js';

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

    /** @returns {{latency: number|null, jitter: number|null, loss: number, lastRtt: number|null, samples: number,
     *            level: import('./constants.js').QualityLevel|'unknown'}} */
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
