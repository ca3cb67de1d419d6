/**
 * The error the client reports.
 *
 * @module surewire/errors
 */

/**
 * An error the client reports: a refused publish, a full queue, a server `error` frame, a close.
 * `code` is a short machine-readable string (`queue_full`, `destroyed`, a server error code, …).
 */
export class SurewireError extends Error {
    /**
     * @param {string} code
     * @param {string} message
     * @param {Record<string, unknown>} [details]
     */
    constructor(code, message, details = {}) {
        super(message);
        this.name = 'SurewireError';
        this.code = code;
        Object.assign(this, details);
    }
}
