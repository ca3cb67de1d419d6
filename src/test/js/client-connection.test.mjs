import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SurewireClient, buildEndpoints, loadClientId } from '../../main/webapp/js/surewire.js';
import { FakeStorage, connectOpen, eventFrame, setup } from './fakes.test.mjs';

const transitions = (log) => log.state.map(({ from, to }) => `${from}>${to}`);

test('client_id is generated once, kept in storage and reused', () => {
    const storage = new FakeStorage();
    const first = setup({ storage }).client;
    assert.equal(storage.getItem('surewire.client_id'), first.clientId);
    const second = setup({ storage }).client;
    assert.equal(second.clientId, first.clientId);
    assert.equal(setup({ storage, clientId: 'mine-1' }).client.clientId, 'mine-1', 'an option overrides');
    assert.equal(storage.getItem('surewire.client_id'), first.clientId, 'and does not overwrite the stored one');
});

test('a stored id that breaks the client_id rule is replaced; unusable storage still gives an id', () => {
    const storage = new FakeStorage({ 'surewire.client_id': 'has spaces' });
    assert.equal(loadClientId(storage, 'surewire.client_id', () => 'fresh'), 'fresh');
    assert.equal(storage.getItem('surewire.client_id'), 'fresh');
    const throwing = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('denied'); } };
    assert.equal(loadClientId(throwing, 'k', () => 'x'), 'x');
});

test('connect URL: /ws/client with client_id, version=1, role=frontend; wss for https; base path kept', () => {
    const env = setup({ clientId: 'abc-123' });
    env.client.connect();
    assert.equal(env.ws.last().url, 'ws://sw.test/ws/client?client_id=abc-123&version=1&role=frontend');
    const secure = buildEndpoints('https://example.org:8443/app/', undefined, { clientId: 'a', token: 't.k' });
    assert.equal(secure.ws, 'wss://example.org:8443/app/ws/client?client_id=a&version=1&role=frontend&token=t.k');
    assert.equal(secure.http, 'https://example.org:8443/app');
    const relative = buildEndpoints(undefined, { href: 'http://host:8080/board.html?x=1' }, { clientId: 'a', role: 'admin' });
    assert.equal(relative.ws, 'ws://host:8080/ws/client?client_id=a&version=1&role=admin');
});

test('states: idle -> connecting -> open, with a state event for every transition', () => {
    const env = setup();
    assert.equal(env.client.state, 'idle');
    env.client.connect();
    assert.equal(env.client.state, 'connecting');
    env.ws.last().open();
    assert.equal(env.client.state, 'connecting', 'open means hello received, not socket open');
    env.ws.last().receive({ type: 'hello', heartbeat_interval_ms: 25000 });
    assert.equal(env.client.state, 'open');
    assert.deepEqual(env.log.state, [
        { from: 'idle', to: 'connecting', reason: 'connect()' },
        { from: 'connecting', to: 'open', reason: 'hello' },
    ]);
    assert.equal(env.log.open.length, 1);
});

test('a lost connection goes reconnecting, then open again', () => {
    const env = setup();
    connectOpen(env).serverClose(1006);
    assert.equal(env.client.state, 'reconnecting');
    env.clock.advance(1000);
    env.ws.last().accept();
    assert.deepEqual(transitions(env.log), ['idle>connecting', 'connecting>open', 'open>reconnecting', 'reconnecting>open']);
});

test('close 1012 (an operator disconnected the client) reconnects and resumes, and is not reported as an error', () => {
    const env = setup();
    env.client.subscribe('board', { since: 4 });
    connectOpen(env).serverClose(1012, 'closed by an operator: reconnect');
    assert.equal(env.client.state, 'reconnecting');
    assert.equal(env.log.close.at(-1).class, 'normal');
    assert.equal(env.log.error.length, 0);
    env.clock.advance(1000);
    const socket = env.ws.last();
    socket.accept();
    assert.equal(env.client.state, 'open');
    assert.equal(socket.frames('subscribe')[0].since, 4);
});

for (const code of [4400, 4401, 4402, 4403]) {
    test(`close ${code} is terminal: failed, reason reported, no retry`, () => {
        const env = setup();
        env.client.connect();
        env.ws.last().open();
        env.ws.last().serverClose(code, 'refused because');
        assert.equal(env.client.state, 'failed');
        const { failure } = env.client;
        assert.deepEqual({ ...failure, reason: undefined }, { code, reason: undefined, class: 'handshake' });
        assert.match(failure.reason, new RegExp(`^the server (refused|does not accept) .*\\(${code}\\)`), 'says what was refused, with the code');
        assert.match(failure.reason, /\(the server said: refused because\); the client stops$/, 'with the server\'s reason');
        const error = env.log.error.at(-1);
        assert.equal(error.terminal, true);
        assert.equal(error.code, code);
        assert.equal(error.message, failure.reason);
        assert.equal(env.log.close.at(-1).reason, 'refused because', 'the close event keeps the server\'s own words');
        env.clock.advance(10 * 60 * 1000);
        assert.equal(env.ws.sockets.length, 1, 'no new attempt');
        assert.equal(env.clock.pending, 0, 'no timer left');
    });
}

test('close 4409 (superseded) is terminal for that connection', () => {
    const env = setup();
    connectOpen(env).serverClose(4409, 'superseded');
    assert.equal(env.client.state, 'failed');
    assert.equal(env.client.failure.code, 4409);
    assert.equal(env.client.failure.class, 'superseded');
    env.clock.advance(600000);
    assert.equal(env.ws.sockets.length, 1);
});

for (const code of [1000, 1001, 1006, 1009, 1011, 4408, 4429, 4500]) {
    test(`close ${code} reconnects with backoff`, () => {
        const env = setup();
        connectOpen(env).serverClose(code);
        assert.equal(env.client.state, 'reconnecting');
        env.clock.advance(999);
        assert.equal(env.ws.sockets.length, 1);
        env.clock.advance(1);
        assert.equal(env.ws.sockets.length, 2);
    });
}

test('after failed, connect() starts again', () => {
    const env = setup();
    connectOpen(env).serverClose(4401);
    env.client.connect();
    assert.equal(env.client.state, 'connecting');
    env.ws.last().accept();
    assert.equal(env.client.state, 'open');
    assert.equal(env.client.failure, null);
});

test('shutdown frame: reconnect after reconnect_after_ms (not earlier, at most +20 %)', () => {
    const env = setup({ random: () => 0.999 });
    const socket = connectOpen(env);
    socket.receive({ type: 'shutdown', reconnect_after_ms: 3000 });
    env.clock.advance(500);
    socket.serverClose(1001, 'shutting down');
    assert.equal(env.client.state, 'reconnecting');
    env.clock.advance(2499);
    assert.equal(env.ws.sockets.length, 1, 'not before reconnect_after_ms');
    env.clock.advance(3000 * 0.2 + 1);
    assert.equal(env.ws.sockets.length, 2);
});

test('shutdown frame without the close that should follow: the client leaves by itself', () => {
    const env = setup({ random: () => 0 });
    const socket = connectOpen(env);
    socket.receive({ type: 'shutdown', reconnect_after_ms: 2000 });
    env.clock.advance(2000);
    assert.equal(socket.closedWith.code, 1000);
    assert.equal(env.ws.sockets.length, 2);
});

test('server ping is answered with pong carrying the same ts', () => {
    const env = setup();
    const socket = connectOpen(env);
    socket.receive({ type: 'ping', ts: '2026-11-22T10:00:00.000Z' });
    socket.receive({ type: 'ping', ts: 12345 });
    assert.deepEqual(socket.frames('pong'), [
        { type: 'pong', ts: '2026-11-22T10:00:00.000Z' },
        { type: 'pong', ts: 12345 },
    ]);
});

test('own ping {ts: ms} every pingIntervalMs (default 10 s)', () => {
    const env = setup();
    const socket = connectOpen(env);
    const start = env.clock.now();
    env.clock.advance(9999);
    assert.equal(socket.frames('ping').length, 0);
    env.clock.advance(1);
    socket.receive({ type: 'pong', ts: socket.frames('ping')[0].ts });
    env.clock.advance(10000);
    assert.deepEqual(socket.frames('ping').map((p) => p.ts - start), [10000, 20000]);
});

test('silence for 3 server heartbeat intervals is a dead connection', () => {
    const env = setup({ pingIntervalMs: 0 });
    const socket = connectOpen(env, { heartbeat_interval_ms: 1000 });
    env.clock.advance(2000);
    socket.receive({ type: 'ping', ts: 1 }); // a frame: the silence starts over
    env.clock.advance(2999);
    assert.equal(env.client.state, 'open');
    env.clock.advance(1);
    assert.equal(env.client.state, 'reconnecting');
    assert.equal(env.client.attempts()[0].class, 'timeout');
    assert.equal(socket.closedWith.code, 4000);
});

test('own pings unanswered (pingMissLimit in a row) are a dead connection', () => {
    const env = setup({ pingIntervalMs: 10000, pingTimeoutMs: 4000, pingMissLimit: 2 });
    const socket = connectOpen(env, { heartbeat_interval_ms: 60000 });
    env.clock.advance(14000);
    assert.equal(env.client.state, 'open', 'one miss');
    env.clock.advance(10000);
    assert.equal(env.client.state, 'reconnecting', 'second miss');
    assert.equal(env.client.attempts()[0].class, 'timeout');
});

test('a pong in time clears the count of missed pings', () => {
    const env = setup({ pingIntervalMs: 10000, pingTimeoutMs: 4000, pingMissLimit: 2 });
    const socket = connectOpen(env, { heartbeat_interval_ms: 60000 });
    env.clock.advance(14000); // miss
    env.clock.advance(6000);
    socket.receive({ type: 'pong', ts: socket.frames('ping')[1].ts });
    env.clock.advance(14000); // miss
    assert.equal(env.client.state, 'open');
});

test('after a reconnect every topic is subscribed again with since = last processed seq and its epoch', () => {
    const env = setup();
    const first = connectOpen(env);
    env.client.subscribe('board', { since: 10 });
    env.client.subscribe('news');
    assert.deepEqual(first.frames('subscribe').map(({ topic, since, epoch }) => ({ topic, since, epoch })), [
        { topic: 'board', since: 10, epoch: undefined },
        { topic: 'news', since: undefined, epoch: undefined },
    ]);
    first.receive({ type: 'subscribed', topic: 'board', epoch: 7, last_seq: 12, request_id: first.frames('subscribe')[0].request_id });
    first.receive(eventFrame('board', 11));
    first.receive(eventFrame('board', 12));
    first.receive(eventFrame('board', 14)); // held behind a gap: not processed
    first.receive(eventFrame('news', 3, { epoch: 9 }));
    first.serverClose(1006);
    env.clock.advance(1000);
    const second = env.ws.last();
    second.accept();
    assert.deepEqual(second.frames('subscribe').map(({ topic, since, epoch }) => ({ topic, since, epoch })), [
        { topic: 'board', since: 12, epoch: 7 },
        { topic: 'news', since: 3, epoch: 9 },
    ]);
});

test('topics subscribed while offline are sent after hello', () => {
    const env = setup();
    env.client.subscribe('board', { since: 4 });
    env.client.connect();
    assert.equal(env.ws.last().readyState, 0);
    env.ws.last().accept();
    assert.deepEqual(env.ws.last().frames('subscribe').map((f) => [f.topic, f.since]), [['board', 4]]);
});

test('disconnect(): idle, socket closed with 1000, no retry; connect() resumes', () => {
    const env = setup();
    const socket = connectOpen(env);
    env.client.subscribe('board', { since: 2 });
    env.client.disconnect();
    assert.equal(env.client.state, 'idle');
    assert.equal(socket.closedWith.code, 1000);
    env.clock.advance(600000);
    assert.equal(env.ws.sockets.length, 1);
    env.client.connect();
    env.ws.last().accept();
    assert.equal(env.ws.last().frames('subscribe')[0].since, 2);
});

test('reconnectNow() replaces the connection at once and resets the backoff', () => {
    const env = setup();
    const first = connectOpen(env);
    env.client.reconnectNow();
    assert.equal(first.closedWith.code, 1000);
    assert.equal(env.client.state, 'reconnecting');
    env.clock.advance(0);
    assert.equal(env.ws.sockets.length, 2);
    env.ws.last().accept();
    assert.equal(env.client.state, 'open');
    assert.equal(env.client.quality().reconnects, 1);
});

test('reconnectNow() while waiting for a retry tries at once', () => {
    const env = setup();
    env.client.connect();
    env.ws.last().refuse();
    env.client.reconnectNow();
    env.clock.advance(0);
    assert.equal(env.ws.sockets.length, 2);
});

test('transport auto with no WebSocket in the environment goes to fallback at once', () => {
    const env = setup({ WebSocket: undefined });
    env.client.connect();
    assert.equal(env.client.state, 'fallback');
    assert.equal(env.client.transport, 'polling');
});

test('transport websocket with no WebSocket fails', () => {
    const env = setup({ WebSocket: undefined, transport: 'websocket' });
    env.client.connect();
    assert.equal(env.client.state, 'failed');
});

test('a WebSocket constructor that throws counts as a network failure', () => {
    const env = setup({ WebSocket: class { constructor() { throw new SyntaxError('bad url'); } } });
    env.client.connect();
    assert.equal(env.client.state, 'reconnecting');
    assert.equal(env.client.attempts()[0].class, 'network');
});

test('an unknown transport option is refused', () => {
    assert.throws(() => new SurewireClient({ url: 'http://x', transport: 'carrier-pigeon' }), TypeError);
});

test('a throwing listener does not break the client', () => {
    const env = setup();
    env.client.on('state', () => {
        throw new Error('boom');
    });
    connectOpen(env);
    assert.equal(env.client.state, 'open');
    assert.ok(env.log.error.some((e) => e.kind === 'listener'));
});
