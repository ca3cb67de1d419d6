import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff, DEFAULT_BACKOFF, jitterDelay } from '../../main/webapp/js/surewire.js';
import { seededRandom, setup } from './fakes.test.mjs';

const EXPECTED_BASES = [1000, 2000, 4000, 8000, 12000, 12000, 12000, 12000];

test('default schedule without jitter is 1, 2, 4, 8, 12, 12, 12, 12 s, then gives up', () => {
    const backoff = new Backoff({}, () => 0.5);
    const delays = [];
    for (let d = backoff.next(); d !== null; d = backoff.next()) {
        delays.push(d);
    }
    assert.deepEqual(delays, EXPECTED_BASES);
    assert.equal(backoff.attempt, 8);
    assert.ok(backoff.exhausted);
    assert.equal(backoff.next(), null);
});

test('defaults: delays 1-12 s, cap 12 s, ±20 % jitter, 8 attempts', () => {
    assert.deepEqual([...DEFAULT_BACKOFF.delaysMs], [1000, 2000, 4000, 8000, 12000]);
    assert.equal(DEFAULT_BACKOFF.capMs, 12000);
    assert.equal(DEFAULT_BACKOFF.jitter, 0.2);
    assert.equal(DEFAULT_BACKOFF.maxAttempts, 8);
});

test('with a seeded random every delay stays within ±20 % of its base and the cap is respected', () => {
    const random = seededRandom(2026);
    const seen = EXPECTED_BASES.map(() => new Set());
    for (let run = 0; run < 500; run++) {
        const backoff = new Backoff({}, random);
        EXPECTED_BASES.forEach((base, i) => {
            const delay = backoff.next();
            assert.ok(delay >= base * 0.8 && delay <= base * 1.2, `retry ${i + 1}: ${delay} ms is not within ±20 % of ${base}`);
            assert.ok(delay <= 12000 * 1.2, `retry ${i + 1}: ${delay} ms passes the cap plus jitter`);
            seen[i].add(delay);
        });
        assert.equal(backoff.next(), null, 'a ninth retry');
    }
    // jitter is really applied: the delays spread over the band instead of sitting on the base
    for (const [i, values] of seen.entries()) {
        assert.ok(values.size > 50, `retry ${i + 1} took only ${values.size} distinct values`);
        const spread = Math.max(...values) - Math.min(...values);
        assert.ok(spread > EXPECTED_BASES[i] * 0.3, `retry ${i + 1} spreads only ${spread} ms`);
    }
});

test('jitter bounds are reached at the extremes of random', () => {
    assert.equal(jitterDelay(10000, 0.2, () => 0), 8000);
    assert.equal(jitterDelay(10000, 0.2, () => 0.999999), 12000);
    assert.equal(jitterDelay(10000, 0.2, () => 0.5), 10000);
    assert.equal(jitterDelay(50, 0.2, () => 0, 100), 100, 'never below the minimum');
});

test('past the list each delay doubles, up to the cap', () => {
    const backoff = new Backoff({ delaysMs: [500], capMs: 5000, jitter: 0, maxAttempts: 7 });
    const delays = Array.from({ length: 7 }, () => backoff.next());
    assert.deepEqual(delays, [500, 1000, 2000, 4000, 5000, 5000, 5000]);
});

test('a lower cap clips the listed delays', () => {
    const backoff = new Backoff({ capMs: 3000, jitter: 0 });
    assert.deepEqual(Array.from({ length: 4 }, () => backoff.next()), [1000, 2000, 3000, 3000]);
});

test('attempts are configurable and reset() starts the schedule over', () => {
    const backoff = new Backoff({ maxAttempts: 3, jitter: 0 });
    assert.deepEqual([backoff.next(), backoff.next(), backoff.next(), backoff.next()], [1000, 2000, 4000, null]);
    backoff.reset();
    assert.equal(backoff.attempt, 0);
    assert.equal(backoff.next(), 1000);
});

test('invalid settings are refused', () => {
    assert.throws(() => new Backoff({ delaysMs: [] }), TypeError);
    assert.throws(() => new Backoff({ jitter: 1.5 }), TypeError);
});

test('the client retries on that schedule and stops after the attempts (transport websocket)', () => {
    const env = setup({ transport: 'websocket', backoff: { maxAttempts: 4 } });
    env.client.connect();
    const waits = [];
    for (let retry = 1; retry <= 4; retry++) {
        env.ws.last().refuse();
        const failedAt = env.clock.now();
        const sockets = env.ws.sockets.length;
        while (env.ws.sockets.length === sockets) {
            env.clock.advance(1);
            assert.ok(env.clock.now() - failedAt < 60000, `retry ${retry} never came`);
        }
        waits.push(env.clock.now() - failedAt);
    }
    assert.deepEqual(waits, [1000, 2000, 4000, 8000]);
    env.ws.last().refuse();
    env.clock.advance(600000);
    assert.equal(env.ws.sockets.length, 5, 'the first attempt and 4 retries, no more');
    assert.equal(env.client.state, 'failed');
    assert.match(env.client.failure.reason, /gave up after 4 reconnection attempts/);
});

test('a successful connection resets the schedule', () => {
    const env = setup({ transport: 'websocket' });
    env.client.connect();
    env.ws.last().refuse();
    env.clock.advance(1000);
    env.ws.last().refuse();
    env.clock.advance(2000);
    env.ws.last().accept();
    assert.equal(env.client.state, 'open');
    const lostAt = env.clock.now();
    env.ws.last().serverClose(1006);
    env.clock.advance(999);
    assert.equal(env.ws.sockets.length, 3);
    env.clock.advance(1);
    assert.equal(env.ws.sockets.length, 4, 'first retry after 1 s again');
    assert.equal(env.clock.now() - lostAt, 1000);
});
