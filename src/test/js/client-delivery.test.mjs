import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectOpen, eventFrame, settle, setup } from './fakes.test.mjs';

function subscribed(env, topic, options = {}) {
    const seen = [];
    const handle = env.client.subscribe(topic, { onEvent: (e) => seen.push(e.seq), ...options });
    const socket = env.ws.last();
    const frame = socket.frames('subscribe').filter((f) => f.topic === topic).at(-1);
    return { seen, handle, socket, requestId: frame.request_id };
}

test('events reach onEvent and the event listeners in order; duplicates are dropped', () => {
    const env = setup();
    connectOpen(env);
    const { seen, socket } = subscribed(env, 'board', { since: 0 });
    for (const seq of [1, 2, 2, 1, 3]) {
        socket.receive(eventFrame('board', seq));
    }
    assert.deepEqual(seen, [1, 2, 3]);
    assert.deepEqual(env.log.event.map((e) => e.seq), [1, 2, 3]);
    assert.equal(env.client.stats().duplicates, 2);
    assert.equal(env.client.topic('board').lastSeq, 3);
});

test('a gap sends one resync {from_seq: last+1} and holds events until it is filled', () => {
    const env = setup();
    connectOpen(env);
    const { seen, socket, requestId } = subscribed(env, 'board', { since: 0 });
    socket.receive({ type: 'replayed', topic: 'board', from_seq: 1, to_seq: 0, request_id: requestId });
    socket.receive(eventFrame('board', 1));
    socket.receive(eventFrame('board', 3));
    socket.receive(eventFrame('board', 4));
    socket.receive(eventFrame('board', 5));
    const resyncs = socket.frames('resync');
    assert.equal(resyncs.length, 1);
    assert.equal(resyncs[0].topic, 'board');
    assert.equal(resyncs[0].from_seq, 2);
    assert.deepEqual(seen, [1]);
    assert.equal(env.client.topic('board').status, 'out_of_sync');
    assert.equal(env.client.topic('board').held, 3);
    // the server answers the resync: 2 .. 5 again, then replayed
    for (const seq of [2, 3, 4, 5]) {
        socket.receive(eventFrame('board', seq, { redelivery: 0 }));
    }
    socket.receive({ type: 'replayed', topic: 'board', from_seq: 2, to_seq: 5, request_id: resyncs[0].request_id });
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    assert.equal(env.client.topic('board').status, 'synced');
    assert.equal(socket.frames('resync').length, 1);
    assert.deepEqual(env.log.sync.map((s) => s.to), ['syncing', 'synced', 'out_of_sync', 'synced']);
});

test('a second gap after the first was filled gets its own resync', () => {
    const env = setup();
    connectOpen(env);
    const { socket } = subscribed(env, 'board', { since: 0 });
    socket.receive(eventFrame('board', 2));
    socket.receive(eventFrame('board', 1));
    socket.receive(eventFrame('board', 5));
    assert.deepEqual(socket.frames('resync').map((r) => r.from_seq), [1, 3]);
});

test('a resync that ends with the gap still open asks for the topic again from the last processed seq', () => {
    const env = setup();
    connectOpen(env);
    const { socket } = subscribed(env, 'board', { since: 0 });
    socket.receive(eventFrame('board', 1));
    socket.receive(eventFrame('board', 3));
    const [resync] = socket.frames('resync');
    socket.receive({ type: 'replayed', topic: 'board', from_seq: 2, to_seq: 1, request_id: resync.request_id });
    const again = socket.frames('subscribe').at(-1);
    assert.equal(again.since, 1);
    assert.equal(socket.frames('subscribe').length, 2);
});

test('subscribe with since: syncing until replayed, which is emitted', () => {
    const env = setup();
    connectOpen(env);
    const { socket, requestId, handle } = subscribed(env, 'board', { since: 10 });
    assert.equal(socket.frames('subscribe')[0].since, 10);
    assert.equal(handle.status, 'syncing');
    socket.receive({ type: 'subscribed', topic: 'board', epoch: 7, last_seq: 12, request_id: requestId });
    socket.receive(eventFrame('board', 11));
    socket.receive(eventFrame('board', 12));
    assert.equal(handle.status, 'syncing');
    socket.receive({ type: 'replayed', topic: 'board', from_seq: 11, to_seq: 12, request_id: requestId });
    assert.equal(handle.status, 'synced');
    assert.equal(handle.lastSeq, 12);
    assert.equal(env.log.replayed.length, 1);
    assert.equal(env.client.topic('board').epoch, 7, 'the first real epoch is adopted');
});

test('subscribe without since: no position until the server shows one', () => {
    const env = setup({ replayGraceMs: 2000 });
    connectOpen(env);
    const { socket, requestId, handle, seen } = subscribed(env, 'board');
    assert.equal(socket.frames('subscribe')[0].since, undefined);
    socket.receive({ type: 'subscribed', topic: 'board', epoch: 7, last_seq: 40, request_id: requestId });
    assert.equal(handle.status, 'syncing');
    socket.receive(eventFrame('board', 41)); // live from the end: there is no replay
    assert.equal(handle.status, 'synced');
    assert.deepEqual(seen, [41]);
});

test('subscribe without since on a quiet topic is called synced after the grace period', () => {
    const env = setup({ replayGraceMs: 2000 });
    connectOpen(env);
    const { socket, requestId, handle } = subscribed(env, 'board');
    socket.receive({ type: 'subscribed', topic: 'board', epoch: 7, last_seq: 40, request_id: requestId });
    env.clock.advance(1999);
    assert.equal(handle.status, 'syncing');
    env.clock.advance(1);
    assert.equal(handle.status, 'synced');
    assert.equal(handle.lastSeq, null, 'the position is still unknown');
});

test('reset: onReset is called, the topic holds events until it resolves, then continues after last_seq', async () => {
    const env = setup();
    connectOpen(env);
    let finishReload;
    const resets = [];
    const { socket, seen, handle } = subscribed(env, 'board', {
        since: 3,
        onReset: (reset) => {
            resets.push(reset);
            return new Promise((resolve) => {
                finishReload = resolve;
            });
        },
    });
    const reset = { type: 'reset', topic: 'board', epoch: 7, last_seq: 50, first_available_seq: 30, reason: 'retention' };
    socket.receive(reset);
    assert.deepEqual(resets, [reset]);
    assert.deepEqual(env.log.reset, [reset]);
    assert.equal(handle.status, 'syncing');
    socket.receive(eventFrame('board', 51));
    socket.receive(eventFrame('board', 52));
    assert.deepEqual(seen, [], 'held while the application reloads');
    finishReload();
    await settle();
    assert.deepEqual(seen, [51, 52]);
    assert.equal(handle.status, 'synced');
    env.clock.advance(50);
    assert.deepEqual(socket.frames('ack').map((a) => a.seq), [52]);
});

test('reset: the position onReset returns (the snapshot it loaded) wins over last_seq', async () => {
    const env = setup();
    connectOpen(env);
    const { socket, seen } = subscribed(env, 'board', { since: 3, onReset: async () => ({ last_seq: 52 }) });
    socket.receive({ type: 'reset', topic: 'board', epoch: 7, last_seq: 50, first_available_seq: 30, reason: 'retention' });
    for (const seq of [51, 52, 53]) {
        socket.receive(eventFrame('board', seq));
    }
    await settle();
    assert.deepEqual(seen, [53]);
});

test('reset without an onReset handler continues from last_seq at once', () => {
    const env = setup();
    connectOpen(env);
    const { socket, seen } = subscribed(env, 'board', { since: 3 });
    socket.receive({ type: 'reset', topic: 'board', epoch: 7, last_seq: 50, first_available_seq: 30, reason: 'retention' });
    socket.receive(eventFrame('board', 51));
    assert.deepEqual(seen, [51]);
});

test('an event of a newer epoch is a reset (reason epoch) before it is delivered', () => {
    const env = setup();
    connectOpen(env);
    const resets = [];
    const { socket, seen } = subscribed(env, 'board', { since: 0, onReset: (r) => { resets.push(r); } });
    socket.receive(eventFrame('board', 1, { epoch: 100 }));
    socket.receive(eventFrame('board', 2, { epoch: 100 }));
    socket.receive(eventFrame('board', 1, { epoch: 200 }));
    socket.receive(eventFrame('board', 2, { epoch: 200 }));
    assert.equal(resets.length, 1);
    assert.equal(resets[0].reason, 'epoch');
    assert.equal(resets[0].epoch, 200);
    assert.deepEqual(seen, [1, 2, 1, 2]);
    assert.equal(env.client.topic('board').epoch, 200);
});

test('a reset during a reconnect: the topic is asked again from the reset position', async () => {
    const env = setup();
    const first = connectOpen(env);
    let finish;
    subscribed(env, 'board', { since: 3, onReset: () => new Promise((r) => { finish = r; }) });
    first.receive({ type: 'reset', topic: 'board', epoch: 8, last_seq: 50, first_available_seq: 30, reason: 'epoch' });
    first.serverClose(1006);
    env.clock.advance(1000);
    env.ws.last().accept();
    const frame = env.ws.last().frames('subscribe')[0];
    assert.equal(frame.since, 50);
    assert.equal(frame.epoch, 8);
    finish();
    await settle();
    assert.equal(env.client.topic('board').lastSeq, 50);
});

test('sync status: out_of_sync while disconnected, syncing on resubscribe, synced on replayed', () => {
    const env = setup();
    const first = connectOpen(env);
    const { requestId } = subscribed(env, 'board', { since: 0 });
    first.receive({ type: 'replayed', topic: 'board', from_seq: 1, to_seq: 0, request_id: requestId });
    assert.equal(env.client.topic('board').status, 'synced');
    first.serverClose(1006);
    assert.equal(env.client.topic('board').status, 'out_of_sync');
    env.clock.advance(1000);
    const second = env.ws.last();
    second.accept();
    assert.equal(env.client.topic('board').status, 'syncing');
    second.receive({ type: 'replayed', topic: 'board', from_seq: 1, to_seq: 0, request_id: second.frames('subscribe')[0].request_id });
    assert.equal(env.client.topic('board').status, 'synced');
    assert.deepEqual(env.log.sync.map((s) => s.to), ['syncing', 'synced', 'out_of_sync', 'syncing', 'synced']);
});

test('onStatus is called on every status change of its topic', () => {
    const env = setup();
    const socket = connectOpen(env);
    const statuses = [];
    const { requestId } = subscribed(env, 'board', { since: 0, onStatus: (s) => statuses.push(s) });
    socket.receive({ type: 'replayed', topic: 'board', from_seq: 1, to_seq: 0, request_id: requestId });
    assert.deepEqual(statuses, ['syncing', 'synced']);
});

test('a refused subscribe is out_of_sync and reported', () => {
    const env = setup();
    const socket = connectOpen(env);
    const { requestId } = subscribed(env, 'secret', { since: 0 });
    socket.receive({ type: 'error', code: 'forbidden', message: 'no', request_id: requestId });
    assert.equal(env.client.topic('secret').status, 'out_of_sync');
    assert.equal(env.client.topic('secret').error.code, 'forbidden');
    assert.equal(env.log.error.at(-1).topic, 'secret');
});

test('unsubscribe sends pending acks, then unsubscribe, and ignores later events', () => {
    const env = setup();
    const socket = connectOpen(env);
    const { seen } = subscribed(env, 'board', { since: 0 });
    socket.receive(eventFrame('board', 1));
    env.client.unsubscribe('board');
    assert.deepEqual(socket.sent.slice(-2).map((f) => f.type), ['ack', 'unsubscribe']);
    socket.receive(eventFrame('board', 2));
    assert.deepEqual(seen, [1]);
    assert.equal(env.client.topic('board'), null);
});

test('a throwing onEvent is reported and the stream goes on', () => {
    const env = setup();
    const socket = connectOpen(env);
    const seen = [];
    env.client.subscribe('board', {
        since: 0,
        onEvent: (e) => {
            seen.push(e.seq);
            if (e.seq === 1) {
                throw new Error('bad handler');
            }
        },
    });
    socket.receive(eventFrame('board', 1));
    socket.receive(eventFrame('board', 2));
    assert.deepEqual(seen, [1, 2]);
    assert.equal(env.log.error[0].kind, 'handler');
});

test('a topic name outside the protocol rule is refused', () => {
    const env = setup();
    assert.throws(() => env.client.subscribe('has space'), TypeError);
    assert.throws(() => env.client.subscribe(''), TypeError);
    assert.throws(() => env.client.subscribe('x'.repeat(201)), TypeError);
});
