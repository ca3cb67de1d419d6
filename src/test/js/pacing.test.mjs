// The frame rate: the client paces what it sends under hello's max_frames_per_second, sends again
// what the server dropped (named by rate_limited, or silently), and acks redelivered events again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FramePacer } from '../../main/webapp/js/surewire.js';
import { FakeClock, connectOpen, eventFrame, settle, setup } from './fakes.test.mjs';

const receiptFor = (frame, seq, duplicate = false) => ({
    type: 'receipt', client_msg_id: frame.client_msg_id, topic: frame.topic, seq, duplicate,
});

/** The largest number of `times` inside any window [t, t + 1000) — what one server window could see. */
function busiestSecond(times) {
    let most = 0;
    for (let i = 0; i < times.length; i++) {
        let n = 0;
        for (let j = i; j < times.length && times[j] < times[i] + 1000; j++) {
            n += 1;
        }
        most = Math.max(most, n);
    }
    return most;
}

/**
 * Moves the clock in 5 ms steps for up to `ms`, recording when each frame left on `socket`, and
 * letting `onFrame` answer it (as the server would). Stops early once `done()` holds.
 */
async function run(env, socket, { ms, onFrame = () => {}, done = () => false }) {
    const times = [];
    let seen = socket.sent.length;
    for (let i = 0; i < seen; i++) {
        times.push(env.clock.now());
        onFrame(socket.sent[i]);
    }
    for (let t = 0; t < ms && !done(); t += 5) {
        env.clock.advance(5);
        while (seen < socket.sent.length) {
            times.push(env.clock.now());
            onFrame(socket.sent[seen]);
            seen += 1;
        }
        await settle();
    }
    return times;
}

// ---- the pacer itself ----

test('FramePacer: a short burst, then a steady share of the limit; never the limit in any second', () => {
    const clock = new FakeClock(0);
    const pacer = new FramePacer({ limit: 500, share: 0.8, now: clock.now });
    let burst = 0;
    while (pacer.delay() === 0) {
        pacer.take();
        burst += 1;
    }
    assert.equal(burst, 50, 'a tenth of the limit at once');
    assert.equal(pacer.delay(), 3, '400 a second after that: 2.5 ms apart');
    const times = [];
    for (let t = 0; t <= 5000; t++) {
        clock.time = t;
        while (pacer.delay() === 0) {
            pacer.take();
            times.push(t);
        }
    }
    assert.ok(busiestSecond(times) <= 450, `busiest second ${busiestSecond(times)}`);
    assert.ok(times.length >= 2000, `${times.length} frames in 5 s`);
});

test('FramePacer: a small limit still lets one frame through at a time, and slowDown halves the rate', () => {
    const clock = new FakeClock(0);
    const pacer = new FramePacer({ limit: 10, share: 0.8, now: clock.now });
    pacer.take();
    assert.equal(pacer.delay(), 125, '8 a second');
    pacer.slowDown();
    clock.time = 125;
    assert.equal(pacer.delay(), 125, 'half the rate from now: 4 a second');
    clock.time = 250;
    assert.equal(pacer.delay(), 0);
});

// ---- the client under the advertised rate ----

test('an offline queue beyond the rate goes out paced under max_frames_per_second, and every publish gets its receipt', async () => {
    const env = setup({ pingIntervalMs: 0 });
    const publishes = [];
    for (let i = 0; i < 30; i++) {
        publishes.push(env.client.publish('board', { n: i }));
    }
    const results = Promise.all(publishes);
    let settled = false;
    results.then(() => {
        settled = true;
    });
    env.client.connect();
    const socket = env.ws.last();
    socket.accept({ max_frames_per_second: 10 });
    assert.ok(socket.sent.length <= 2, `${socket.sent.length} frames at once after hello, not the whole queue`);
    let seq = 0;
    const times = await run(env, socket, {
        ms: 20000,
        onFrame: (f) => {
            if (f.type === 'publish') {
                socket.receive(receiptFor(f, ++seq));
            }
        },
        done: () => settled,
    });
    assert.ok(settled, 'every publish got its receipt');
    assert.deepEqual((await results).map((r) => r.seq), Array.from({ length: 30 }, (_, i) => i + 1), 'in order');
    assert.ok(busiestSecond(times) <= 10, `at most 10 frames in any second, saw ${busiestSecond(times)}`);
    assert.equal(socket.frames('publish').length, 30, 'each sent once');
});

test('acks and pongs go before waiting publishes', async () => {
    const env = setup({ pingIntervalMs: 0 });
    env.client.subscribe('board', { since: 0 });
    for (let i = 0; i < 20; i++) {
        env.client.publish('board', i).catch(() => {});
    }
    const socket = connectOpen(env, { max_frames_per_second: 10 });
    socket.receive(eventFrame('board', 1));
    socket.receive({ type: 'ping', ts: 'p1' });
    await run(env, socket, { ms: 1000 });
    assert.deepEqual(socket.sent.slice(0, 4).map((f) => f.type), ['subscribe', 'pong', 'ack', 'publish']);
    assert.ok(socket.sent.length <= 10, `paced: ${socket.sent.length} frames in the first second`);
});

test('at most publishWindow publishes wait for their receipt on a connection; the next go as receipts come', () => {
    const env = setup({ publishWindow: 4 });
    for (let i = 0; i < 10; i++) {
        env.client.publish('board', i).catch(() => {});
    }
    const socket = connectOpen(env);
    assert.equal(socket.frames('publish').length, 4);
    socket.receive(receiptFor(socket.frames('publish')[0], 1));
    socket.receive(receiptFor(socket.frames('publish')[1], 2));
    assert.deepEqual(socket.frames('publish').map((f) => f.payload), [0, 1, 2, 3, 4, 5]);
});

// ---- what the server dropped ----

test('a publish named by rate_limited is sent again with its client_msg_id after the server\'s second', async () => {
    const env = setup({ pingIntervalMs: 0 });
    const socket = connectOpen(env);
    const publish = env.client.publish('board', { n: 1 });
    const [frame] = socket.frames('publish');
    socket.receive({
        type: 'error', code: 'rate_limited', message: 'more than 500 frames per second',
        refused_type: 'publish', topic: 'board', request_id: frame.request_id,
    });
    env.clock.advance(999);
    assert.equal(socket.frames('publish').length, 1, 'not within the second it was dropped in');
    env.clock.advance(1);
    const again = socket.frames('publish');
    assert.equal(again.length, 2);
    assert.equal(again[1].client_msg_id, frame.client_msg_id);
    socket.receive(receiptFor(again[1], 3));
    assert.equal((await publish).seq, 3);
});

test('a publish dropped without a word is sent again after receiptTimeoutMs; after publishRetryLimit it rejects with timeout', async () => {
    const env = setup({ receiptTimeoutMs: 10000, publishRetryLimit: 2, pingIntervalMs: 0, defaultHeartbeatMs: 600000 });
    const socket = connectOpen(env, { heartbeat_interval_ms: 600000 });
    const publish = env.client.publish('board', { n: 1 });
    const outcome = publish.then(() => 'ok', (e) => e);
    env.clock.advance(9999);
    assert.equal(socket.frames('publish').length, 1);
    env.clock.advance(1);
    assert.equal(socket.frames('publish').length, 2, 'sent again');
    env.clock.advance(10000);
    assert.equal(socket.frames('publish').length, 3, 'and again');
    assert.equal(new Set(socket.frames('publish').map((f) => f.client_msg_id)).size, 1, 'always with the same id');
    env.clock.advance(10000);
    const error = await outcome;
    assert.equal(error.code, 'timeout');
    assert.match(error.message, /no receipt.*3 sends.*may or may not have been committed/);
    assert.equal(socket.frames('publish').length, 3);
    assert.equal(env.client.pendingPublishes().length, 0);
});

test('a late receipt of a publish already sent again settles it once; the second receipt is ignored', async () => {
    const env = setup({ receiptTimeoutMs: 1000, pingIntervalMs: 0 });
    const socket = connectOpen(env);
    const publish = env.client.publish('board', 1);
    env.clock.advance(1000);
    const [first, second] = socket.frames('publish');
    socket.receive(receiptFor(first, 8));
    socket.receive(receiptFor(second, 8, true));
    assert.deepEqual(await publish, { topic: 'board', seq: 8, duplicate: false, client_msg_id: first.client_msg_id });
    assert.equal(env.log.receipt.length, 1);
});

test('a redelivered event already processed is acked again and not processed twice', () => {
    const env = setup();
    const socket = connectOpen(env);
    const seen = [];
    env.client.subscribe('board', { since: 0, onEvent: (e) => seen.push(e.seq) });
    socket.receive(eventFrame('board', 1));
    socket.receive(eventFrame('board', 2));
    env.clock.advance(50);
    assert.deepEqual(socket.frames('ack').map((a) => a.seq), [2]);
    // the ack was lost (dropped over the rate): the server sends the window again
    socket.receive(eventFrame('board', 1, { redelivery: 1 }));
    socket.receive(eventFrame('board', 2, { redelivery: 1 }));
    env.clock.advance(50);
    assert.deepEqual(socket.frames('ack').map((a) => a.seq), [2, 2], 'acked again');
    assert.deepEqual(seen, [1, 2], 'processed once');
    // a duplicate without redelivery (an overlapping replay) is acked again too
    socket.receive(eventFrame('board', 2));
    env.clock.advance(50);
    assert.deepEqual(socket.frames('ack').map((a) => a.seq), [2, 2, 2]);
    assert.deepEqual(seen, [1, 2]);
});

test('rate_limited naming an ack: the topic\'s ack goes out again', () => {
    const env = setup();
    const socket = connectOpen(env);
    env.client.subscribe('board', { since: 0 });
    socket.receive(eventFrame('board', 1));
    env.clock.advance(50);
    socket.receive({ type: 'error', code: 'rate_limited', message: 'slow down', refused_type: 'ack', topic: 'board' });
    env.clock.advance(1000);
    assert.deepEqual(socket.frames('ack').map((a) => a.seq), [1, 1]);
});

test('a subscribe dropped without a word is sent again after requestTimeoutMs', () => {
    const env = setup({ requestTimeoutMs: 10000, pingIntervalMs: 0 });
    const socket = connectOpen(env);
    env.client.subscribe('board', { since: 4 });
    env.clock.advance(9999);
    assert.equal(socket.frames('subscribe').length, 1);
    env.clock.advance(1);
    const [first, second] = socket.frames('subscribe');
    assert.ok(second, 'asked again');
    assert.equal(second.since, 4);
    assert.notEqual(second.request_id, first.request_id);
    socket.receive({ type: 'subscribed', topic: 'board', epoch: 7, last_seq: 4, request_id: second.request_id });
    socket.receive({ type: 'replayed', topic: 'board', from_seq: 5, to_seq: 4, request_id: second.request_id });
    env.clock.advance(60000);
    assert.equal(socket.frames('subscribe').length, 2, 'answered: not asked again');
    assert.equal(env.client.topic('board').status, 'synced');
});

test('a subscribe named by rate_limited is sent again after the server\'s second', () => {
    const env = setup({ pingIntervalMs: 0 });
    const socket = connectOpen(env);
    env.client.subscribe('board', { since: 0 });
    const [first] = socket.frames('subscribe');
    socket.receive({
        type: 'error', code: 'rate_limited', message: 'slow down', refused_type: 'subscribe', topic: 'board',
        request_id: first.request_id,
    });
    const waiting = env.client.topic('board');
    assert.equal(waiting.status, 'out_of_sync');
    assert.equal(waiting.error.code, 'rate_limited');
    assert.equal(waiting.error.retrying, true);
    env.clock.advance(1000);
    const [, second] = socket.frames('subscribe');
    assert.ok(second, 'asked again');
    socket.receive({ type: 'subscribed', topic: 'board', epoch: 7, last_seq: 0, request_id: second.request_id });
    assert.equal(env.client.topic('board').status, 'syncing');
    assert.equal(env.client.topic('board').error, null);
});

test('a resync dropped without a word is asked again; the held events are delivered once the gap fills', () => {
    const env = setup({ requestTimeoutMs: 5000, pingIntervalMs: 0 });
    const socket = connectOpen(env);
    const seen = [];
    env.client.subscribe('board', { since: 0, onEvent: (e) => seen.push(e.seq) });
    socket.receive(eventFrame('board', 1));
    socket.receive(eventFrame('board', 3));
    assert.equal(socket.frames('resync').length, 1);
    env.clock.advance(5000);
    const resyncs = socket.frames('resync');
    assert.equal(resyncs.length, 2);
    assert.equal(resyncs[1].from_seq, 2);
    socket.receive(eventFrame('board', 2));
    socket.receive({ type: 'replayed', topic: 'board', from_seq: 2, to_seq: 3, request_id: resyncs[1].request_id });
    assert.deepEqual(seen, [1, 2, 3]);
    env.clock.advance(60000);
    assert.equal(socket.frames('resync').length, 2);
});

test('sustained rate_limited answers slow the client down further', async () => {
    const env = setup({ pingIntervalMs: 0 });
    for (let i = 0; i < 40; i++) {
        env.client.publish('board', i).catch(() => {});
    }
    const socket = connectOpen(env, { max_frames_per_second: 20 });
    socket.receive({ type: 'error', code: 'rate_limited', message: 'slow down', refused_type: 'publish', topic: 'board',
        request_id: socket.frames('publish')[0].request_id });
    const times = await run(env, socket, { ms: 3000 });
    const after = times.filter((t) => t >= env.clock.now() - 2000);
    assert.ok(after.length <= 20, `about half the rate after a rate_limited: ${after.length} frames in 2 s`);
    assert.ok(after.length >= 10, `but it goes on: ${after.length} frames in 2 s`);
});

test('a publish the server skipped (one sent after it got its receipt) is sent again at once, without using up a retry', async () => {
    const env = setup({ pingIntervalMs: 0, publishRetryLimit: 0 });
    const socket = connectOpen(env);
    const dropped = env.client.publish('board', 'a');
    const later = env.client.publish('board', 'b');
    const [a, b] = socket.frames('publish');
    socket.receive(receiptFor(b, 7)); // the server runs a connection's publishes in order: a never arrived
    const again = socket.frames('publish');
    assert.equal(again.length, 3);
    assert.equal(again[2].client_msg_id, a.client_msg_id);
    socket.receive(receiptFor(again[2], 8));
    assert.equal((await later).seq, 7);
    assert.equal((await dropped).seq, 8, 'not rejected although no retry was allowed');
});

test('while receipts keep coming for earlier publishes, the later ones wait without timing out', async () => {
    const env = setup({ pingIntervalMs: 0, receiptTimeoutMs: 10000, publishRetryLimit: 0, defaultHeartbeatMs: 600000 });
    const socket = connectOpen(env, { heartbeat_interval_ms: 600000 });
    const publishes = [];
    for (let i = 0; i < 5; i++) {
        publishes.push(env.client.publish('board', i));
    }
    const frames = socket.frames('publish');
    // a slow server: one receipt every 6 s, in order
    for (let i = 0; i < 5; i++) {
        env.clock.advance(6000);
        socket.receive(receiptFor(frames[i], i + 1));
    }
    assert.deepEqual((await Promise.all(publishes)).map((r) => r.seq), [1, 2, 3, 4, 5]);
    assert.equal(socket.frames('publish').length, 5, 'none was sent again');
});
