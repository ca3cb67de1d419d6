import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachDiagnostics, diagnosticsRequested, resetDiagnosticsAutoAttach } from '../../main/webapp/js/surewire.js';
import { connectOpen, eventFrame, fakeDom, setup } from './fakes.test.mjs';

const REQUIRED_IDS = [
    'sw-diag', 'sw-diag-state', 'sw-diag-connect', 'sw-diag-disconnect', 'sw-diag-reconnect', 'sw-diag-ping',
    'sw-diag-topics', 'sw-diag-attempts', 'sw-diag-quality', 'sw-diag-stats', 'sw-diag-quality-level',
    'sw-diag-latency', 'sw-diag-loss', 'sw-diag-reconnects', 'sw-diag-uptime', 'sw-diag-error', 'sw-diag-close',
];

function withPanel(options = {}) {
    const dom = fakeDom();
    const env = setup();
    const panel = attachDiagnostics(env.client, { document: dom.document, window: dom.window, ...options });
    return { ...env, ...dom, panel };
}

test('the panel opens with every element tests rely on, and scoped CSS', () => {
    const env = withPanel({ open: true });
    for (const id of REQUIRED_IDS) {
        assert.ok(env.byTestId(id), `missing data-testid=${id}`);
    }
    assert.equal(env.byTestId('sw-diag').getAttribute('class'), 'sw-diag');
    const style = env.document.querySelector('style[data-sw-diag-style]');
    assert.ok(style);
    for (const rule of style.textContent.split('}').map((r) => r.trim()).filter(Boolean)) {
        assert.match(rule, /^\.sw-diag/, `rule not scoped: ${rule.slice(0, 40)}`);
    }
});

test('the state is shown and follows the client', () => {
    const env = withPanel({ open: true });
    assert.equal(env.byTestId('sw-diag-state').textContent, 'idle');
    connectOpen(env);
    assert.equal(env.byTestId('sw-diag-state').textContent, 'open');
    assert.equal(env.byTestId('sw-diag-state').getAttribute('data-state'), 'open');
});

test('buttons drive the client: connect, disconnect, reconnect, ping', async () => {
    const env = withPanel({ open: true });
    env.byTestId('sw-diag-connect').click();
    assert.equal(env.client.state, 'connecting');
    env.ws.last().accept();
    env.byTestId('sw-diag-ping').click();
    const ping = env.ws.last().frames('ping')[0];
    assert.ok(ping, 'a ping went out');
    env.clock.advance(12);
    env.ws.last().receive({ type: 'pong', ts: ping.ts });
    await Promise.resolve();
    assert.equal(env.byTestId('sw-diag-ping-result').textContent, 'pong in 12 ms');
    assert.equal(env.byTestId('sw-diag-latency').textContent, '12.0 ms');
    env.byTestId('sw-diag-reconnect').click();
    assert.equal(env.client.state, 'reconnecting');
    env.byTestId('sw-diag-disconnect').click();
    assert.equal(env.client.state, 'idle');
    assert.equal(env.byTestId('sw-diag-state').textContent, 'idle');
});

test('topics show seq and sync status; attempts show their error class', () => {
    const env = withPanel({ open: true });
    env.client.connect();
    env.ws.last().refuse();
    env.clock.advance(1000);
    const socket = env.ws.last();
    socket.accept();
    env.client.subscribe('board', { since: 0 });
    socket.receive(eventFrame('board', 1));
    socket.receive(eventFrame('board', 3));
    env.panel.render();
    const [row] = env.document.querySelectorAll('[data-testid="sw-diag-topic"]');
    assert.equal(row.getAttribute('data-topic'), 'board');
    assert.equal(row.getAttribute('data-seq'), '1');
    assert.equal(row.getAttribute('data-status'), 'out_of_sync');
    const attempts = env.document.querySelectorAll('[data-testid="sw-diag-attempt"]');
    assert.deepEqual(attempts.map((a) => a.getAttribute('data-outcome')), ['open', 'failed'], 'newest first');
    assert.equal(attempts[1].getAttribute('data-class'), 'network');
});

test('Ctrl+Shift+W toggles the panel', () => {
    const env = withPanel();
    assert.equal(env.byTestId('sw-diag'), null, 'closed until asked');
    let prevented = false;
    const key = { ctrlKey: true, shiftKey: true, key: 'W', code: 'KeyW', preventDefault: () => { prevented = true; } };
    env.window.dispatch('keydown', key);
    assert.ok(env.byTestId('sw-diag'));
    assert.ok(prevented);
    env.window.dispatch('keydown', key);
    assert.equal(env.byTestId('sw-diag'), null);
    env.window.dispatch('keydown', { ctrlKey: true, shiftKey: false, key: 'w', code: 'KeyW' });
    assert.equal(env.byTestId('sw-diag'), null, 'Ctrl+W alone does nothing');
});

test('the close button hides it; destroy removes the key listener', () => {
    const env = withPanel({ open: true });
    env.byTestId('sw-diag-close').click();
    assert.equal(env.byTestId('sw-diag'), null);
    assert.equal(env.window.listenerCount('keydown'), 1);
    env.panel.destroy();
    assert.equal(env.window.listenerCount('keydown'), 0);
    assert.equal(env.client.diagnostics, null);
});

test('?wsDebug=1 is recognised', () => {
    assert.equal(diagnosticsRequested({ href: 'http://h/board.html?wsDebug=1' }), true);
    assert.equal(diagnosticsRequested({ href: 'http://h/board.html?a=b&wsDebug=true' }), true);
    assert.equal(diagnosticsRequested({ href: 'http://h/board.html?wsDebug=0' }), false);
    assert.equal(diagnosticsRequested({ href: 'http://h/board.html' }), false);
});

test('auto-attach: the first client of a page gets the panel, open at once with ?wsDebug=1', () => {
    resetDiagnosticsAutoAttach();
    const dom = fakeDom();
    const env = setup({ document: dom.document, window: dom.window, location: { href: 'http://sw.test/board.html?wsDebug=1' } });
    assert.ok(env.client.diagnostics);
    assert.ok(dom.byTestId('sw-diag'));
    const second = setup({ document: dom.document, window: dom.window, location: { href: 'http://sw.test/?wsDebug=1' } });
    assert.equal(second.client.diagnostics, undefined, 'only the first client');
    assert.equal(dom.document.querySelectorAll('[data-testid="sw-diag"]').length, 1);
    resetDiagnosticsAutoAttach();
});

test('auto-attach without ?wsDebug=1 waits for the shortcut; diagnostics: false attaches nothing', () => {
    resetDiagnosticsAutoAttach();
    const dom = fakeDom();
    const env = setup({ document: dom.document, window: dom.window, location: { href: 'http://sw.test/board.html' } });
    assert.ok(env.client.diagnostics);
    assert.equal(dom.byTestId('sw-diag'), null);
    dom.window.dispatch('keydown', { ctrlKey: true, shiftKey: true, key: 'W', code: 'KeyW' });
    assert.ok(dom.byTestId('sw-diag'));
    resetDiagnosticsAutoAttach();
    const other = fakeDom();
    const off = setup({ document: other.document, window: other.window, diagnostics: false });
    assert.equal(off.client.diagnostics, undefined);
    assert.equal(other.window.listenerCount('keydown'), 0);
});
