/**
 * The event emitter the client is.
 *
 * @module surewire/emitter
 */

/** A minimal event emitter; a throwing listener never breaks the emitter or other listeners. */
export class Emitter {
    #listeners = new Map();
    #onListenerError;

    /** @param {(error: unknown, type: string) => void} [onListenerError] */
    constructor(onListenerError) {
        this.#onListenerError = onListenerError ?? (() => {});
    }

    /**
     * Adds a listener.
     * @param {string} type
     * @param {(data: any) => void} listener
     * @returns {() => void} removes the listener
     */
    on(type, listener) {
        if (!this.#listeners.has(type)) {
            this.#listeners.set(type, new Set());
        }
        this.#listeners.get(type).add(listener);
        return () => this.off(type, listener);
    }

    /** Adds a listener called at most once. */
    once(type, listener) {
        const off = this.on(type, (data) => {
            off();
            listener(data);
        });
        return off;
    }

    /** Removes a listener. */
    off(type, listener) {
        this.#listeners.get(type)?.delete(listener);
    }

    /** Calls the listeners of `type` with `data`. */
    emit(type, data) {
        const listeners = this.#listeners.get(type);
        if (!listeners) {
            return;
        }
        for (const listener of [...listeners]) {
            try {
                listener(data);
            } catch (error) {
                this.#onListenerError(error, type);
            }
        }
    }

    /** Removes every listener. */
    removeAllListeners() {
        this.#listeners.clear();
    }
}
