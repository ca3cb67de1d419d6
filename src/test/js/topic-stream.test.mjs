import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TopicStream } from '../../main/webapp/js/surewire.js';
import { eventFrame } from './fakes.test.mjs';

const ev = (seq, extra) => eventFrame('board', seq, extra);
const seqs = (events) => events.map((e) => e.seq);

test('events in order are delivered and advance the last processed seq', () => {
    const stream = new TopicStream('board', { since: 0 });
    assert.deepEqual(seqs(stream.accept(ev(1)).deliver), [1]);
    assert.deepEqual(seqs(stream.accept(ev(2)).deliver), [2]);
    assert.equal(stream.lastSeq, 2);
});

test('duplicates (seq <= last processed) are dropped, redeliveries included', () => {
    const stream = new TopicStream('board', { since: 5 });
    for (const seq of [1, 4, 5]) {
        const result = stream.accept(ev(seq, { redelivery: 1 }));
        assert.deepEqual(result.deliver, []);
        assert.equal(result.duplicate, true, `seq ${seq}`);
    }
    assert.deepEqual(seqs(stream.accept(ev(6)).deliver), [6]);
    const again = stream.accept(ev(6, { redelivery: 2 }));
    assert.equal(again.duplicate, true);
    assert.equal(stream.lastSeq, 6);
});

test('a gap asks for a resync from last+1 exactly once and holds the events behind it', () => {
    const stream = new TopicStream('board', { since: 3 });
    const first = stream.accept(ev(6));
    assert.equal(first.resync, 4);
    assert.deepEqual(first.deliver, []);
    for (const seq of [7, 8, 6]) {
        const result = stream.accept(ev(seq));
        assert.equal(result.resync, undefined, `seq ${seq} asked again`);
        assert.deepEqual(result.deliver, []);
    }
    assert.equal(stream.held.size, 3);
    assert.equal(stream.lastSeq, 3, 'nothing behind the gap counts as processed');
});

test('filling the gap releases the held events in order', () => {
    const stream = new TopicStream('board', { since: 3 });
    stream.accept(ev(7));
    stream.accept(ev(5));
    stream.accept(ev(6));
    assert.deepEqual(seqs(stream.accept(ev(4)).deliver), [4, 5, 6, 7]);
    assert.equal(stream.lastSeq, 7);
    assert.equal(stream.held.size, 0);
    assert.equal(stream.resyncFrom, null);
});

test('a partly filled gap keeps its one resync; a new gap after it was closed gets its own', () => {
    const stream = new TopicStream('board', { since: 0 });
    assert.equal(stream.accept(ev(3)).resync, 1);
    stream.accept(ev(5));
    const partial = stream.accept(ev(1));
    assert.deepEqual(seqs(partial.deliver), [1]);
    assert.equal(stream.accept(ev(2)).resync, undefined);
    assert.equal(stream.lastSeq, 3);
    assert.equal(stream.accept(ev(6)).resync, undefined, 'still the same gap (4 missing)');
    assert.deepEqual(seqs(stream.accept(ev(4)).deliver), [4, 5, 6]);
    assert.equal(stream.accept(ev(9)).resync, 7, 'a new gap');
});

test('resyncDone tells whether the gap remains', () => {
    const stream = new TopicStream('board', { since: 0 });
    stream.accept(ev(2));
    assert.equal(stream.resyncDone(), true);
    assert.equal(stream.accept(ev(3)).resync, 1, 'a later event may ask again once the resync ended');
    stream.accept(ev(1));
    assert.equal(stream.resyncDone(), false);
});

test('without a position the first event sets it', () => {
    const stream = new TopicStream('board');
    assert.equal(stream.lastSeq, null);
    assert.deepEqual(seqs(stream.accept(ev(41)).deliver), [41]);
    assert.equal(stream.accept(ev(43)).resync, 42);
});

test('epoch 0 is unknown: the first real epoch is adopted without a reset', () => {
    const stream = new TopicStream('board', { since: 0 });
    const result = stream.accept(ev(1, { epoch: 0 }));
    assert.deepEqual(seqs(result.deliver), [1]);
    assert.equal(stream.epoch, 0);
    assert.deepEqual(seqs(stream.accept(ev(2, { epoch: 99 })).deliver), [2]);
    assert.equal(stream.epoch, 99);
});

test('a newer non-zero epoch is a reset; an older one is stale and dropped', () => {
    const stream = new TopicStream('board', { since: 10, epoch: 100 });
    const newer = stream.accept(ev(1, { epoch: 200 }));
    assert.deepEqual(newer.deliver, []);
    assert.deepEqual(newer.epochReset, {
        type: 'reset', topic: 'board', epoch: 200, last_seq: 0, first_available_seq: null, reason: 'epoch', local: true,
    });
    const older = stream.accept(ev(11, { epoch: 50 }));
    assert.equal(older.stale, true);
    assert.deepEqual(older.deliver, []);
    assert.equal(stream.lastSeq, 10);
});

test('while a reset is handled events are buffered, then taken up from the new position', () => {
    const stream = new TopicStream('board', { since: 10, epoch: 100 });
    stream.accept(ev(13, { epoch: 100 }));
    stream.beginReset({ topic: 'board', epoch: 100, last_seq: 20, first_available_seq: 15, reason: 'retention' });
    assert.equal(stream.held.size, 0, 'held events are void');
    assert.equal(stream.resumePosition(), 20);
    assert.equal(stream.accept(ev(21, { epoch: 100 })).buffered, true);
    assert.equal(stream.accept(ev(22, { epoch: 100 })).buffered, true);
    const buffered = stream.finishReset(21);
    assert.equal(stream.lastSeq, 21);
    assert.deepEqual(seqs(buffered), [21, 22]);
    assert.equal(stream.accept(buffered[0]).duplicate, true, 'already in the snapshot');
    assert.deepEqual(seqs(stream.accept(buffered[1]).deliver), [22]);
});
