import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyClose, closeAction } from '../../main/webapp/js/surewire.js';
import { connectOpen, setup } from './fakes.test.mjs';

test('classification of closes', () => {
    const cases = [
        [{ code: 1006, opened: false }, 'network'],
        [{ code: null, opened: false, timedOut: true }, 'network'],
        [{ code: 4400, opened: true }, 'handshake'],
        [{ code: 4401, opened: true }, 'handshake'],
        [{ code: 4402, opened: true }, 'handshake'],
        [{ code: 4403, opened: true }, 'handshake'],
        [{ code: 4500, opened: true }, 'server_error'],
        [{ code: 1011, opened: true }, 'server_error'],
        [{ code: 1006, opened: true }, 'abnormal'],
        [{ code: null, opened: true, timedOut: true }, 'timeout'],
        [{ code: 4408, opened: true }, 'timeout'],
        [{ code: 4409, opened: true }, 'superseded'],
        [{ code: 1000, opened: true }, 'normal'],
        [{ code: 1001, opened: true }, 'normal'],
        [{ code: 1012, opened: true }, 'normal'],
        [{ code: 1009, opened: true }, 'policy'],
        [{ code: 4429, opened: true }, 'policy'],
        [{ code: 4999, opened: true }, 'unknown'],
    ];
    for (const [info, expected] of cases) {
        assert.equal(classifyClose(info), expected, JSON.stringify(info));
    }
});

test('close actions: 4400-4403 terminal, 4409 superseded, everything else reconnects', () => {
    for (const code of [4400, 4401, 4402, 4403]) {
        assert.equal(closeAction(code), 'terminal', String(code));
    }
    assert.equal(closeAction(4409), 'superseded');
    for (const code of [1000, 1001, 1006, 1009, 1011, 1012, 4408, 4429, 4500, null]) {
        assert.equal(closeAction(code), 'reconnect', String(code));
    }
});

test('the client records each attempt with its class', () => {
    const env = setup({ pingIntervalMs: 1000, pingTimeoutMs: 500, pingMissLimit: 1 });
    env.client.connect();
    env.ws.last().refuse(); // network
    env.clock.advance(1000);
    env.ws.last().open();
    env.ws.last().serverClose(4500); // server_error
    env.clock.advance(2000);
    env.ws.last().accept();
    env.ws.last().serverClose(1006); // abnormal
    env.clock.advance(1000);
    env.ws.last().accept();
    env.clock.advance(1500); // ping unanswered: timeout
    env.clock.advance(1000);
    env.ws.last().open();
    env.ws.last().serverClose(4403); // handshake, terminal
    const classes = env.client.attempts().map((a) => a.class);
    assert.deepEqual(classes, ['network', 'server_error', 'abnormal', 'timeout', 'handshake']);
    assert.deepEqual(env.client.attempts().map((a) => a.outcome), ['failed', 'failed', 'closed', 'closed', 'failed']);
    assert.equal(env.client.state, 'failed');
});

test('a connection that opens but never says hello times out as timeout; one that never opens as network', () => {
    const env = setup({ connectTimeoutMs: 5000 });
    env.client.connect();
    env.clock.advance(5000);
    env.clock.advance(1000);
    env.ws.last().open();
    env.clock.advance(5000);
    assert.deepEqual(env.client.attempts().map((a) => a.class).slice(0, 2), ['network', 'timeout']);
    assert.equal(env.ws.sockets[0].closedWith.code, 4000, 'the client closes what it gives up on');
});

test('a lost connection is reported as an error event with its class', () => {
    const env = setup();
    const socket = connectOpen(env);
    socket.serverClose(1006);
    assert.deepEqual(env.log.error.map((e) => [e.kind, e.class, e.code, e.terminal]), [['connection', 'abnormal', 1006, false]]);
    assert.deepEqual(env.log.close.map((c) => c.class), ['abnormal']);
});
