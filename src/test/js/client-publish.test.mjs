import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PublishQueue, SurewireError } from '../../main/webapp/js/surewire.js';
import { connectOpen, settle, setup } from './fakes.test.mjs';

const receiptFor = (frame, seq, duplicate = false) => ({
    type: 'receipt', client_msg_id: frame.client_msg_id, topic: frame.topic, seq, duplicate,
});

test('publish sends {topic, payload, client_msg_id} and resolves with the receipt', async () => {
    const env = setup();
    const socket = connectOpen(env);
    const receipt = env.client.publish('board', { checkIn: 42 });
    const [frame] = socket.frames('publish');
    assert.equal(frame.topic, 'board');
    assert.deepEqual(frame.payload, { checkIn: 42 });
    assert.equal(frame.client_msg_id, 'id-2'); // id-1 is the generated client_id
    socket.receive(receiptFor(frame, 9));
    assert.deepEqual(await receipt, { topic: 'board', seq: 9, duplicate: false, client_msg_id: 'id-2' });
    assert.equal(env.client.pendingPublishes().length, 0);
});

test('every publish gets its own client_msg_id (a real uuid by default)', () => {
    const env = setup({ uuid: undefined });
    const socket = connectOpen(env);
    env.client.publish('board', 1);
    env.client.publish('board', 2);
    const ids = socket.frames('publish').map((f) => f.client_msg_id);
    assert.notEqual(ids[0], ids[1]);
    for (const id of ids) {
        assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
});

test('offline publishes are queued and flushed in order after hello', async () => {
    const env = setup();
    const first = env.client.publish('board', 'a');
    const second = env.client.publish('board', 'b');
    env.client.connect();
    assert.deepEqual(env.ws.last().sent, [], 'nothing before the connection is open');
    const socket = env.ws.last();
    socket.accept();
    const frames = socket.frames('publish');
    assert.deepEqual(frames.map((f) => f.payload), ['a', 'b']);
    socket.receive(receiptFor(frames[1], 2));
    socket.receive(receiptFor(frames[0], 1));
    assert.equal((await first).seq, 1);
    assert.equal((await second).seq, 2);
});

test('the queue is bounded: past queueLimit the newest publish is rejected with queue_full', async () => {
    const env = setup({ queueLimit: 3 });
    const accepted = [1, 2, 3].map((n) => env.client.publish('board', n));
    const refused = env.client.publish('board', 4);
    await assert.rejects(refused, (error) => {
        assert.ok(error instanceof SurewireError);
        assert.equal(error.code, 'queue_full');
        assert.match(error.message, /send queue full \(3 publishes await a receipt\)/);
        return true;
    });
    const socket = connectOpen(env);
    const frames = socket.frames('publish');
    assert.deepEqual(frames.map((f) => f.payload), [1, 2, 3], 'the older ones stay, in order');
    frames.forEach((f, i) => socket.receive(receiptFor(f, i + 1)));
    assert.deepEqual((await Promise.all(accepted)).map((r) => r.seq), [1, 2, 3]);
    env.client.publish('board', 5);
    assert.equal(socket.frames('publish').length, 4, 'room again once receipts came');
});

test('the default bound is 1000', async () => {
    const env = setup();
    for (let i = 0; i < 1000; i++) {
        env.client.publish('board', i).catch(() => {});
    }
    await assert.rejects(env.client.publish('board', 1000), { code: 'queue_full' });
});

test('un-receipted publishes are sent again after a reconnect with the same client_msg_id', async () => {
    const env = setup();
    const first = connectOpen(env);
    const done = env.client.publish('board', { n: 1 });
    const receipted = env.client.publish('board', { n: 2 });
    const [a, b] = first.frames('publish');
    first.receive(receiptFor(b, 5));
    first.serverClose(1006);
    env.clock.advance(1000);
    const second = env.ws.last();
    second.accept();
    const resent = second.frames('publish');
    assert.equal(resent.length, 1, 'only the one without a receipt');
    assert.equal(resent[0].client_msg_id, a.client_msg_id);
    assert.deepEqual(resent[0].payload, { n: 1 });
    second.receive(receiptFor(resent[0], 4, true));
    assert.deepEqual(await done, { topic: 'board', seq: 4, duplicate: true, client_msg_id: a.client_msg_id });
    assert.equal((await receipted).seq, 5);
});

test('an explicit clientMsgId is used as is', () => {
    const env = setup();
    const socket = connectOpen(env);
    env.client.publish('board', 1, { clientMsgId: 'order-77' });
    assert.equal(socket.frames('publish')[0].client_msg_id, 'order-77');
});

test('a refused publish rejects with the server code', async () => {
    const env = setup();
    const socket = connectOpen(env);
    const publish = env.client.publish('board', 1);
    const [frame] = socket.frames('publish');
    socket.receive({ type: 'error', code: 'bad_frame', message: 'client_msg_id used for another topic', request_id: frame.request_id });
    await assert.rejects(publish, { code: 'bad_frame', message: 'client_msg_id used for another topic' });
});

test('a publish refused as unavailable is sent again with the same id, then rejected after the retries', async () => {
    const env = setup({ publishRetryLimit: 2, publishRetryMs: 1000 });
    const socket = connectOpen(env, { heartbeat_interval_ms: 600000 });
    const publish = env.client.publish('board', 1);
    publish.catch(() => {});
    const refuse = () => {
        const frame = socket.frames('publish').at(-1);
        socket.receive({ type: 'error', code: 'unavailable', message: 'db down', request_id: frame.request_id });
    };
    refuse();
    env.clock.advance(1000);
    refuse();
    env.clock.advance(2000);
    refuse();
    const ids = socket.frames('publish').map((f) => f.client_msg_id);
    assert.equal(ids.length, 3);
    assert.equal(new Set(ids).size, 1);
    await assert.rejects(publish, { code: 'unavailable' });
});

test('invalid topic or client_msg_id throw at once without sending', () => {
    const env = setup();
    const socket = connectOpen(env);
    assert.throws(() => env.client.publish('bad topic', 1), { code: 'bad_topic' });
    assert.throws(() => env.client.publish('board', 1, { clientMsgId: 'x'.repeat(129) }), { code: 'bad_client_msg_id' });
    assert.equal(socket.frames('publish').length, 0);
});

test('destroy() rejects every pending publish', async () => {
    const env = setup();
    const pending = env.client.publish('board', 1);
    env.client.destroy();
    await assert.rejects(pending, { code: 'destroyed' });
    await assert.rejects(env.client.publish('board', 2), { code: 'destroyed' });
});

test('PublishQueue keeps order and refuses past its limit', () => {
    const queue = new PublishQueue({ limit: 2 });
    queue.add('t', 1, 'a').promise.catch(() => {});
    queue.add('t', 2, 'b').promise.catch(() => {});
    assert.throws(() => queue.add('t', 3, 'c'), { code: 'queue_full' });
    assert.deepEqual(queue.unsentOn(null).map((e) => e.clientMsgId), [], 'sentOn null equals the null connection');
    assert.deepEqual(queue.unsentOn({}).map((e) => e.clientMsgId), ['a', 'b']);
    queue.resolve('a', {});
    assert.equal(queue.size, 1);
});

test('a receipt for an unknown client_msg_id is ignored', async () => {
    const env = setup();
    const socket = connectOpen(env);
    socket.receive({ type: 'receipt', client_msg_id: 'nobody', topic: 'board', seq: 1, duplicate: false });
    await settle();
    assert.equal(env.log.receipt.length, 0);
});
