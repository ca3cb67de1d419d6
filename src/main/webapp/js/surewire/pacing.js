/**
 * Frame pacing under the server's frame rate.
 *
 * @module surewire/pacing
 */

/**
 * Keeps a connection's frames under the server's rate (`max_frames_per_second`): a token bucket
 * that refills at `share` of the limit per second and holds at most a tenth of the limit. Any
 * second then carries at most a tenth plus `share` of the limit, which leaves room for frames
 * that bunch up on the way (with the default share of 0.8, up to 125 ms of jitter).
 */
export class FramePacer {
    /**
     * @param {{limit: number, share?: number, now?: () => number}} options
     *   `limit` frames per second the server takes; `share` of it the client uses
     */
    constructor({ limit, share = 0.8, now = () => Date.now() }) {
        this.limit = limit;
        this.now = now;
        this.perSecond = Math.max(limit * share, 0.1);
        this.minPerSecond = this.perSecond / 8;
        this.burst = Math.max(1, Math.floor(limit / 10));
        this.tokens = this.burst;
        this.last = now();
    }

    #refill() {
        const t = this.now();
        this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.perSecond) / 1000);
        this.last = t;
    }

    /** Milliseconds until the next frame may go; 0 when it may go now. */
    delay() {
        this.#refill();
        return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
    }

    /** One frame goes now. */
    take() {
        this.#refill();
        this.tokens -= 1;
    }

    /** The server said `rate_limited` all the same: half the rate from now (down to an eighth). */
    slowDown() {
        this.#refill();
        this.perSecond = Math.max(this.minPerSecond, this.perSecond / 2);
        this.tokens = Math.min(this.tokens, 0);
    }
}
