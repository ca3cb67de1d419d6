#!/usr/bin/env node
// Browser tests of the operator console (/console/) against a running server.
//
//   node console.mjs --base http://127.0.0.1:8080 --out <dir> [--only name,name] [--chromium /usr/bin/chromium]
//   environment: SUREWIRE_CONSOLE_USER, SUREWIRE_CONSOLE_PASSWORD (an account in the role operator);
//                SUREWIRE_TOKEN (an operator's token for the test's own API calls, when security is on)
//
// Runs every scenario in Debian's Chromium through playwright-core, writes <dir>/report.json
// {"passed","failed","scenarios":[{"name","ok","error"?,"ms"}]} and the screenshots <dir>/console-*.png
// (failure-<scenario>[-n].png for a failure), prints one line per scenario and "N passed, M failed",
// and exits 0 only when every scenario passed. Every wait is for a condition, and bounded.
//
// The server is expected to run with a short ack timeout and one retry (ConsoleBrowserIT), so that a
// client that does not ack is recorded as a delivery failure within seconds, and with board tokens
// that may subscribe to console-test/#.

import path from 'node:path';
import { assert, equal, httpClient, parseArgs, runAll, until as untilWithin } from './harness.mjs';

const OPTIONS = parseArgs(process.argv.slice(2), 'console.mjs', { scenarioTimeoutMs: 120_000 });
const BASE = OPTIONS.base;
const OUT = OPTIONS.out;
const USER = process.env.SUREWIRE_CONSOLE_USER || 'operator';
const PASSWORD = process.env.SUREWIRE_CONSOLE_PASSWORD;
const TOKEN = process.env.SUREWIRE_TOKEN;
const WAIT_MS = 20_000;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** The test's own calls to the API, with an operator's token when security is on. */
const http = httpClient(BASE, TOKEN, WAIT_MS);

async function publish(topic, payload) {
    const res = await http('POST', `/api/v1/topics/${topic}/events`, payload);
    if (res.status !== 201) {
        throw new Error(`publish to ${topic}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body;
}

/** Waits for `condition()` (in node) to hold, at most `timeout` ms. */
function until(condition, what, timeout = WAIT_MS) {
    return untilWithin(condition, what, timeout);
}

function unique(prefix) {
    return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

function shot(page, name) {
    return page.screenshot({ path: path.join(OUT, `console-${name}.png`), fullPage: true });
}

/** Logs in from the login page the console answers; waits for the page asked for. */
async function login(page, target = '/console/') {
    await page.goto(BASE + target);
    await page.getByTestId('login').waitFor();
    await page.fill('#j_username', USER);
    await page.fill('#j_password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.getByTestId('login-submit').click()]);
    await page.getByTestId('operator-name').waitFor();
}

async function tileValue(page, name) {
    return (await page.getByTestId(`value-${name}`).innerText()).trim();
}

/**
 * A WebSocket client of the protocol in a page of the server's origin, with a board token for its
 * client_id: it subscribes to `topic` (from `since` when given) and acks only when `ack` is set.
 * Its frames and its close code are in window.clients[clientId].
 */
async function rawClient(page, clientId, topic, { ack = false, since = undefined } = {}) {
    await page.evaluate(async ([clientId, topic, ack, since]) => {
        const { token } = await (await fetch(`/api/board/token?client_id=${encodeURIComponent(clientId)}`)).json();
        const url = new URL('/ws/client', location.href);
        url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
        url.searchParams.set('client_id', clientId);
        if (token) {
            url.searchParams.set('token', token);
        }
        const state = { frames: [], closed: null };
        window.clients = window.clients || {};
        window.clients[clientId] = state;
        const ws = new WebSocket(url);
        ws.onmessage = (message) => {
            const frame = JSON.parse(message.data);
            state.frames.push(frame);
            if (frame.type === 'hello') {
                ws.send(JSON.stringify(since === null ? { type: 'subscribe', topic } : { type: 'subscribe', topic, since }));
            } else if (frame.type === 'ping') {
                ws.send(JSON.stringify({ type: 'pong', ts: frame.ts }));
            } else if (frame.type === 'event' && ack) {
                ws.send(JSON.stringify({ type: 'ack', topic: frame.topic, seq: frame.seq }));
            }
        };
        ws.onclose = (event) => { state.closed = event.code; };
    }, [clientId, topic, ack, since === undefined ? null : since]);
}

function clientState(page, clientId) {
    return page.evaluate((id) => window.clients?.[id] ?? null, clientId);
}

/** The board page in a tab of its own: a WebSocket client the console can see; returns its client_id. */
async function openBoard(context) {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    await page.goto(`${BASE}/`);
    await page.waitForFunction(() => window.surewireBoard?.client?.state === 'open', null, { timeout: WAIT_MS });
    return { page, clientId: await page.evaluate(() => window.surewireBoard.client.clientId) };
}

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

const scenarios = [];

function scenario(name, description, fn) {
    scenarios.push({ name, description, fn });
}

scenario('login', 'the console asks for a login, refuses a wrong password, and opens the dashboard for an operator', async (t) => {
    const page = await t.page();
    await page.goto(`${BASE}/console/clients.xhtml`);
    await page.getByTestId('login').waitFor();
    assert(await page.locator('[data-testid=clients-table]').count() === 0, 'nothing of the page before the login');
    await shot(page, 'login');

    await page.fill('#j_username', USER);
    await page.fill('#j_password', 'not-the-password');
    await Promise.all([page.waitForNavigation(), page.getByTestId('login-submit').click()]);
    await page.getByTestId('login-failed').waitFor();

    await page.fill('#j_username', USER);
    await page.fill('#j_password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.getByTestId('login-submit').click()]);
    await page.getByTestId('clients-table').waitFor();
    equal((await page.getByTestId('operator-name').innerText()).trim(), USER, 'the operator is named');
});

scenario('dashboard-live', 'the dashboard updates without a reload as events are published and a client connects', async (t) => {
    const context = await t.context();
    const page = await t.page(context);
    await login(page);
    const topic = unique('console-test/dashboard');
    const connectionsBefore = Number(await tileValue(page, 'connections'));
    const sampledBefore = await tileValue(page, 'sampled');

    const board = await openBoard(context);
    await until(async () => Number(await tileValue(page, 'connections')) > connectionsBefore,
        'the open connections to count the board page');

    // publish at a steady pace until the events committed per second show it (a sample every 5 s)
    let publishing = true;
    let published = 0;
    const publisher = (async () => {
        while (publishing) {
            await publish(topic, { n: published++ });
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    })();
    try {
        await until(async () => Number((await tileValue(page, 'committed')).replace(/\u202f/g, '')) > 0,
            'events committed per second above 0');
        await until(async () => Number((await tileValue(page, 'sent')).replace(/\u202f/g, '')) >= 0
            && (await tileValue(page, 'sampled')) !== sampledBefore, 'a new sample');
        // two more samples, so that the charts have lines
        const seen = new Set([await tileValue(page, 'sampled')]);
        await until(async () => {
            seen.add(await tileValue(page, 'sampled'));
            return seen.size >= 3;
        }, 'two more samples', 30_000);
    } finally {
        publishing = false;
        await publisher;
    }
    assert(published > 0, 'events were published');
    equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), 1, 'never reloaded');
    const charts = await page.locator('#charts canvas').count();
    equal(charts, 4, 'four charts');
    await board.page.close();
    await shot(page, 'dashboard');
});

scenario('pages', 'every page of the console opens from the menu and shows its table', async (t) => {
    const page = await t.page();
    const topic = unique('console-test/pages');
    await publish(topic, { hello: 'topics page' });
    await login(page);

    await page.getByTestId('nav-clients').click();
    await page.getByTestId('clients-table').waitFor();
    await shot(page, 'clients');

    await page.getByTestId('nav-topics').click();
    await page.getByTestId('topics-table').waitFor();
    await page.fill('#topics\\:prefix', topic);
    await until(async () => (await page.locator('[data-testid=topic-name]').allInnerTexts()).join() === topic,
        'the prefix filter to keep the one topic');
    await page.fill('#topics\\:prefix', '');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=topic-name]').length > 1, null,
        { timeout: WAIT_MS });
    await shot(page, 'topics');

    await page.getByTestId('nav-failures').click();
    await page.getByTestId('failures-table').waitFor();
    await shot(page, 'failures');

    await page.getByTestId('nav-jobs').click();
    await page.getByTestId('jobs').waitFor();
    await shot(page, 'jobs');

    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('tile-connections').waitFor();
});

scenario('disconnect', 'a client is disconnected from the clients page after a confirmation, and reconnects', async (t) => {
    const context = await t.context();
    const page = await t.page(context);
    const board = await openBoard(context);
    await login(page, '/console/clients.xhtml');
    await page.fill('#clients\\:search', board.clientId);
    const button = page.getByTestId(`disconnect-${board.clientId}`);
    await button.waitFor();
    await button.click();
    await page.getByTestId('confirm-client').waitFor({ state: 'visible' });
    equal((await page.getByTestId('confirm-client').innerText()).trim(), board.clientId, 'the dialog names the client');
    await shot(page, 'disconnect');
    await page.getByTestId('confirm-disconnect').click();
    await page.locator('.ui-growl-title', { hasText: `Disconnected ${board.clientId}` }).waitFor();

    await board.page.waitForFunction(() => window.surewireBoard.client.attempts().some((a) => a.code === 1012), null,
        { timeout: WAIT_MS });
    await board.page.waitForFunction(() => window.surewireBoard.client.state === 'open', null, { timeout: WAIT_MS });
    await page.locator('#clients\\:refresh').click();
    await page.getByTestId(`disconnect-${board.clientId}`).waitFor();
});

scenario('failure-replay', 'a client that never acks is a delivery failure; it is marked resolved, then replayed from its cursor', async (t) => {
    const context = await t.context();
    const clients = await t.page(context);
    await clients.goto(`${BASE}/api/health`);
    const clientId = unique('silent');
    const topic = unique('console-test/failure');
    await rawClient(clients, clientId, topic);
    await until(async () => (await clientState(clients, clientId))?.frames.some((f) => f.type === 'subscribed'),
        'the silent client to subscribe');
    await publish(topic, { n: 1 });
    await publish(topic, { n: 2 });
    await until(async () => (await clientState(clients, clientId))?.closed === 4408, 'the silent client to be closed with 4408');

    const page = await t.page(context);
    await login(page, '/console/failures.xhtml');
    await page.fill('#failures\\:client', clientId);
    await page.locator('#failures\\:state').getByText('All').click();
    const row = page.locator('[data-testid=failures-table] tr', { hasText: clientId });
    await until(async () => {
        await page.locator('#failures\\:search').click();
        await page.waitForLoadState('networkidle');
        return (await row.count()) === 1;
    }, 'the failure to be recorded and listed');
    assert((await row.innerText()).includes('1–2'), `the failed range: ${await row.innerText()}`);
    await row.locator('.badge.open').waitFor();

    await row.locator('[data-testid^=resolve-]').click();
    await row.locator('.badge.resolved').waitFor();

    await row.locator('[data-testid^=replay-]').click();
    await page.locator('#replay').waitFor({ state: 'visible' });
    await shot(page, 'replay');
    await page.getByTestId('confirm-replay').click();
    await page.locator('.ui-growl-message', { hasText: 'It receives seq 1 onwards' }).waitFor();
    await row.locator('.badge.replayed').waitFor();

    // the same client, subscribing without since, receives the range again from its durable cursor
    await rawClient(clients, clientId, topic, { ack: true });
    await until(async () => {
        const state = await clientState(clients, clientId);
        return state && state.frames.filter((f) => f.type === 'event').length >= 2;
    }, 'the replayed events');
    const events = (await clientState(clients, clientId)).frames.filter((f) => f.type === 'event');
    equal(events.map((e) => e.seq), [1, 2], 'seq 1 and 2 again');
});

scenario('retention-job', 'the retention job is started from the Jobs page and its progress bar, a Surewire subscriber of ops/jobs, reaches 100 %', async (t) => {
    const page = await t.page();
    await login(page);
    await page.getByTestId('nav-jobs').click();
    await until(() => page.evaluate(() => window.surewireJobs?.subscribed === true), 'the page to subscribe to ops/jobs');
    const first = page.locator('[id="jobs:executions_data"] tr').first();
    // the repository keeps the executions of earlier runs: this one is the first row with a newer id
    const firstId = async () => Number((await first.locator('td').first().innerText()).trim()) || 0;
    const before = await firstId();
    await page.getByTestId('start-retention-purge').click();
    await until(async () => await firstId() > before && /retention-purge/.test(await first.innerText())
        && /COMPLETED/.test(await first.innerText()), 'the execution to complete');
    await until(async () => (await first.locator('.ui-progressbar-label').allInnerTexts()).join() === '100%',
        'its progress bar to reach 100 %');
    const id = await firstId();
    await until(() => page.evaluate((execution) => window.surewireJobs.lastPercent[execution] === 100, id),
        `the page's Surewire client to receive execution ${id}'s 100 % on ops/jobs`);
    await shot(page, 'jobs-completed');
});

scenario('session-ended', 'a dashboard whose session ended goes to the login page on its next poll, and comes back after it', async (t) => {
    const context = await t.context();
    const page = await t.page(context);
    await login(page);
    await context.clearCookies();
    await page.getByTestId('login').waitFor({ timeout: WAIT_MS });
    await page.fill('#j_username', USER);
    await page.fill('#j_password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.getByTestId('login-submit').click()]);
    await page.getByTestId('tile-connections').waitFor();
});

scenario('logout', 'logging out ends the session: every page asks for a login again', async (t) => {
    const page = await t.page();
    await login(page, '/console/topics.xhtml');
    await page.locator('#operator\\:logout').click();
    await page.getByTestId('login').waitFor();
    await page.goto(`${BASE}/console/clients.xhtml`);
    await page.getByTestId('login').waitFor();
    const api = await page.evaluate(async () => (await fetch('/api/sessions')).status);
    equal(api, 401, 'the API no longer takes the session');
});

// ---------------------------------------------------------------------------------------------
// Runner
// ---------------------------------------------------------------------------------------------

runAll(scenarios, {
    options: OPTIONS,
    viewport: { width: 1440, height: 900 },
    waitMs: WAIT_MS,
    async precondition() {
        if (!PASSWORD) {
            return 'SUREWIRE_CONSOLE_PASSWORD is not set';
        }
        const health = await http('GET', '/api/health').catch((error) => ({ status: 0, body: String(error.cause ?? error) }));
        return health.status === 200 ? null : `the server at ${BASE} is not up: ${health.status}`;
    },
}).catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
