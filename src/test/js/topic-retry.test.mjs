// A subscribe or resync refused with `unavailable` (the server's database failed) is tried again with
// a bounded, jittered backoff, and the topic shows meanwhile that it is retrying.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectOpen, eventFrame, settle, setup } from './fakes.test.mjs';

const QUIET = { pingIntervalMs: 0 };
/** A hello whose heartbeat is long enough that the client never calls the connection silent here. */
const LONG_HEARTBEAT = { heartbeat_interval_ms: 3_600_000 };

function refuse(socket, frame, code = 'unavailable') {
    socket.receive({ type: 'error', code, message: 'the event log is unavailable', request_id: frame.request_id });
}

test('a subscribe refused as unavailable is asked again after 1, 2, … s; the topic shows the error while it retries, then syncs', () => {
    const env = setup(QUIET);
    const socket = connectOpen(env);
    const statuses = [];
    const seen = [];
    env.client.subscribe('board', { since: 3, onStatus: (s) => statuses.push(s), onEvent: (e) => seen.push(e.seq) });
    refuse(socket, socket.frames('subscribe')[0]);
    let topic = env.client.topic('board');
    assert.equal(topic.status, 'out_of_sync');
    assert.deepEqual({ ...topic.error, message: undefined },
        { kind: 'subscribe', code: 'unavailable', message: undefined, retrying: true, attempt: 1, retryAt: env.clock.now() + 1000 });
    assert.equal(env.log.error.at(-1).retrying, true);
    assert.equal(env.log.error.at(-1).topic, 'board');

    env.clock.advance(999);
    assert.equal(socket.frames('subscribe').length, 1);
    env.clock.advance(1);
    assert.equal(socket.frames('subscribe').length, 2);
    refuse(socket, socket.frames('subscribe')[1]);
    assert.equal(env.client.topic('board').error.attempt, 2);
    env.clock.advance(1999);
    assert.equal(socket.frames('subscribe').length, 2, 'the second wait is longer');
    env.clock.advance(1);
    const last = socket.frames('subscribe')[2];
    assert.equal(last.since, 3, 'from the same position');

    socket.receive({ type: 'subscribed', topic: 'board', epoch: 7, last_seq: 4, request_id: last.request_id });
    socket.receive(eventFrame('board', 4));
    socket.receive({ type: 'replayed', topic: 'board', from_seq: 4, to_seq: 4, request_id: last.request_id });
    topic = env.client.topic('board');
    assert.equal(topic.status, 'synced');
    assert.equal(topic.error, null);
    assert.deepEqual(seen, [4]);
    assert.equal(statuses.at(-1), 'synced');
});

test('the waits are jittered', () => {
    const env = setup({ ...QUIET, random: () => 0, topicRetry: { delaysMs: [1000], jitter: 0.2 } });
    const socket = connectOpen(env);
    env.client.subscribe('board', { since: 0 });
    refuse(socket, socket.frames('subscribe')[0]);
    env.clock.advance(799);
    assert.equal(socket.frames('subscribe').length, 1);
    env.clock.advance(1);
    assert.equal(socket.frames('subscribe').length, 2, '1000 ms less 20 %');
});

test('the retries are bounded: then the topic stays out_of_sync with retrying false, and subscribe() starts it over', () => {
    const env = setup({ ...QUIET, topicRetry: { maxAttempts: 2, delaysMs: [100] } });
    const socket = connectOpen(env, LONG_HEARTBEAT);
    env.client.subscribe('board', { since: 0 });
    for (let i = 0; i < 3; i++) {
        refuse(socket, socket.frames('subscribe').at(-1));
        env.clock.advance(1000);
    }
    assert.equal(socket.frames('subscribe').length, 3, 'the first and two retries');
    env.clock.advance(600000);
    assert.equal(socket.frames('subscribe').length, 3, 'nothing more');
    const topic = env.client.topic('board');
    assert.equal(topic.status, 'out_of_sync');
    assert.equal(topic.error.retrying, false);
    assert.equal(topic.error.code, 'unavailable');
    const reported = env.log.error.at(-1);
    assert.equal(reported.terminal, true);
    assert.match(reported.message, /subscribe of board failed 3 times.*gave up/);

    env.client.subscribe('board');
    assert.equal(socket.frames('subscribe').length, 4, 'asked again');
    assert.equal(env.client.topic('board').error, null);
});

test('a topic that gave up is subscribed again on the next connection', () => {
    const env = setup({ ...QUIET, topicRetry: { maxAttempts: 0 } });
    const socket = connectOpen(env);
    env.client.subscribe('board', { since: 0 });
    refuse(socket, socket.frames('subscribe')[0]);
    assert.equal(env.client.topic('board').error.retrying, false);
    socket.serverClose(1006);
    env.clock.advance(1000);
    const next = env.ws.last();
    next.accept();
    assert.equal(next.frames('subscribe').length, 1);
    assert.equal(env.client.topic('board').error, null);
});

test('a refusal that will not change (forbidden, or rate_limited for too many topics) is not retried', () => {
    const env = setup(QUIET);
    const socket = connectOpen(env, LONG_HEARTBEAT);
    env.client.subscribe('secret', { since: 0 });
    env.client.subscribe('topic-257', { since: 0 });
    const [secret, extra] = socket.frames('subscribe');
    refuse(socket, secret, 'forbidden');
    // the topics-per-connection limit: rate_limited without refused_type
    socket.receive({ type: 'error', code: 'rate_limited', message: 'too many topics', request_id: extra.request_id });
    env.clock.advance(600000);
    assert.equal(socket.frames('subscribe').length, 2);
    for (const name of ['secret', 'topic-257']) {
        assert.equal(env.client.topic(name).status, 'out_of_sync');
        assert.equal(env.client.topic(name).error.retrying, false);
    }
});

test('a resync refused as unavailable is asked again with backoff; the held events come through once it is answered', () => {
    const env = setup(QUIET);
    const socket = connectOpen(env);
    const seen = [];
    env.client.subscribe('board', { since: 0, onEvent: (e) => seen.push(e.seq) });
    const [subscribe] = socket.frames('subscribe');
    socket.receive({ type: 'replayed', topic: 'board', from_seq: 1, to_seq: 0, request_id: subscribe.request_id });
    socket.receive(eventFrame('board', 1));
    socket.receive(eventFrame('board', 4));
    socket.receive(eventFrame('board', 5));
    const [first] = socket.frames('resync');
    assert.equal(first.from_seq, 2);
    refuse(socket, first);
    const topic = env.client.topic('board');
    assert.equal(topic.status, 'out_of_sync');
    assert.equal(topic.error.kind, 'resync');
    assert.equal(topic.error.retrying, true);
    assert.equal(topic.held, 2, 'the later events are still held');
    env.clock.advance(1000);
    const [, second] = socket.frames('resync');
    assert.equal(second.from_seq, 2);
    socket.receive(eventFrame('board', 2));
    socket.receive(eventFrame('board', 3));
    socket.receive({ type: 'replayed', topic: 'board', from_seq: 2, to_seq: 5, request_id: second.request_id });
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    assert.equal(env.client.topic('board').status, 'synced');
    assert.equal(env.client.topic('board').error, null);
});

test('when the resync retries are used up, the topic is subscribed again from the last processed seq', () => {
    const env = setup({ ...QUIET, topicRetry: { maxAttempts: 1, delaysMs: [100] } });
    const socket = connectOpen(env);
    const seen = [];
    env.client.subscribe('board', { since: 0, onEvent: (e) => seen.push(e.seq) });
    socket.receive(eventFrame('board', 1));
    socket.receive(eventFrame('board', 3));
    refuse(socket, socket.frames('resync')[0]);
    env.clock.advance(100);
    refuse(socket, socket.frames('resync')[1]);
    const subscribes = socket.frames('subscribe');
    assert.equal(subscribes.length, 2);
    assert.equal(subscribes[1].since, 1);
    socket.receive({ type: 'subscribed', topic: 'board', epoch: 7, last_seq: 3, request_id: subscribes[1].request_id });
    socket.receive(eventFrame('board', 2));
    socket.receive(eventFrame('board', 3));
    socket.receive({ type: 'replayed', topic: 'board', from_seq: 2, to_seq: 3, request_id: subscribes[1].request_id });
    assert.deepEqual(seen, [1, 2, 3]);
    assert.equal(env.client.topic('board').status, 'synced');
});

test('a resync refused for good gives way to a subscribe from the last processed seq at once', () => {
    const env = setup(QUIET);
    const socket = connectOpen(env);
    env.client.subscribe('board', { since: 0 });
    socket.receive(eventFrame('board', 1));
    socket.receive(eventFrame('board', 3));
    refuse(socket, socket.frames('resync')[0], 'internal');
    const subscribes = socket.frames('subscribe');
    assert.equal(subscribes.length, 2);
    assert.equal(subscribes[1].since, 1);
});

test('a subscribe error from the WebSocket does not stay on the topic once the fallback polls it', async () => {
    const env = setup({ ...QUIET, clientId: 'tab-1', backoff: { maxAttempts: 0 } });
    const socket = connectOpen(env);
    env.client.subscribe('board', { since: 0 });
    refuse(socket, socket.frames('subscribe')[0]);
    assert.equal(env.client.topic('board').error.retrying, true);
    socket.serverClose(1006);
    assert.equal(env.client.state, 'fallback');
    await settle();
    env.http.only('GET', '/api/v1/topics/board/events?').respond(200, { events: [], last_seq: 0 });
    await settle();
    assert.equal(env.client.topic('board').error, null);
    assert.equal(env.client.topic('board').status, 'synced');
});
