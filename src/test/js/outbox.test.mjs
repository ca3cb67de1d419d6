// The publish queue: bounded (count and bytes), HTTP publishes with a timeout and capped retries,
// and unsent publishes kept in the page's storage so that a reload sends them again, with their id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeStorage, connectOpen, settle, setup } from './fakes.test.mjs';

const receiptFor = (frame, seq, duplicate = false) => ({
    type: 'receipt', client_msg_id: frame.client_msg_id, topic: frame.topic, seq, duplicate,
});

const EVENTS = '/api/v1/topics/board/events';

function polling(options = {}) {
    const env = setup({ transport: 'polling', clientId: 'tab-1', ...options });
    env.client.connect();
    return env;
}

/** Keys of `storage` under the outbox prefix. */
function outboxKeys(storage) {
    return [...storage.map.keys()].filter((k) => k.startsWith('surewire.outbox.')).sort();
}

// ---- bounds ----

test('the queue is bounded in bytes too: past queueMaxBytes a publish rejects with queue_full and the older ones stay', async () => {
    const env = setup({ queueMaxBytes: 3000 });
    const kept = [1, 2].map(() => env.client.publish('board', 'x'.repeat(1200)));
    const refused = env.client.publish('board', 'x'.repeat(1200));
    await assert.rejects(refused, (error) => {
        assert.equal(error.code, 'queue_full');
        assert.match(error.message, /send queue full \(\d+ bytes await a receipt, the limit is 3000\)/);
        return true;
    });
    env.client.publish('board', 'small').catch(() => {});
    assert.equal(env.client.pendingPublishes().length, 3, 'a small one still fits');
    const socket = connectOpen(env);
    socket.frames('publish').forEach((f, i) => socket.receive(receiptFor(f, i + 1)));
    assert.deepEqual((await Promise.all(kept)).map((r) => r.seq), [1, 2]);
    env.client.publish('board', 'x'.repeat(1200)).catch(() => {});
    assert.equal(env.client.pendingPublishes().length, 1, 'room again once the receipts came');
});

// ---- HTTP publishes: timeout and capped retries ----

test('an HTTP publish without an answer is aborted after httpTimeoutMs and sent again with its key; after publishRetryLimit it rejects with timeout', async () => {
    const env = polling({ httpTimeoutMs: 15000, publishRetryLimit: 2, publishRetryMs: 1000 });
    const outcome = env.client.publish('board', 1, { clientMsgId: 'k-1' }).then(() => 'ok', (e) => e);
    await settle();
    const first = env.http.only('POST', EVENTS);
    await env.clock.tick(14999);
    assert.equal(first.aborted, false);
    await env.clock.tick(1);
    assert.equal(first.aborted, true, 'aborted at the timeout');
    await env.clock.tick(1000);
    const second = env.http.only('POST', EVENTS);
    assert.equal(second.headers['Idempotency-Key'], 'k-1');
    await env.clock.tick(15000 + 2000);
    const third = env.http.only('POST', EVENTS);
    assert.equal(third.headers['Idempotency-Key'], 'k-1');
    await env.clock.tick(15000);
    const error = await outcome;
    assert.equal(error.code, 'timeout');
    assert.match(error.message, /no answer within 15000 ms/);
    assert.equal(env.http.pending('POST').length, 0, 'given up: nothing more is sent');
});

test('HTTP 503 is retried publishRetryLimit times with growing waits, then rejected with the server\'s code; the next publish goes on', async () => {
    const env = polling({ publishRetryLimit: 2, publishRetryMs: 1000 });
    const failing = env.client.publish('board', 'a', { clientMsgId: 'k-a' });
    const next = env.client.publish('board', 'b', { clientMsgId: 'k-b' });
    const unavailable = () => env.http.only('POST', EVENTS).respond(503, { code: 'unavailable', message: 'database down' });
    await settle();
    unavailable();
    await env.clock.tick(999);
    assert.equal(env.http.pending('POST').length, 0);
    await env.clock.tick(1);
    unavailable();
    await env.clock.tick(1999);
    assert.equal(env.http.pending('POST').length, 0, 'the second wait is longer');
    await env.clock.tick(1);
    unavailable();
    await assert.rejects(failing, { code: 'unavailable', status: 503, message: 'database down' });
    await settle();
    const post = env.http.only('POST', EVENTS);
    assert.equal(post.headers['Idempotency-Key'], 'k-b', 'the queue goes on');
    post.respond(201, { topic: 'board', seq: 1, epoch: 9, id: 'e1', duplicate: false });
    assert.equal((await next).seq, 1);
});

test('an HTTP publish that cannot reach the server at all waits, backing off, without using up its retries', async () => {
    const env = polling({ publishRetryLimit: 1, pollRetryMs: 1000, pollRetryMaxMs: 4000 });
    const publish = env.client.publish('board', 1, { clientMsgId: 'k' });
    await settle();
    const waits = [];
    let last = env.clock.now();
    for (let i = 0; i < 5; i++) {
        env.http.only('POST', EVENTS).fail();
        for (let t = 0; t < 10000 && env.http.pending('POST').length === 0; t += 100) {
            await env.clock.tick(100);
        }
        waits.push(env.clock.now() - last);
        last = env.clock.now();
    }
    assert.deepEqual(waits, [1000, 2000, 4000, 4000, 4000]);
    env.http.only('POST', EVENTS).respond(201, { topic: 'board', seq: 2, epoch: 9, id: 'e2', duplicate: false });
    assert.equal((await publish).seq, 2);
});

test('polls and fallback acks have a timeout too', async () => {
    const env = polling({ httpTimeoutMs: 5000, pollWaitSeconds: 25 });
    env.client.subscribe('board', { since: 0 });
    await settle();
    env.http.only('GET', '/events?').respond(200, { events: [], last_seq: 0 });
    await settle();
    const poll = env.http.only('GET', '/events?');
    assert.match(poll.url, /wait=25/);
    await env.clock.tick(29999);
    assert.equal(poll.aborted, false, 'the long-poll has its wait plus the timeout');
    await env.clock.tick(1);
    assert.equal(poll.aborted, true);
    assert.equal(env.client.topic('board').status, 'out_of_sync', 'a poll that timed out is a failed poll');
});

// ---- surviving a reload ----

test('unsent publishes are kept per client_id in storage and sent after a reload with their client_msg_id', async () => {
    const storage = new FakeStorage();
    const before = setup({ storage, clientId: 'tab-1' });
    before.client.publish('board', { n: 1 }, { clientMsgId: 'k-1' }).catch(() => {});
    before.client.publish('notes', 'two', { clientMsgId: 'k-2' }).catch(() => {});
    assert.deepEqual(outboxKeys(storage), ['surewire.outbox.tab-1/k-1', 'surewire.outbox.tab-1/k-2']);

    // the page reloads: a new client over the same storage
    const after = setup({ storage, clientId: 'tab-1' });
    assert.deepEqual(after.client.pendingPublishes().map((p) => [p.clientMsgId, p.restored]), [['k-1', true], ['k-2', true]]);
    const socket = connectOpen(after);
    const frames = socket.frames('publish');
    assert.deepEqual(frames.map((f) => [f.topic, f.client_msg_id, f.payload]), [['board', 'k-1', { n: 1 }], ['notes', 'k-2', 'two']]);
    socket.receive(receiptFor(frames[0], 5));
    assert.deepEqual(outboxKeys(storage), ['surewire.outbox.tab-1/k-2'], 'a receipted publish leaves storage');
    assert.equal(after.log.receipt.at(-1).client_msg_id, 'k-1', 'the receipt of a restored publish is an event');
    socket.receive(receiptFor(frames[1], 6));
    assert.deepEqual(outboxKeys(storage), []);
});

test('a publish sent but not receipted before the reload is sent again with the same id: the server answers duplicate, one publish, never two', async () => {
    const storage = new FakeStorage();
    const before = setup({ storage, clientId: 'tab-1' });
    const socket = connectOpen(before);
    before.client.publish('board', { order: 77 }, { clientMsgId: 'order-77' }).catch(() => {});
    assert.equal(socket.frames('publish')[0].client_msg_id, 'order-77'); // committed; the receipt is lost with the page

    const after = setup({ storage, clientId: 'tab-1' });
    const again = connectOpen(after);
    const [frame] = again.frames('publish');
    assert.equal(frame.client_msg_id, 'order-77');
    again.receive(receiptFor(frame, 12, true));
    assert.equal(after.log.receipt.at(-1).duplicate, true);
    assert.deepEqual(outboxKeys(storage), []);
});

test('publishing the id of a restored publish again joins it instead of making a second one', async () => {
    const storage = new FakeStorage();
    setup({ storage, clientId: 'tab-1' }).client.publish('board', 1, { clientMsgId: 'order-77' }).catch(() => {});
    const after = setup({ storage, clientId: 'tab-1' });
    const joined = after.client.publish('board', 1, { clientMsgId: 'order-77' });
    assert.equal(after.client.pendingPublishes().length, 1);
    const socket = connectOpen(after);
    assert.equal(socket.frames('publish').length, 1);
    socket.receive(receiptFor(socket.frames('publish')[0], 3));
    assert.equal((await joined).seq, 3);
});

test('a restored publish that fails is reported as an error of kind publish and leaves storage', async () => {
    const storage = new FakeStorage();
    setup({ storage, clientId: 'tab-1' }).client.publish('board', 1, { clientMsgId: 'k-1' }).catch(() => {});
    const after = setup({ storage, clientId: 'tab-1' });
    const socket = connectOpen(after);
    socket.receive({ type: 'error', code: 'forbidden', message: 'no', request_id: 'k-1' });
    await settle();
    const reported = after.log.error.at(-1);
    assert.equal(reported.kind, 'publish');
    assert.equal(reported.code, 'forbidden');
    assert.equal(reported.clientMsgId, 'k-1');
    assert.deepEqual(outboxKeys(storage), []);
});

test('storage is per client_id: another client_id leaves them alone', () => {
    const storage = new FakeStorage();
    setup({ storage, clientId: 'tab-1' }).client.publish('board', 1, { clientMsgId: 'k-1' }).catch(() => {});
    const other = setup({ storage, clientId: 'tab-2' });
    assert.equal(other.client.pendingPublishes().length, 0);
    assert.deepEqual(outboxKeys(storage), ['surewire.outbox.tab-1/k-1']);
});

test('publishes in fallback survive a reload too, and go out over HTTP with their key', async () => {
    const storage = new FakeStorage();
    const before = polling({ storage });
    before.client.publish('board', 1, { clientMsgId: 'k-1' }).catch(() => {});
    await settle();
    before.http.only('POST', EVENTS); // in flight when the page goes
    const after = polling({ storage });
    await settle();
    const post = after.http.only('POST', EVENTS);
    assert.equal(post.headers['Idempotency-Key'], 'k-1');
    post.respond(201, { topic: 'board', seq: 1, epoch: 9, id: 'e1', duplicate: true });
    await settle();
    assert.deepEqual(outboxKeys(storage), []);
});

test('destroy() drops the stored publishes it rejects', async () => {
    const storage = new FakeStorage();
    const env = setup({ storage, clientId: 'tab-1' });
    const pending = env.client.publish('board', 1, { clientMsgId: 'k-1' });
    env.client.destroy();
    await assert.rejects(pending, { code: 'destroyed' });
    assert.deepEqual(outboxKeys(storage), []);
});

test('persistPublishes: false keeps nothing', () => {
    const storage = new FakeStorage();
    setup({ storage, clientId: 'tab-1', persistPublishes: false }).client.publish('board', 1).catch(() => {});
    assert.deepEqual(outboxKeys(storage), []);
});

test('a storage that refuses writes costs only the reload safety: the publish still goes, and it is reported once', async () => {
    const storage = new FakeStorage();
    storage.setItem = (key) => {
        if (key.startsWith('surewire.outbox.')) {
            throw new DOMException('quota exceeded', 'QuotaExceededError');
        }
    };
    const env = setup({ storage, clientId: 'tab-1' });
    const one = env.client.publish('board', 1);
    env.client.publish('board', 2).catch(() => {});
    assert.equal(env.log.error.filter((e) => e.kind === 'storage').length, 1);
    const socket = connectOpen(env);
    socket.receive(receiptFor(socket.frames('publish')[0], 1));
    assert.equal((await one).seq, 1);
});

test('stored entries that are not publishes are ignored', () => {
    const storage = new FakeStorage({
        'surewire.outbox.tab-1/broken': '{not json',
        'surewire.outbox.tab-1/bad-topic': JSON.stringify({ topic: 'no spaces', clientMsgId: 'bad-topic', n: 1, at: 1, payload: 1 }),
        'surewire.outbox.tab-1/no-time': JSON.stringify({ topic: 'board', clientMsgId: 'no-time', n: 2, payload: 1 }),
        'surewire.outbox.tab-1/good': JSON.stringify({ topic: 'board', clientMsgId: 'good', n: 3, at: 1_700_000_000_000, payload: { ok: true } }),
    });
    const env = setup({ storage, clientId: 'tab-1' });
    assert.deepEqual(env.client.pendingPublishes().map((p) => p.clientMsgId), ['good']);
    assert.deepEqual(outboxKeys(storage), ['surewire.outbox.tab-1/good'], 'the unreadable ones are removed');
});

test('a kept publish older than publishMaxAgeMs (the server forgets ids after 48 h) is not sent after a reload: dropped and reported as expired', async () => {
    const storage = new FakeStorage();
    const before = setup({ storage, clientId: 'tab-1' });
    before.client.publish('board', 1, { clientMsgId: 'old' }).catch(() => {});
    before.client.publish('board', 2, { clientMsgId: 'also-old' }).catch(() => {});
    const dayLater = before.clock.now() + 24 * 60 * 60 * 1000 + 1;
    const after = setup({ storage, clientId: 'tab-1', now: () => dayLater });
    await settle();
    assert.equal(after.client.pendingPublishes().length, 0);
    assert.deepEqual(outboxKeys(storage), []);
    const reported = after.log.error.filter((e) => e.kind === 'publish');
    assert.deepEqual(reported.map((e) => [e.code, e.clientMsgId]), [['expired', 'old'], ['expired', 'also-old']]);
    assert.match(reported[0].message, /older than 24 h .* not sent again/);
    const socket = connectOpen(after);
    assert.equal(socket.frames('publish').length, 0);
});

test('a publish left waiting longer than publishMaxAgeMs is rejected with expired, never sent', async () => {
    const env = setup({ publishMaxAgeMs: 60000 });
    const stale = env.client.publish('board', 1);
    env.clock.advance(60001);
    const fresh = env.client.publish('board', 2);
    const socket = connectOpen(env);
    await assert.rejects(stale, { code: 'expired' });
    assert.deepEqual(socket.frames('publish').map((f) => f.payload), [2]);
    socket.receive(receiptFor(socket.frames('publish')[0], 1));
    assert.equal((await fresh).seq, 1);
});

test('in fallback too, an expired publish is rejected and the next one goes', async () => {
    const env = setup({ publishMaxAgeMs: 60000, clientId: 'tab-1' });
    const stale = env.client.publish('board', 1);
    env.clock.advance(60001);
    env.client.publish('board', 2, { clientMsgId: 'k-2' }).catch(() => {});
    env.client.options.transport = 'polling';
    env.client.connect();
    await assert.rejects(stale, { code: 'expired' });
    await settle();
    assert.equal(env.http.only('POST', EVENTS).headers['Idempotency-Key'], 'k-2');
});
