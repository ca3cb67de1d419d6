// What publish() refuses at once: payloads JSON cannot carry, and frames over the server's size limit
// (and what happens when the server closes with 1009 all the same).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SurewireError, encodePayload, utf8Length } from '../../main/webapp/js/surewire.js';
import { connectOpen, settle, setup } from './fakes.test.mjs';

const receiptFor = (frame, seq, duplicate = false) => ({
    type: 'receipt', client_msg_id: frame.client_msg_id, topic: frame.topic, seq, duplicate,
});

/** The bytes of the publish frame the client would send for `payload` with id `id` on topic `board`. */
function frameBytes(payload, id) {
    return utf8Length(JSON.stringify({ type: 'publish', topic: 'board', payload, client_msg_id: id, request_id: id }));
}

function refusedWith(code, pattern) {
    return (error) => {
        assert.ok(error instanceof SurewireError, `a SurewireError, not ${error}`);
        assert.equal(error.code, code);
        if (pattern) {
            assert.match(error.message, pattern);
        }
        return true;
    };
}

// ---- item 2: payloads JSON cannot carry ----

test('payloads JSON cannot carry are refused synchronously with bad_payload, and nothing is sent or queued', () => {
    const env = setup();
    const socket = connectOpen(env);
    const cyclic = { name: 'loop' };
    cyclic.self = cyclic;
    const cases = [
        [cyclic, /cycle/],
        [{ big: 10n }, /payload\.big is a BigInt/],
        [undefined, /payload is undefined/],
        [() => 1, /payload is a function/],
        [Symbol('s'), /payload is a symbol/],
        [{ list: [1, () => 2] }, /payload\.list\[1\] is a function/],
        [{ nested: { gone: undefined } }, /payload\.nested\.gone is undefined/],
        [{ n: Number.NaN }, /payload\.n is NaN/],
        [[Infinity], /payload\[0\] is Infinity/],
        [{ m: new Map([[1, 2]]) }, /payload\.m is a Map/],
        [{ toJSON() { throw new Error('no way'); } }, /no way/],
    ];
    for (const [payload, message] of cases) {
        assert.throws(() => env.client.publish('board', payload), refusedWith('bad_payload', message), String(message));
    }
    assert.equal(socket.frames('publish').length, 0);
    assert.equal(env.client.pendingPublishes().length, 0);
    assert.equal(env.client.stats().published, 0);
});

test('JSON values go through as they are: null, dates through toJSON, nested arrays and unicode', async () => {
    const env = setup();
    const socket = connectOpen(env);
    const when = new Date('2026-11-22T10:00:00.000Z');
    const sent = [null, 0, 'ünïcødé ✓ 𝄞', [1, [2, [3]]], { when }];
    const receipts = sent.map((payload) => env.client.publish('board', payload));
    const frames = socket.frames('publish');
    assert.deepEqual(frames.map((f) => f.payload), [null, 0, 'ünïcødé ✓ 𝄞', [1, [2, [3]]], { when: '2026-11-22T10:00:00.000Z' }]);
    frames.forEach((f, i) => socket.receive(receiptFor(f, i + 1)));
    assert.deepEqual((await Promise.all(receipts)).map((r) => r.seq), [1, 2, 3, 4, 5]);
});

test('the payload is taken as it is at publish(): a later change of the object is not sent', () => {
    const env = setup();
    const payload = { n: 1 };
    env.client.publish('board', payload);
    payload.n = 2;
    const socket = connectOpen(env);
    assert.deepEqual(socket.frames('publish')[0].payload, { n: 1 });
});

test('a payload nested deeper than the server reads is refused', () => {
    const env = setup();
    let deep = 0;
    for (let i = 0; i < 1000; i++) {
        deep = [deep];
    }
    assert.throws(() => env.client.publish('board', deep), refusedWith('bad_payload', /nested deeper than 999/));
    let fine = 0;
    for (let i = 0; i < 998; i++) {
        fine = [fine];
    }
    env.client.publish('board', fine).catch(() => {});
    assert.equal(env.client.pendingPublishes().length, 1);
});

test('a wrong topic or client_msg_id is refused synchronously as well', () => {
    const env = setup();
    const socket = connectOpen(env);
    assert.throws(() => env.client.publish('bad topic', 1), refusedWith('bad_topic'));
    assert.throws(() => env.client.publish('board', 1, { clientMsgId: '' }), refusedWith('bad_client_msg_id'));
    assert.equal(socket.frames('publish').length, 0);
});

test('in fallback a refused payload never reaches the HTTP queue: the next publish goes out at once', async () => {
    const env = setup({ transport: 'polling', clientId: 'tab-1' });
    env.client.connect();
    const cyclic = [];
    cyclic.push(cyclic);
    assert.throws(() => env.client.publish('board', cyclic), refusedWith('bad_payload'));
    assert.throws(() => env.client.publish('board', { n: 5n }), refusedWith('bad_payload'));
    const good = env.client.publish('board', { ok: true }, { clientMsgId: 'k-ok' });
    await settle();
    const post = env.http.only('POST', '/api/v1/topics/board/events');
    assert.deepEqual(post.body, { ok: true });
    post.respond(201, { topic: 'board', seq: 1, epoch: 9, id: 'e1', duplicate: false });
    assert.equal((await good).seq, 1);
});

test('encodePayload returns the JSON text and names the first bad place', () => {
    assert.equal(encodePayload({ a: [1, 'x'] }), '{"a":[1,"x"]}');
    assert.throws(() => encodePayload({ a: { b: [0, { c: () => 1 }] } }), refusedWith('bad_payload', /payload\.a\.b\[1\]\.c is a function/));
});

// ---- item 1: frames over the server's limit ----

test('a publish whose frame is over hello.max_frame_bytes is refused at once with frame_too_large; nothing is sent', () => {
    const env = setup();
    const socket = connectOpen(env, { max_frame_bytes: 1000 });
    const fits = 'x'.repeat(1000 - frameBytes('', 'id-2'));
    assert.equal(frameBytes(fits, 'id-2'), 1000);
    env.client.publish('board', fits).catch(() => {});
    assert.equal(socket.frames('publish').length, 1, 'a frame of exactly the limit is fine');
    const over = 'x'.repeat(1000 - frameBytes('', 'id-3') + 1);
    assert.throws(() => env.client.publish('board', over), (error) => {
        refusedWith('frame_too_large', /1001 bytes.*limit is 1000 bytes/)(error);
        assert.equal(error.bytes, 1001);
        assert.equal(error.limit, 1000);
        return true;
    });
    assert.equal(socket.frames('publish').length, 1);
    assert.equal(env.client.pendingPublishes().length, 1);
});

test('bytes are counted as UTF-8, as the server counts them', () => {
    const env = setup();
    connectOpen(env, { max_frame_bytes: 200 });
    const base = frameBytes('', 'id-2');
    const room = 200 - base;
    const threeByteChars = '€'.repeat(Math.floor(room / 3) + 1); // fewer characters than bytes
    assert.ok(threeByteChars.length <= room, 'in UTF-16 units it would fit');
    assert.throws(() => env.client.publish('board', threeByteChars), refusedWith('frame_too_large'));
});

test('before any hello the documented default limit (65536 bytes) applies', () => {
    const env = setup();
    assert.throws(() => env.client.publish('board', 'x'.repeat(65536)), refusedWith('frame_too_large', /limit is 65536 bytes/));
    env.client.publish('board', 'x'.repeat(60000)).catch(() => {});
    assert.equal(env.client.pendingPublishes().length, 1);
});

test('a queued publish over a smaller limit announced by the next hello is rejected, never sent', async () => {
    const env = setup();
    const big = env.client.publish('board', 'x'.repeat(5000));
    const small = env.client.publish('board', 'y');
    const socket = connectOpen(env, { max_frame_bytes: 4096 });
    await assert.rejects(big, refusedWith('frame_too_large', /limit is 4096 bytes/));
    assert.deepEqual(socket.frames('publish').map((f) => f.payload), ['y']);
    socket.receive(receiptFor(socket.frames('publish')[0], 1));
    assert.equal((await small).seq, 1);
});

test('a publish the server closes with 1009 is rejected and never sent again; the connection comes back and the others go through', async () => {
    const env = setup();
    // the server claims more than it takes: a frame under the advertised limit is closed with 1009
    const first = connectOpen(env, { max_frame_bytes: 100000 });
    const before = env.client.publish('board', 'a');
    const big = env.client.publish('board', 'x'.repeat(70000));
    const after = env.client.publish('board', 'b');
    assert.equal(first.frames('publish').length, 3);
    first.receive(receiptFor(first.frames('publish')[0], 1));
    first.serverClose(1009, 'frame larger than 65536 bytes');
    await assert.rejects(big, (error) => {
        refusedWith('frame_too_large', /closed the connection with 1009/)(error);
        assert.equal(error.closeCode, 1009);
        return true;
    });
    assert.equal(env.client.state, 'reconnecting');
    env.clock.advance(1000);
    const second = env.ws.last();
    second.accept({ max_frame_bytes: 100000 });
    assert.deepEqual(second.frames('publish').map((f) => f.payload), ['b'], 'only the one without receipt, not the culprit');
    second.receive(receiptFor(second.frames('publish')[0], 2));
    assert.equal((await before).seq, 1);
    assert.equal((await after).seq, 2);
    assert.throws(() => env.client.publish('board', 'x'.repeat(70000)), refusedWith('frame_too_large'),
        'a frame as big as the one closed with 1009 is refused from now on, whatever hello says');
    assert.equal(env.ws.sockets.length, 2, 'one reconnect, no loop');
});

test('1009 with several big publishes in flight: each close rejects the biggest, so it ends, and the small one goes through', async () => {
    const env = setup();
    const hello = { max_frame_bytes: 200000 };
    let socket = connectOpen(env, hello);
    const sizes = [80000, 90000, 10, 70000];
    const outcomes = sizes.map((n) => env.client.publish('board', 'x'.repeat(n)).then((r) => r.seq, (e) => e.code));
    const rejected = [];
    env.client.on('error', () => {});
    for (let round = 0; round < 10; round++) {
        const big = socket.frames('publish').filter((f) => f.payload.length > 65536);
        if (big.length === 0) {
            break;
        }
        socket.serverClose(1009);
        await settle();
        rejected.push(big.length);
        env.clock.advance(1000);
        socket = env.ws.last();
        socket.accept(hello);
    }
    assert.deepEqual(rejected, [3, 2, 1], 'one fewer big frame after every 1009');
    const small = socket.frames('publish').find((f) => f.payload.length === 10);
    socket.receive(receiptFor(small, 1));
    assert.deepEqual(await Promise.all(outcomes), ['frame_too_large', 'frame_too_large', 1, 'frame_too_large']);
    assert.equal(env.ws.sockets.length, 4);
});
