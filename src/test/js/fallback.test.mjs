import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventFrame, settle, setup } from './fakes.test.mjs';

const POLL = /\/api\/v1\/topics\/board\/events\?/;

function polling(options = {}) {
    const env = setup({ transport: 'polling', clientId: 'tab-1', ...options });
    env.client.connect();
    return env;
}

test('transport polling: state fallback and one poll per topic: a catch-up (wait=0), then long-polls (wait=25)', async () => {
    const env = polling();
    assert.equal(env.client.state, 'fallback');
    assert.deepEqual(env.log.state.at(-1), { from: 'idle', to: 'fallback', reason: 'transport is polling' });
    env.client.subscribe('board', { since: 5 });
    env.client.subscribe('clinic/rooms', { since: 0 });
    await settle();
    const catchUp = env.http.only('GET', POLL);
    assert.equal(catchUp.url, 'http://sw.test/api/v1/topics/board/events?since=5&wait=0&limit=100');
    assert.equal(env.http.only('GET', 'clinic').url, 'http://sw.test/api/v1/topics/clinic/rooms/events?since=0&wait=0&limit=100');
    assert.equal(env.client.topic('board').status, 'syncing');
    catchUp.respond(200, { events: [], last_seq: 5 });
    await settle();
    assert.equal(env.client.topic('board').status, 'synced', 'caught up at once, not after a 25 s wait');
    assert.equal(env.http.only('GET', POLL).url, 'http://sw.test/api/v1/topics/board/events?since=5&wait=25&limit=100');
    assert.equal(env.ws.sockets.length, 0, 'polling never tries the WebSocket');
});

test('a catch-up answer that ends before last_seq (limit reached) is followed by another catch-up', async () => {
    const env = polling();
    env.client.subscribe('board', { since: 0 });
    await settle();
    env.http.only('GET', POLL).respond(200, { events: [1, 2].map((s) => eventFrame('board', s)), last_seq: 250 });
    await settle();
    assert.equal(env.client.topic('board').status, 'syncing');
    assert.match(env.http.only('GET', POLL).url, /since=2&wait=0&/);
});

test('polled events are delivered in order through the same seq tracking, then the next poll asks from there', async () => {
    const env = polling();
    const seen = [];
    env.client.subscribe('board', { since: 5, onEvent: (e) => seen.push(e.seq) });
    await settle();
    env.http.only('GET', POLL).respond(200, { events: [5, 6, 7].map((s) => eventFrame('board', s)), last_seq: 7 });
    await settle();
    assert.deepEqual(seen, [6, 7], 'seq 5 is a duplicate');
    assert.equal(env.client.topic('board').status, 'synced');
    assert.match(env.http.only('GET', POLL).url, /since=7&/);
});

test('fallback acks are cumulative POSTs to /api/v1/clients/{client_id}/acks', async () => {
    const env = polling();
    env.client.subscribe('board', { since: 0 });
    await settle();
    env.http.only('GET', POLL).respond(200, { events: [1, 2, 3].map((s) => eventFrame('board', s)), last_seq: 3 });
    await settle();
    assert.equal(env.http.pending('POST').length, 0, 'batched');
    await env.clock.tick(50);
    const ack = env.http.only('POST', '/acks');
    assert.equal(ack.url, 'http://sw.test/api/v1/clients/tab-1/acks');
    assert.deepEqual(ack.body, { topic: 'board', seq: 3 });
    assert.equal(ack.headers['Content-Type'], 'application/json');
});

test('a gap in a poll answer holds the later events and asks again from the last processed seq', async () => {
    const env = polling();
    const seen = [];
    env.client.subscribe('board', { since: 0, onEvent: (e) => seen.push(e.seq) });
    await settle();
    env.http.only('GET', POLL).respond(200, { events: [1, 3].map((s) => eventFrame('board', s)), last_seq: 3 });
    await settle();
    assert.deepEqual(seen, [1]);
    assert.equal(env.client.topic('board').status, 'out_of_sync');
    assert.match(env.http.only('GET', POLL).url, /since=1&/);
    env.http.only('GET', POLL).respond(200, { events: [2, 3].map((s) => eventFrame('board', s)), last_seq: 3 });
    await settle();
    assert.deepEqual(seen, [1, 2, 3]);
    await env.clock.tick(50);
    assert.deepEqual(env.http.pending('POST', '/acks').map((r) => r.body.seq), [3], 'never an ack of a held event');
});

test('409 carries a reset: onReset gets it and polling continues after its last_seq', async () => {
    const env = polling();
    const resets = [];
    env.client.subscribe('board', {
        since: 2,
        onReset: async (reset) => {
            resets.push(reset);
        },
    });
    await settle();
    const reset = {
        type: 'reset', topic: 'board', epoch: 9, last_seq: 70, first_available_seq: 60, reason: 'retention', request_id: null,
        code: 'reset', message: 'the events after since are no longer retained: reload the state and continue after last_seq',
    };
    env.http.only('GET', POLL).respond(409, reset); // the server's body: the reset frame's object plus code and message
    await settle();
    assert.equal(resets.length, 1);
    assert.equal(resets[0].reason, 'retention');
    assert.equal(resets[0].last_seq, 70);
    assert.equal(env.log.reset.length, 1);
    assert.match(env.http.only('GET', POLL).url, /since=70&/);
    assert.equal(env.client.topic('board').epoch, 9);
});

test('409 reset: the position onReset returns is where polling continues', async () => {
    const env = polling();
    env.client.subscribe('board', { since: 2, onReset: () => 75 });
    await settle();
    env.http.only('GET', POLL).respond(409, { topic: 'board', epoch: 9, last_seq: 70, first_available_seq: 60, reason: 'epoch' });
    await settle();
    assert.match(env.http.only('GET', POLL).url, /since=75&/);
});

test('without a position the topic state is read first and polling starts at its end', async () => {
    const env = polling();
    env.client.subscribe('board');
    await settle();
    env.http.only('GET', 'http://sw.test/api/v1/topics/board').respond(200, { topic: 'board', epoch: 4, last_seq: 40, first_available_seq: 1 });
    await settle();
    assert.match(env.http.only('GET', POLL).url, /since=40&/);
    assert.equal(env.client.topic('board').epoch, 4);
});

test('a failed poll is out_of_sync and retried after pollRetryMs, doubling', async () => {
    const env = polling({ pollRetryMs: 1000 });
    env.client.subscribe('board', { since: 0 });
    await settle();
    env.http.only('GET', POLL).fail();
    await settle();
    assert.equal(env.client.topic('board').status, 'out_of_sync');
    assert.equal(env.http.pending('GET').length, 0);
    await env.clock.tick(1000);
    env.http.only('GET', POLL).respond(503, { code: 'unavailable', message: 'db' });
    await env.clock.tick(1999);
    assert.equal(env.http.pending('GET').length, 0);
    await env.clock.tick(1);
    env.http.only('GET', POLL).respond(200, { events: [], last_seq: 0 });
    await settle();
    assert.equal(env.client.topic('board').status, 'synced');
});

test('fallback publish: POST with Idempotency-Key = client_msg_id, 201 resolves the receipt', async () => {
    const env = polling();
    const receipt = env.client.publish('board', { checkIn: 1 }, { clientMsgId: 'msg-1' });
    await settle();
    const post = env.http.only('POST', '/api/v1/topics/board/events');
    assert.equal(post.headers['Idempotency-Key'], 'msg-1');
    assert.equal(post.headers['Surewire-Client-Id'], 'tab-1', 'the key is in the scope of this client_id');
    assert.deepEqual(post.body, { checkIn: 1 });
    post.respond(201, { topic: 'board', seq: 12, epoch: 9, id: 'ev-12', duplicate: false });
    assert.deepEqual(await receipt, { topic: 'board', seq: 12, epoch: 9, id: 'ev-12', duplicate: false, client_msg_id: 'msg-1' });
});

test('fallback publishes go one at a time in order; a 5xx is retried with the same key', async () => {
    const env = polling({ pollRetryMs: 1000 });
    const first = env.client.publish('board', 'a', { clientMsgId: 'k-a' });
    const second = env.client.publish('board', 'b', { clientMsgId: 'k-b' });
    await settle();
    env.http.only('POST', '/events').respond(503, { code: 'unavailable', message: 'db' });
    await settle();
    assert.equal(env.http.pending('POST').length, 0);
    await env.clock.tick(1000);
    const retry = env.http.only('POST', '/events');
    assert.equal(retry.headers['Idempotency-Key'], 'k-a');
    retry.respond(201, { topic: 'board', seq: 1, epoch: 9, id: 'x', duplicate: true });
    await settle();
    const next = env.http.only('POST', '/events');
    assert.equal(next.headers['Idempotency-Key'], 'k-b');
    next.respond(201, { topic: 'board', seq: 2, epoch: 9, id: 'y', duplicate: false });
    assert.equal((await first).duplicate, true);
    assert.equal((await second).seq, 2);
});

test('a publish sent over the WebSocket whose receipt was lost goes out over HTTP with the same key, in the client_id scope', async () => {
    const env = setup({ clientId: 'tab-1', backoff: { maxAttempts: 0 } });
    env.client.connect();
    const socket = env.ws.last();
    socket.accept();
    const publish = env.client.publish('board', { checkIn: 7 }, { clientMsgId: 'k-7' });
    assert.deepEqual(socket.frames('publish').map((f) => f.client_msg_id), ['k-7']);
    socket.serverClose(1006); // lost before the receipt: maybe committed, maybe not
    assert.equal(env.client.state, 'fallback');
    await settle();
    const post = env.http.only('POST', '/api/v1/topics/board/events');
    assert.equal(post.headers['Idempotency-Key'], 'k-7', 'the same client_msg_id');
    assert.equal(post.headers['Surewire-Client-Id'], 'tab-1', 'so the server matches it with the WebSocket publish');
    post.respond(201, { topic: 'board', seq: 4, epoch: 9, id: 'ev-4', duplicate: true });
    assert.deepEqual(await publish, { topic: 'board', seq: 4, epoch: 9, id: 'ev-4', duplicate: true, client_msg_id: 'k-7' });
});

test('a fallback publish refused with 4xx rejects with the server code', async () => {
    const env = polling();
    const publish = env.client.publish('board', 1, { clientMsgId: 'k' });
    await settle();
    env.http.only('POST', '/events').respond(409, { code: 'idempotency_conflict', message: 'used for another topic' });
    await assert.rejects(publish, { code: 'idempotency_conflict', status: 409 });
});

test('a token goes along as a Bearer header over HTTP', async () => {
    const env = polling({ token: 'abc.def' });
    env.client.subscribe('board', { since: 0 });
    await settle();
    assert.equal(env.http.only('GET', POLL).headers.Authorization, 'Bearer abc.def');
});

test('auto: WebSocket failures lead to fallback, probes every fallbackProbeMs, and back to WebSocket with since', async () => {
    const env = setup({ clientId: 'tab-1', backoff: { maxAttempts: 2 }, fallbackProbeMs: 15000 });
    const seen = [];
    env.client.subscribe('board', { since: 3, onEvent: (e) => seen.push(e.seq) });
    env.client.connect();
    env.ws.last().refuse();
    env.clock.advance(1000);
    env.ws.last().refuse();
    env.clock.advance(2000);
    env.ws.last().refuse();
    assert.equal(env.client.state, 'fallback');
    assert.match(env.log.state.at(-1).reason, /gave up after 2 reconnection attempts/);
    await settle();
    env.http.only('GET', POLL).respond(200, { events: [4, 5].map((s) => eventFrame('board', s)), last_seq: 5 });
    await settle();
    assert.deepEqual(seen, [4, 5]);

    await env.clock.tick(14999);
    assert.equal(env.ws.sockets.length, 3);
    await env.clock.tick(1);
    assert.equal(env.ws.sockets.length, 4, 'a probe');
    env.ws.last().refuse();
    assert.equal(env.client.state, 'fallback', 'a failed probe stays in fallback');
    await env.clock.tick(15000);
    assert.equal(env.ws.sockets.length, 5);

    const probe = env.ws.last();
    const poll = env.http.only('GET', POLL);
    probe.accept();
    assert.equal(env.client.state, 'open');
    assert.equal(env.log.state.at(-1).from, 'fallback');
    await settle();
    assert.ok(poll.aborted, 'the long-poll is cancelled');
    assert.equal(env.http.pending('GET').length, 0);
    const [subscribe] = probe.frames('subscribe');
    assert.equal(subscribe.since, 5);
    assert.equal(subscribe.epoch, 7);
    probe.receive(eventFrame('board', 6));
    assert.deepEqual(seen, [4, 5, 6]);
});

test('acks pending when the WebSocket comes back go out over HTTP first', async () => {
    const env = setup({ clientId: 'tab-1', backoff: { maxAttempts: 0 }, fallbackProbeMs: 100, ackDelayMs: 5000 });
    env.client.subscribe('board', { since: 0 });
    env.client.connect();
    env.ws.last().refuse();
    await settle();
    env.http.only('GET', POLL).respond(200, { events: [eventFrame('board', 1)], last_seq: 1 });
    await env.clock.tick(100);
    assert.equal(env.http.pending('POST').length, 0, 'the ack batch is still open');
    env.ws.last().accept();
    assert.deepEqual(env.http.only('POST', '/acks').body, { topic: 'board', seq: 1 });
    assert.deepEqual(env.ws.last().frames('ack'), []);
});

test('a publish in flight over HTTP is not sent again over the new WebSocket until HTTP answers', async () => {
    const env = setup({ backoff: { maxAttempts: 0 }, fallbackProbeMs: 100 });
    env.client.connect();
    env.ws.last().refuse();
    const publish = env.client.publish('board', 1, { clientMsgId: 'k' });
    await settle();
    const post = env.http.only('POST', '/events');
    await env.clock.tick(100);
    const socket = env.ws.last();
    socket.accept();
    assert.deepEqual(socket.frames('publish'), []);
    post.fail();
    await settle();
    assert.deepEqual(socket.frames('publish').map((f) => f.client_msg_id), ['k'], 'taken over by the WebSocket');
    socket.receive({ type: 'receipt', client_msg_id: 'k', topic: 'board', seq: 3, duplicate: false });
    assert.equal((await publish).seq, 3);
});

test('transport websocket never falls back', () => {
    const env = setup({ transport: 'websocket', backoff: { maxAttempts: 1 } });
    env.client.connect();
    env.ws.last().refuse();
    env.clock.advance(1000);
    env.ws.last().refuse();
    assert.equal(env.client.state, 'failed');
    assert.equal(env.http.requests.length, 0);
});

test('disconnect() in fallback stops polling', async () => {
    const env = polling();
    env.client.subscribe('board', { since: 0 });
    await settle();
    const poll = env.http.only('GET', POLL);
    env.client.disconnect();
    await settle();
    assert.ok(poll.aborted);
    assert.equal(env.client.state, 'idle');
    await env.clock.tick(60000);
    assert.equal(env.http.pending('GET').length, 0);
});
