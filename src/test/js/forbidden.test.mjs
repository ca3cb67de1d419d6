// What the token does not allow (PROTOCOL §7): `error` `forbidden` for a subscribe or resync is
// terminal for that topic only, for a publish it rejects that publish; over HTTP the same with 403.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SurewireError } from '../../main/webapp/js/surewire.js';
import { FakeStorage, connectOpen, eventFrame, settle, setup } from './fakes.test.mjs';

const QUIET = { pingIntervalMs: 0 };
/** A hello whose heartbeat is long enough that the client never calls the connection silent here. */
const LONG_HEARTBEAT = { heartbeat_interval_ms: 3_600_000 };
const TEN_MINUTES = 10 * 60 * 1000;

function forbid(socket, frame, message = 'the token does not cover this topic') {
    socket.receive({ type: 'error', code: 'forbidden', message, request_id: frame.request_id });
}

function outboxKeys(storage) {
    return [...storage.map.keys()].filter((k) => k.startsWith('surewire.outbox.')).sort();
}

// ---- WebSocket ---------------------------------------------------------------------------------

test('a subscribe refused as forbidden is terminal for that topic: not asked again, reported; the other topics carry on', () => {
    const env = setup(QUIET);
    const socket = connectOpen(env, LONG_HEARTBEAT);
    const secretStatus = [];
    const seen = [];
    env.client.subscribe('secret', { since: 0, onStatus: (s) => secretStatus.push(s) });
    env.client.subscribe('board', { since: 0, onEvent: (e) => seen.push(e.seq) });
    const [secret, board] = socket.frames('subscribe');
    forbid(socket, secret, 'not in the token\'s topics');

    const topic = env.client.topic('secret');
    assert.equal(topic.status, 'out_of_sync');
    assert.deepEqual({ ...topic.error, message: undefined },
        { kind: 'subscribe', code: 'forbidden', message: undefined, retrying: false, attempt: 1, retryAt: null });
    assert.match(topic.error.message, /the token does not allow subscribing to secret \(forbidden\) \(the server said: not in the token's topics\)/);
    const error = env.log.error.at(-1);
    assert.deepEqual([error.kind, error.code, error.topic, error.request_id, error.terminal, error.retrying],
        ['server', 'forbidden', 'secret', secret.request_id, true, false]);
    assert.equal(error.message, topic.error.message);
    assert.equal(secretStatus.at(-1), 'out_of_sync');

    socket.receive({ type: 'subscribed', topic: 'board', epoch: 7, last_seq: 1, request_id: board.request_id });
    socket.receive(eventFrame('board', 1));
    socket.receive({ type: 'replayed', topic: 'board', from_seq: 1, to_seq: 1, request_id: board.request_id });
    assert.equal(env.client.topic('board').status, 'synced');
    env.clock.advance(TEN_MINUTES);
    assert.equal(socket.frames('subscribe').length, 2, 'secret is not asked again (no retry, no timeout)');
    assert.equal(env.client.state, 'open', 'the connection stays open');
    socket.receive(eventFrame('board', 2));
    assert.deepEqual(seen, [1, 2]);
    assert.equal(env.client.topic('secret').error.code, 'forbidden');
});

test('a resync refused as forbidden is terminal for the topic too: no subscribe instead, no retry', () => {
    const env = setup(QUIET);
    const socket = connectOpen(env, LONG_HEARTBEAT);
    env.client.subscribe('board', { since: 0 });
    const [subscribe] = socket.frames('subscribe');
    socket.receive({ type: 'replayed', topic: 'board', from_seq: 1, to_seq: 0, request_id: subscribe.request_id });
    socket.receive(eventFrame('board', 1));
    socket.receive(eventFrame('board', 3));
    const [resync] = socket.frames('resync');
    forbid(socket, resync);
    const topic = env.client.topic('board');
    assert.equal(topic.status, 'out_of_sync');
    assert.equal(topic.error.kind, 'resync');
    assert.equal(topic.error.code, 'forbidden');
    assert.equal(topic.error.retrying, false);
    assert.match(topic.error.message, /does not allow a resync of board/);
    assert.equal(env.log.error.at(-1).terminal, true);
    env.clock.advance(TEN_MINUTES);
    assert.equal(socket.frames('subscribe').length, 1);
    assert.equal(socket.frames('resync').length, 1);
});

test('a forbidden topic is asked again on the next connection (a new token) or by subscribe()', () => {
    const env = setup(QUIET);
    let socket = connectOpen(env, LONG_HEARTBEAT);
    env.client.subscribe('secret', { since: 0 });
    forbid(socket, socket.frames('subscribe')[0]);
    env.client.subscribe('secret');
    assert.equal(socket.frames('subscribe').length, 2, 'subscribe() asks again, even without a new position');
    forbid(socket, socket.frames('subscribe')[1]);
    socket.serverClose(1006);
    env.clock.advance(1000);
    socket = env.ws.last();
    socket.accept(LONG_HEARTBEAT);
    assert.equal(socket.frames('subscribe').length, 1, 'the new connection asks again');
    assert.equal(env.client.topic('secret').error, null);
});

test('a publish refused as forbidden rejects with code forbidden, is never sent again and leaves the outbox', async () => {
    const storage = new FakeStorage();
    const env = setup({ ...QUIET, storage, clientId: 'tab-1', receiptTimeoutMs: 1000 });
    const socket = connectOpen(env, LONG_HEARTBEAT);
    const refused = env.client.publish('secret', { x: 1 }, { clientMsgId: 'k-1' });
    const allowed = env.client.publish('board', { x: 2 }, { clientMsgId: 'k-2' });
    assert.deepEqual(outboxKeys(storage), ['surewire.outbox.tab-1/k-1', 'surewire.outbox.tab-1/k-2']);
    forbid(socket, socket.frames('publish')[0], 'not in the token\'s publish filters');
    await assert.rejects(refused, (error) => {
        assert.ok(error instanceof SurewireError);
        assert.equal(error.code, 'forbidden');
        assert.equal(error.topic, 'secret');
        assert.equal(error.clientMsgId, 'k-1');
        assert.match(error.message, /the token does not allow publishing to secret \(forbidden\) \(the server said: not in the token's publish filters\)/);
        return true;
    });
    assert.deepEqual(env.client.pendingPublishes().map((p) => p.clientMsgId), ['k-2']);
    assert.deepEqual(outboxKeys(storage), ['surewire.outbox.tab-1/k-2']);
    env.clock.advance(1000); // a receipt timeout: k-2 goes again, k-1 does not
    socket.serverClose(1006);
    env.clock.advance(1000);
    const next = env.ws.last();
    next.accept(LONG_HEARTBEAT);
    const sentIds = [...socket.frames('publish'), ...next.frames('publish')].map((f) => f.client_msg_id);
    assert.equal(sentIds.filter((id) => id === 'k-1').length, 1, 'k-1 was sent once');
    assert.ok(sentIds.filter((id) => id === 'k-2').length >= 2, 'while k-2 is still sent again');
    next.receive({ type: 'receipt', client_msg_id: 'k-2', topic: 'board', seq: 1, duplicate: false });
    assert.equal((await allowed).seq, 1);
});

// ---- HTTP fallback -------------------------------------------------------------------------------

test('a poll answered 403 is terminal for that topic with code forbidden; the other topics keep polling', async () => {
    const env = setup({ transport: 'polling', clientId: 'tab-1', token: 't' });
    env.client.subscribe('secret', { since: 0 });
    env.client.subscribe('board', { since: 0 });
    env.client.connect();
    await settle();
    env.http.only('GET', '/topics/secret/').respond(403, { message: 'not in the token\'s topics' });
    env.http.only('GET', '/topics/board/').respond(200, { events: [], last_seq: 0 });
    await settle();
    const topic = env.client.topic('secret');
    assert.equal(topic.status, 'out_of_sync');
    assert.equal(topic.error.code, 'forbidden');
    assert.equal(topic.error.kind, 'poll');
    assert.equal(topic.error.retrying, false);
    assert.match(topic.error.message, /the token does not allow polling secret \(forbidden\)/);
    const error = env.log.error.at(-1);
    assert.deepEqual([error.kind, error.code, error.topic, error.terminal], ['poll', 'forbidden', 'secret', true]);
    assert.equal(env.client.state, 'fallback');
    assert.equal(env.client.topic('board').status, 'synced');
    for (let i = 0; i < 5; i++) {
        env.http.only('GET', '/topics/board/').respond(200, { events: [], last_seq: 0 });
        await env.clock.tick(1000);
    }
    assert.equal(env.http.requests.filter((r) => r.url.includes('/topics/secret/')).length, 1, 'secret is not polled again');
});

test('an HTTP publish answered 403 rejects with code forbidden (even without a code in the body) and is not sent again', async () => {
    const env = setup({ transport: 'polling', clientId: 'tab-1', token: 't' });
    env.client.connect();
    const refused = env.client.publish('secret', { x: 1 }, { clientMsgId: 'k-1' });
    const allowed = env.client.publish('board', { x: 2 }, { clientMsgId: 'k-2' });
    await settle();
    env.http.only('POST', '/topics/secret/').respond(403, {});
    await assert.rejects(refused, (error) => error instanceof SurewireError && error.code === 'forbidden' && error.status === 403
        && /does not allow publishing to secret/.test(error.message));
    await settle();
    env.http.only('POST', '/topics/board/').respond(201, { topic: 'board', seq: 4, epoch: 7, id: 'e4', duplicate: false });
    assert.equal((await allowed).seq, 4);
    await env.clock.tick(TEN_MINUTES);
    assert.equal(env.http.requests.filter((r) => r.url.includes('/topics/secret/')).length, 1);
    assert.deepEqual(env.client.pendingPublishes(), []);
});
