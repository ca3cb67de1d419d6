// Tokens (PROTOCOL §7): a static `token` or a `getToken` asked before every connection attempt, the
// terminal 4403, and the HTTP fallback's 401 (a fresh token once, then terminal).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachDiagnostics, SurewireClient } from '../../main/webapp/js/surewire.js';
import { fakeDom, settle, setup } from './fakes.test.mjs';

const POLL = /\/api\/v1\/topics\/board\/events\?/;
const TEN_MINUTES = 10 * 60 * 1000;

/** A getToken that answers tok-1, tok-2, … and records what it was asked with. */
function tokens() {
    const calls = [];
    const getToken = (context) => {
        calls.push(context);
        return Promise.resolve(`tok-${calls.length}`);
    };
    return { calls, getToken };
}

const tokenOf = (socket) => new URL(socket.url).searchParams.get('token');

// ---- options ----------------------------------------------------------------------------------

test('token and getToken together are a TypeError, and so is a getToken that is not a function', () => {
    const base = { url: 'http://sw.test', storage: null, location: null, document: null, window: null, WebSocket: null };
    assert.throws(() => new SurewireClient({ ...base, token: 't', getToken: () => 't' }), TypeError);
    assert.throws(() => new SurewireClient({ ...base, token: 't', getToken: () => 't' }), /either 'token'.*or 'getToken'/);
    assert.throws(() => new SurewireClient({ ...base, getToken: 'not a function' }), TypeError);
    assert.doesNotThrow(() => new SurewireClient({ ...base, token: 't' }));
    assert.doesNotThrow(() => new SurewireClient({ ...base, getToken: () => 't' }));
    assert.doesNotThrow(() => new SurewireClient({ ...base, token: undefined, getToken: () => 't' }));
});

// ---- getToken before every attempt ------------------------------------------------------------

test('getToken is asked before every connection attempt, with the client id, and its token goes in that attempt\'s URL', async () => {
    const { calls, getToken } = tokens();
    const env = setup({ clientId: 'tab-1', getToken });
    env.client.connect();
    assert.equal(env.ws.sockets.length, 0, 'no socket before the token');
    await settle();
    assert.equal(env.ws.last().url, 'ws://sw.test/ws/client?client_id=tab-1&version=1&role=frontend&token=tok-1');
    env.ws.last().refuse();
    await env.clock.tick(999);
    assert.equal(calls.length, 1, 'not before the backoff');
    await env.clock.tick(1);
    assert.equal(tokenOf(env.ws.last()), 'tok-2', 'a reconnect after a failed attempt');
    env.ws.last().accept();
    assert.equal(env.client.state, 'open');
    env.ws.last().serverClose(1006);
    await env.clock.tick(1000);
    assert.equal(tokenOf(env.ws.last()), 'tok-3', 'a reconnect after a lost connection');
    env.ws.last().accept();
    env.client.reconnectNow();
    await env.clock.tick(0);
    assert.equal(tokenOf(env.ws.last()), 'tok-4', 'reconnectNow()');
    assert.deepEqual(calls, [1, 2, 3, 4].map(() => ({ clientId: 'tab-1' })));
    assert.equal(env.ws.sockets.length, 4);
    assert.equal(env.client.endpoints.ws, 'ws://sw.test/ws/client?client_id=tab-1&version=1&role=frontend',
        'the endpoint itself carries no token');
});

test('a synchronous getToken works too, and the token is URL-encoded', async () => {
    const env = setup({ getToken: () => 'a+b/c=d&e' });
    env.client.connect();
    await settle();
    assert.equal(tokenOf(env.ws.last()), 'a+b/c=d&e');
    assert.match(env.ws.last().url, /&token=a%2Bb%2Fc%3Dd%26e$/);
});

test('a static token goes in every URL unchanged', () => {
    const env = setup({ token: 'fixed' });
    env.client.connect();
    env.ws.last().refuse();
    env.clock.advance(1000);
    assert.deepEqual(env.ws.sockets.map(tokenOf), ['fixed', 'fixed']);
});

for (const [what, getToken, pattern] of [
    ['rejects', () => Promise.reject(new Error('token service down')), /getToken failed \(token service down\)/],
    ['throws', () => { throw new Error('no session'); }, /getToken failed \(no session\)/],
    ['gives null', () => null, /getToken gave null, not a non-empty string/],
    ['gives an empty string', async () => '', /getToken gave an empty string/],
    ['gives an object', () => ({ token: 'x' }), /getToken gave an object/],
]) {
    test(`a getToken that ${what} fails that attempt like a lost connection: reported, retried with backoff, not terminal`, async () => {
        let fail = true;
        let calls = 0;
        const env = setup({
            getToken: (...args) => {
                calls += 1;
                return fail ? getToken(...args) : 'good';
            },
        });
        env.client.connect();
        await settle();
        assert.equal(env.ws.sockets.length, 0, 'no socket without a token');
        assert.equal(env.client.state, 'reconnecting');
        const error = env.log.error.at(-1);
        assert.equal(error.kind, 'connection');
        assert.equal(error.class, 'token');
        assert.equal(error.terminal, false);
        assert.match(error.message, /^no token for the connection: /);
        assert.match(error.message, pattern);
        assert.doesNotMatch(error.message, /"x"/, 'never shows what it gave');
        assert.deepEqual(env.client.attempts().map((a) => [a.outcome, a.class]), [['failed', 'token']]);
        await env.clock.tick(1000);
        assert.equal(calls, 2, 'asked again after the first backoff delay');
        await env.clock.tick(2000);
        assert.equal(calls, 3, 'and after the second');
        assert.equal(env.client.state, 'reconnecting');
        assert.equal(env.client.failure, null);
        fail = false;
        await env.clock.tick(4000);
        env.ws.last().accept();
        assert.equal(tokenOf(env.ws.last()), 'good');
        assert.equal(env.client.state, 'open');
    });
}

test('a getToken that never answers fails the attempt after connectTimeoutMs, class token, and is retried', async () => {
    let calls = 0;
    const env = setup({ connectTimeoutMs: 5000, getToken: () => (++calls === 1 ? new Promise(() => {}) : 'late-but-fine') });
    env.client.connect();
    await env.clock.tick(4999);
    assert.equal(env.client.state, 'connecting');
    await env.clock.tick(1);
    assert.equal(env.client.state, 'reconnecting');
    assert.equal(env.client.attempts()[0].class, 'token');
    assert.match(env.log.error.at(-1).message, /getToken gave no token within 5000 ms/);
    await env.clock.tick(1000);
    assert.equal(tokenOf(env.ws.last()), 'late-but-fine');
});

test('when getToken answers after disconnect(), no socket is opened', async () => {
    let answer;
    const env = setup({ getToken: () => new Promise((resolve) => { answer = resolve; }) });
    env.client.connect();
    await settle();
    env.client.disconnect();
    answer('too-late');
    await settle();
    assert.equal(env.ws.sockets.length, 0);
    assert.equal(env.client.state, 'idle');
    assert.equal(env.clock.pending, 0);
});

test('with transport auto, used-up attempts go to the fallback whose first request asks getToken again; probes ask too', async () => {
    const { calls, getToken } = tokens();
    const env = setup({ clientId: 'tab-1', getToken, backoff: { maxAttempts: 0 }, fallbackProbeMs: 100 });
    env.client.subscribe('board', { since: 0 });
    env.client.connect();
    await settle();
    env.ws.last().refuse();
    assert.equal(env.client.state, 'fallback');
    await settle();
    assert.equal(calls.length, 2);
    assert.equal(env.http.only('GET', POLL).headers.Authorization, 'Bearer tok-2', 'a fresh token, not the failed attempt\'s');
    await env.clock.tick(100);
    assert.equal(tokenOf(env.ws.last()), 'tok-3', 'the probe has its own');
});

test('a getToken that fails in the fallback is reported once and the polls try again later; not terminal', async () => {
    let fail = true;
    const env = setup({
        transport: 'polling', clientId: 'tab-1',
        getToken: () => (fail ? Promise.reject(new Error('offline')) : 'tok-ok'),
    });
    env.client.subscribe('board', { since: 0 });
    env.client.subscribe('clinic', { since: 0 });
    env.client.connect();
    await settle();
    assert.equal(env.http.requests.length, 0, 'nothing goes out without the token');
    const reported = env.log.error.filter((e) => e.class === 'token');
    assert.equal(reported.length, 1, 'one getToken call, one report, although two polls waited for it');
    assert.equal(reported[0].terminal, false);
    assert.match(reported[0].message, /no token for the HTTP fallback: getToken failed \(offline\)/);
    assert.equal(env.client.state, 'fallback');
    fail = false;
    await env.clock.tick(1000);
    assert.equal(env.http.only('GET', POLL).headers.Authorization, 'Bearer tok-ok');
});

// ---- 4403 ----------------------------------------------------------------------------------------

test('close 4403 is terminal: failed with a reason that says why, reported, shown, never retried, getToken not asked again', async () => {
    const { calls, getToken } = tokens();
    const dom = fakeDom();
    const env = setup({ getToken });
    const panel = attachDiagnostics(env.client, { document: dom.document, window: dom.window, open: true });
    env.client.connect();
    await settle();
    env.ws.last().open();
    env.ws.last().serverClose(4403, 'missing or invalid token');
    const reason = 'the server refused the token (4403): missing, expired, forged, or not for this client_id,'
        + " or the page's origin is not allowed (the server said: missing or invalid token); the client stops";
    assert.equal(env.client.state, 'failed');
    assert.deepEqual(env.client.failure, { code: 4403, reason, class: 'handshake' });
    assert.deepEqual(env.log.state.at(-1), { from: 'connecting', to: 'failed', reason });
    const error = env.log.error.at(-1);
    assert.deepEqual([error.kind, error.code, error.class, error.terminal, error.message], ['connection', 4403, 'handshake', true, reason]);
    panel.render();
    assert.match(dom.byTestId('sw-diag-failure').textContent, /handshake 4403 the server refused the token \(4403\)/);
    await env.clock.tick(TEN_MINUTES);
    assert.equal(env.ws.sockets.length, 1, 'no new attempt');
    assert.equal(calls.length, 1, 'no new token asked');
    assert.equal(env.clock.pending, 0, 'no timer left');
});

test('close 4403 without any token says that the client has none', () => {
    const env = setup();
    env.client.connect();
    env.ws.last().open();
    env.ws.last().serverClose(4403, '');
    assert.equal(env.client.failure.reason, 'the server refused the connection (4403): it needs a token and the client has none'
        + " (pass the token or getToken option), or the page's origin is not allowed; the client stops");
});

test('close 4403 of a probe in the fallback is terminal too', async () => {
    const env = setup({ backoff: { maxAttempts: 0 }, fallbackProbeMs: 100, token: 'old' });
    env.client.connect();
    env.ws.last().refuse();
    assert.equal(env.client.state, 'fallback');
    await env.clock.tick(100);
    env.ws.last().open();
    env.ws.last().serverClose(4403);
    assert.equal(env.client.state, 'failed');
    assert.equal(env.client.failure.code, 4403);
    await env.clock.tick(TEN_MINUTES);
    assert.equal(env.ws.sockets.length, 2);
    assert.equal(env.http.pending('GET').length, 0, 'no poll either');
});

// ---- HTTP 401 in the fallback ------------------------------------------------------------------

test('fallback 401 with getToken: a fresh token once and the request again; a 401 after that is terminal for the client', async () => {
    const { calls, getToken } = tokens();
    const env = setup({ transport: 'polling', clientId: 'tab-1', getToken });
    env.client.subscribe('board', { since: 0 });
    env.client.connect();
    await settle();
    const first = env.http.only('GET', POLL);
    assert.equal(first.headers.Authorization, 'Bearer tok-1');
    first.respond(401, { code: 'unauthorized', message: 'token expired' });
    await settle();
    const again = env.http.only('GET', POLL);
    assert.equal(again.url, first.url, 'the same request');
    assert.equal(again.headers.Authorization, 'Bearer tok-2');
    again.respond(200, { events: [], last_seq: 0 });
    await settle();
    assert.equal(env.client.state, 'fallback');
    assert.equal(env.client.topic('board').status, 'synced');

    const next = env.http.only('GET', POLL);
    assert.equal(next.headers.Authorization, 'Bearer tok-2', 'the renewed token is kept');
    next.respond(401, { code: 'unauthorized', message: 'token expired' });
    await settle();
    const retry = env.http.only('GET', POLL);
    assert.equal(retry.headers.Authorization, 'Bearer tok-3');
    retry.respond(401, { code: 'unauthorized', message: 'signature invalid' });
    await settle();
    assert.equal(env.client.state, 'failed');
    assert.deepEqual(env.client.failure, {
        code: 401, class: 'handshake',
        reason: 'the server refused the token over HTTP (401) again after getToken gave a fresh one'
            + ' (the server said: signature invalid); the client stops',
    });
    assert.equal(env.log.error.at(-1).terminal, true);
    await env.clock.tick(TEN_MINUTES);
    assert.equal(env.http.pending('GET').length, 0, 'no poll after that');
    assert.equal(calls.length, 3);
});

test('fallback 401 without getToken is terminal at once', async () => {
    const env = setup({ transport: 'polling', clientId: 'tab-1', token: 'fixed' });
    env.client.subscribe('board', { since: 0 });
    env.client.connect();
    await settle();
    const poll = env.http.only('GET', POLL);
    assert.equal(poll.headers.Authorization, 'Bearer fixed');
    poll.respond(401, { code: 'unauthorized', message: 'expired' });
    await settle();
    assert.equal(env.client.state, 'failed');
    assert.equal(env.client.failure.code, 401);
    assert.match(env.client.failure.reason, /^the server refused the token over HTTP \(401\).*expired.*; the client stops$/);
    await env.clock.tick(TEN_MINUTES);
    assert.equal(env.http.requests.length, 1);
});

test('two requests refused with the same token share one fresh token; a publish refused 401 for good waits for connect()', async () => {
    const { calls, getToken } = tokens();
    const env = setup({ transport: 'polling', clientId: 'tab-1', getToken });
    env.client.subscribe('board', { since: 0 });
    env.client.subscribe('clinic', { since: 0 });
    env.client.connect();
    await settle();
    for (const request of env.http.pending('GET')) {
        request.respond(401, { code: 'unauthorized' });
    }
    await settle();
    assert.equal(calls.length, 2, 'one getToken call for both');
    assert.deepEqual(env.http.pending('GET').map((r) => r.headers.Authorization), ['Bearer tok-2', 'Bearer tok-2']);

    const publish = env.client.publish('board', { n: 1 }, { clientMsgId: 'k-1' });
    await settle();
    env.http.only('POST', '/events').respond(401, {});
    await settle();
    env.http.only('POST', '/events').respond(401, {});
    await settle();
    assert.equal(env.client.state, 'failed');
    assert.deepEqual(env.client.pendingPublishes().map((p) => p.clientMsgId), ['k-1'], 'not rejected: kept for the next connect()');
    assert.equal(env.clock.pending, 0, 'and not retried meanwhile');
    env.client.connect();
    await settle();
    const post = env.http.only('POST', '/events');
    assert.equal(post.headers.Authorization, 'Bearer tok-4');
    post.respond(201, { topic: 'board', seq: 1, epoch: 7, id: 'e1', duplicate: false });
    assert.equal((await publish).seq, 1);
});
