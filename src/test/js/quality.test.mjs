import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QualityMonitor, qualityLevel } from '../../main/webapp/js/surewire.js';
import { connectOpen, setup } from './fakes.test.mjs';

test('latency thresholds: < 50 excellent, < 100 good, < 200 fair, < 500 poor, else critical', () => {
    const cases = [
        [0, 'excellent'], [49.9, 'excellent'], [50, 'good'], [99.9, 'good'], [100, 'fair'],
        [199.9, 'fair'], [200, 'poor'], [499.9, 'poor'], [500, 'critical'], [5000, 'critical'],
    ];
    for (const [latency, level] of cases) {
        assert.equal(qualityLevel({ latency, loss: 0 }), level, `${latency} ms`);
    }
});

test('excellent needs less than 0.5 % loss as well', () => {
    assert.equal(qualityLevel({ latency: 10, loss: 0.49 }), 'excellent');
    assert.equal(qualityLevel({ latency: 10, loss: 0.5 }), 'good');
});

test('loss can only make the level worse (2 % fair, 5 % poor, 10 % critical)', () => {
    assert.equal(qualityLevel({ latency: 10, loss: 1.9 }), 'good');
    assert.equal(qualityLevel({ latency: 10, loss: 2 }), 'fair');
    assert.equal(qualityLevel({ latency: 10, loss: 5 }), 'poor');
    assert.equal(qualityLevel({ latency: 10, loss: 10 }), 'critical');
    assert.equal(qualityLevel({ latency: 300, loss: 1 }), 'poor', 'latency still decides when worse');
});

test('no measurement yet is unknown', () => {
    assert.equal(qualityLevel({ latency: null, loss: 0 }), 'unknown');
});

test('monitor: mean latency, jitter as mean absolute difference of consecutive RTTs, loss in percent', () => {
    const monitor = new QualityMonitor();
    for (const rtt of [10, 30, 20]) {
        monitor.recordRtt(rtt);
    }
    monitor.recordLoss();
    const m = monitor.metrics();
    assert.equal(m.latency, 20);
    assert.equal(m.jitter, 15); // (|30-10| + |20-30|) / 2
    assert.equal(m.loss, 25);
    assert.equal(m.lastRtt, 20);
    assert.equal(m.level, 'critical');
});

test('monitor keeps a sliding window', () => {
    const monitor = new QualityMonitor({ window: 3 });
    monitor.recordLoss();
    for (const rtt of [40, 40, 40]) {
        monitor.recordRtt(rtt);
    }
    const m = monitor.metrics();
    assert.equal(m.samples, 3);
    assert.equal(m.loss, 0, 'the loss left the window');
    assert.equal(m.jitter, 0);
    assert.equal(m.level, 'excellent');
});

test('the client measures its own pings, counts the unanswered ones and reports changes', () => {
    const env = setup({ pingIntervalMs: 10000, pingTimeoutMs: 5000, pingMissLimit: 3 });
    const socket = connectOpen(env);
    env.clock.advance(10000);
    const [ping] = socket.frames('ping');
    assert.equal(typeof ping.ts, 'number');
    env.clock.advance(40);
    socket.receive({ type: 'pong', ts: ping.ts });
    let q = env.client.quality();
    assert.equal(q.latency, 40);
    assert.equal(q.level, 'excellent');
    assert.equal(env.log.quality.at(-1).level, 'excellent');

    env.clock.advance(9960 + 5000); // the second ping goes unanswered
    q = env.client.quality();
    assert.equal(q.loss, 50);
    assert.equal(q.level, 'critical');
    assert.equal(env.client.state, 'open', 'one lost ping is not a dead connection');
    assert.ok(env.log.quality.some((e) => e.loss === 50));
});

test('the client counts reconnections and the uptime of the current connection', () => {
    const env = setup();
    const socket = connectOpen(env);
    env.clock.advance(3000);
    assert.equal(env.client.quality().uptime, 3000);
    assert.equal(env.client.quality().reconnects, 0);
    socket.serverClose(1006);
    assert.equal(env.client.quality().uptime, 0);
    env.clock.advance(1000);
    env.ws.last().accept();
    assert.equal(env.client.quality().reconnects, 1);
});
