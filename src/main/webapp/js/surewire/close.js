/**
 * How a connection ended (its class, for diagnostics) and what the client does about it.
 *
 * @module surewire/close
 */

import { SUPERSEDED_CLOSE_CODE, TERMINAL_CLOSE_CODES } from './constants.js';

/**
 * Classifies how a connection attempt or connection ended (requirement: diagnostics).
 *
 * | class | when |
 * |---|---|
 * | `handshake` | 4400–4403: the server refused the handshake (terminal) |
 * | `token` | no socket was opened: `getToken` failed, gave no string, or did not answer in time |
 * | `server_error` | 4500, 1011 |
 * | `network` | the socket never opened (refused, blocked, DNS, never answered) |
 * | `timeout` | the client gave up on a silent connection, or the server closed with 4408 |
 * | `abnormal` | 1006 (or 1005) after the socket had opened |
 * | `superseded` | 4409 |
 * | `normal` | 1000, 1001, 1012 (the server asks for a reconnect, e.g. an operator's disconnect) |
 * | `policy` | 1008, 1009, 4429 |
 * | `unknown` | anything else |
 *
 * @param {{code?: number|null, opened?: boolean, timedOut?: boolean, tokenFailed?: boolean}} info
 * @returns {import('./constants.js').ErrorClass}
 */
export function classifyClose({ code = null, opened = false, timedOut = false, tokenFailed = false } = {}) {
    if (TERMINAL_CLOSE_CODES.includes(code)) {
        return 'handshake';
    }
    if (tokenFailed) {
        return 'token';
    }
    if (code === 4500 || code === 1011) {
        return 'server_error';
    }
    if (!opened) {
        return 'network';
    }
    if (timedOut || code === 4408) {
        return 'timeout';
    }
    if (code === 1006 || code === 1005 || code === null) {
        return 'abnormal';
    }
    if (code === SUPERSEDED_CLOSE_CODE) {
        return 'superseded';
    }
    if (code === 1000 || code === 1001 || code === 1012) {
        return 'normal';
    }
    if (code === 1008 || code === 1009 || code === 4429) {
        return 'policy';
    }
    return 'unknown';
}

/**
 * What the client does after a close (PROTOCOL §8).
 * @param {number|null} code
 * @returns {'terminal'|'superseded'|'reconnect'}
 */
export function closeAction(code) {
    if (TERMINAL_CLOSE_CODES.includes(code)) {
        return 'terminal';
    }
    if (code === SUPERSEDED_CLOSE_CODE) {
        return 'superseded';
    }
    return 'reconnect';
}

/** A close code said in words, for a close without a reason. */
export function describeClose(code, cls) {
    const known = {
        1000: 'normal closure', 1001: 'server going away', 1006: 'connection lost without a close frame',
        1009: 'frame too big', 1011: 'server error', 1012: 'closed by the server: reconnect',
        4400: 'unsupported protocol version', 4401: 'invalid role',
        4402: 'invalid client_id', 4403: 'missing or invalid token', 4408: 'heartbeat or ack timeout',
        4409: 'superseded by a newer connection with the same client_id', 4429: 'too many requests or slow consumer',
        4500: 'server error during handshake',
    };
    return known[code] ?? (cls === 'network' ? 'could not connect' : `closed (${code ?? 'no code'})`);
}
