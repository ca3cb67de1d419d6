import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AckBatcher } from '../../main/webapp/js/surewire.js';
import { FakeClock, connectOpen, eventFrame, setup } from './fakes.test.mjs';

function batcher(options = {}) {
    const clock = new FakeClock(0);
    const sent = [];
    const acks = new AckBatcher({
        send: (topic, seq) => sent.push({ topic, seq, at: clock.now() }),
        setTimeout: clock.setTimeout,
        clearTimeout: clock.clearTimeout,
        ...options,
    });
    return { clock, sent, acks };
}

test('time based: one cumulative ack 50 ms after the first processed event', () => {
    const { clock, sent, acks } = batcher();
    acks.processed('a', 1);
    clock.advance(20);
    acks.processed('a', 2);
    acks.processed('a', 3);
    clock.advance(29);
    assert.deepEqual(sent, []);
    clock.advance(1);
    assert.deepEqual(sent, [{ topic: 'a', seq: 3, at: 50 }]);
    clock.advance(1000);
    assert.equal(sent.length, 1, 'nothing more without new events');
});

test('count based: the 100th processed event flushes at once', () => {
    const { clock, sent, acks } = batcher({ delayMs: 10000 });
    for (let seq = 1; seq <= 99; seq++) {
        acks.processed('a', seq);
    }
    assert.deepEqual(sent, []);
    acks.processed('a', 100);
    assert.deepEqual(sent, [{ topic: 'a', seq: 100, at: 0 }]);
    clock.advance(10000);
    assert.equal(sent.length, 1, 'the timer went with the flush');
});

test('delay and count are configurable', () => {
    const { clock, sent, acks } = batcher({ delayMs: 5, maxEvents: 3 });
    acks.processed('a', 1);
    acks.processed('a', 2);
    acks.processed('a', 3);
    assert.deepEqual(sent.map((s) => s.seq), [3]);
    acks.processed('a', 4);
    clock.advance(5);
    assert.deepEqual(sent.map((s) => s.seq), [3, 4]);
});

test('one ack per topic with its highest processed seq; never one that is not higher', () => {
    const { clock, sent, acks } = batcher();
    acks.processed('a', 4);
    acks.processed('b', 9);
    acks.processed('a', 5);
    clock.advance(50);
    assert.deepEqual(sent.map(({ topic, seq }) => ({ topic, seq })), [{ topic: 'a', seq: 5 }, { topic: 'b', seq: 9 }]);
    acks.processed('a', 5);
    clock.advance(50);
    assert.equal(sent.length, 2, 'seq 5 was acknowledged already');
});

test('the ack is cumulative: a lower seq reported later does not lower it', () => {
    const { clock, sent, acks } = batcher();
    acks.processed('a', 7);
    acks.processed('a', 3);
    clock.advance(50);
    assert.deepEqual(sent.map((s) => s.seq), [7]);
});

test('forget drops what is pending', () => {
    const { clock, sent, acks } = batcher();
    acks.processed('a', 1);
    acks.processed('b', 1);
    acks.forget('a');
    clock.advance(50);
    assert.deepEqual(sent.map((s) => s.topic), ['b']);
    acks.processed('b', 2);
    acks.forget();
    clock.advance(50);
    assert.equal(sent.length, 1);
});

test('the client acks only events it processed: never the ones held behind a gap', () => {
    const env = setup();
    const socket = connectOpen(env);
    const seen = [];
    env.client.subscribe('board', { since: 0, onEvent: (e) => seen.push(e.seq) });
    for (const seq of [1, 2, 4, 5]) {
        socket.receive(eventFrame('board', seq));
    }
    env.clock.advance(50);
    assert.deepEqual(socket.frames('ack'), [{ type: 'ack', topic: 'board', seq: 2 }]);
    socket.receive(eventFrame('board', 3));
    env.clock.advance(50);
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    assert.deepEqual(socket.frames('ack').map((a) => a.seq), [2, 5]);
});

test('the client batches acks by count too (100 events -> one ack at once)', () => {
    const env = setup();
    const socket = connectOpen(env);
    env.client.subscribe('board', { since: 0 });
    for (let seq = 1; seq <= 100; seq++) {
        socket.receive(eventFrame('board', seq));
    }
    assert.deepEqual(socket.frames('ack'), [{ type: 'ack', topic: 'board', seq: 100 }]);
    env.clock.advance(1000);
    assert.equal(socket.frames('ack').length, 1);
});

test('a duplicate is acked again (the server resends only what it has no ack for), in the same batch as the rest', () => {
    const env = setup();
    const socket = connectOpen(env);
    env.client.subscribe('board', { since: 0 });
    socket.receive(eventFrame('board', 1));
    env.clock.advance(50);
    socket.receive(eventFrame('board', 1, { redelivery: 1 }));
    socket.receive(eventFrame('board', 2, { redelivery: 1 }));
    env.clock.advance(50);
    assert.deepEqual(socket.frames('ack').map((a) => a.seq), [1, 2]);
});

test('pending acks are not carried over to a new connection (its subscribe says where the client is)', () => {
    const env = setup();
    const first = connectOpen(env);
    env.client.subscribe('board', { since: 0 });
    first.receive(eventFrame('board', 1));
    first.serverClose(1006);
    env.clock.advance(1000);
    const second = env.ws.last();
    second.accept();
    env.clock.advance(50);
    assert.deepEqual(second.frames('ack'), []);
    assert.equal(second.frames('subscribe')[0].since, 1);
});
