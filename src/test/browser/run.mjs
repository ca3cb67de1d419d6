#!/usr/bin/env node
// Browser tests of the appointment board (src/main/webapp/index.html) against a running server.
//
//   node run.mjs --base http://127.0.0.1:8080 --out <dir> [--only name,name] [--chromium /usr/bin/chromium]
//   (SUREWIRE_TOKEN in the environment: the token of the test's own API calls, when security is on)
//
// Runs every scenario in Debian's Chromium through playwright-core (no browser is downloaded), writes
// <dir>/report.json {"passed","failed","scenarios":[{"name","ok","error"?,"ms"}]}, the screenshots
// <dir>/board.png and <dir>/diagnostics.png (and failure-<scenario>[-n].png for a failure), prints one
// line per scenario and a closing "N passed, M failed", and exits 0 only when every scenario passed.
//
// Each scenario works on a day of its own (a random far-future date whose appointments it creates
// over HTTP), so scenarios do not disturb each other or the server's other users. Every wait is for
// a condition, bounded; each scenario as a whole is bounded by --scenario-timeout (default 90 s).

import path from 'node:path';
import { assert, equal, httpClient, parseArgs, runAll, until as untilWithin, withTimeout } from './harness.mjs';

const OPTIONS = parseArgs(process.argv.slice(2), 'run.mjs', { scenarioTimeoutMs: 90_000 });
const BASE = OPTIONS.base;
const OUT = OPTIONS.out;

const WAIT_MS = 15_000;

/** SUREWIRE_BROWSER_DEBUG=1: the pages' console (with the library's log) and the proxied frames. */
const DEBUG = process.env.SUREWIRE_BROWSER_DEBUG === '1';

function debug(...args) {
    if (DEBUG) {
        console.log('  [debug]', ...args.map((a) => (typeof a === 'string' ? a.slice(0, 400) : a)));
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers (the test's own client of the server)
// ---------------------------------------------------------------------------------------------

/** The test's own calls to the API, with an operator's token from the environment when security is on. */
const http = httpClient(BASE, process.env.SUREWIRE_TOKEN, WAIT_MS);

async function expectStatus(promise, status, what) {
    const res = await promise;
    if (res.status !== status) {
        throw new Error(`${what}: expected HTTP ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body;
}

/** A day nobody else uses: a random date far in the future. */
function freshDay() {
    const year = 2300 + Math.floor(Math.random() * 600);
    const month = 1 + Math.floor(Math.random() * 12);
    const day = 1 + Math.floor(Math.random() * 28);
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const PATIENTS = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov',
    'Donald Knuth', 'Margaret Hamilton', 'Tony Hoare'];

/** Creates `count` appointments on `date`, 08:00, 08:30, …; returns them in time order. */
async function seedDay(date, count) {
    const created = [];
    for (let i = 0; i < count; i++) {
        const minutes = 8 * 60 + 30 * i;
        const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        created.push(await expectStatus(http('POST', '/api/appointments', { date, time, patient: PATIENTS[i % PATIENTS.length] }),
            201, `POST /api/appointments ${date} ${time}`));
    }
    return created;
}

/** Changes a state over HTTP (as another desk would); returns the appointment. */
function moveTo(id, state, version) {
    const body = version === undefined ? { state } : { state, version };
    return expectStatus(http('PUT', `/api/appointments/${id}/state`, body), 200, `PUT ${id} -> ${state}`);
}

async function snapshot(date) {
    return expectStatus(http('GET', `/api/appointments?date=${date}`), 200, `GET snapshot ${date}`);
}

// ---------------------------------------------------------------------------------------------
// Page helpers
// ---------------------------------------------------------------------------------------------

function boardUrl(date, extra = {}) {
    const query = new URLSearchParams({ date, ...extra, ...(DEBUG ? { debug: 1 } : {}) });
    return `${BASE}/?${query}`;
}

/** Waits until the board shows its day, connected (open or as asked) and synced. */
async function boardReady(page, { state = 'open' } = {}) {
    await page.waitForFunction((wanted) => {
        const b = window.surewireBoard;
        return b && b.loaded && b.client.state === wanted
            && document.querySelector('[data-testid=sync-badge]')?.dataset.status === 'synced';
    }, state, { timeout: WAIT_MS });
}

function row(page, id) {
    return page.locator(`[data-testid=board-row][data-id="${id}"]`);
}

/** Waits until a row shows `state` (and `version`, when given) and nothing is pending. */
async function rowIs(page, id, state, version, timeout = WAIT_MS) {
    try {
        await page.waitForFunction(([id, state, version]) => {
            const tr = document.querySelector(`[data-testid=board-row][data-id="${id}"]`);
            return tr && tr.dataset.state === state && !tr.dataset.pending
                && (version === null || tr.dataset.version === String(version));
        }, [id, state, version ?? null], { timeout });
    } catch (error) {
        const actual = await row(page, id).evaluate((tr) => ({ ...tr.dataset })).catch(() => 'no such row');
        throw new Error(`row ${id} should be ${state}${version ? ` v${version}` : ''}, is ${JSON.stringify(actual)} (${error.message.split('\n')[0]})`);
    }
}

async function connectionIs(page, state, timeout = WAIT_MS) {
    try {
        await page.waitForFunction((s) => document.querySelector('[data-testid=connection-state]')?.dataset.state === s,
            state, { timeout });
    } catch (error) {
        const actual = await page.evaluate(() => document.querySelector('[data-testid=connection-state]')?.dataset.state);
        throw new Error(`connection should be ${state}, is ${actual} (${error.message.split('\n')[0]})`);
    }
}

async function actionsOf(page, id) {
    return row(page, id).locator('button[data-testid^="action-"]').evaluateAll((buttons) => buttons.map((b) => b.dataset.testid));
}

/** Waits for `condition()` (in node) to hold, at most `timeout` ms. */
function until(condition, what, timeout = WAIT_MS) {
    return untilWithin(condition, what, timeout);
}

/** The board's rows as the page shows them: [{id, state, version}] in page order. */
function shownRows(page) {
    return page.$$eval('[data-testid=board-row]', (rows) => rows.map((tr) => ({
        id: tr.dataset.id, state: tr.dataset.state, version: Number(tr.dataset.version),
    })));
}

/** Waits until the page shows exactly the server's snapshot of `date`. */
async function matchesServer(page, date) {
    let server = null;
    let shown = null;
    try {
        await until(async () => {
            server = (await snapshot(date)).appointments.map((a) => ({ id: a.id, state: a.state, version: a.version }));
            shown = await shownRows(page);
            return JSON.stringify(server) === JSON.stringify(shown);
        }, 'the page to show the server\'s board');
    } catch (error) {
        throw new Error(`${error.message}: server ${JSON.stringify(server)}, page ${JSON.stringify(shown)}`);
    }
}

/**
 * Routes the page's WebSocket through the test: `blocked` refuses connections (closed before they
 * open, as a refused connection looks), `holdToPage` keeps server→page frames back, and
 * `rewriteToServer` / `rewriteToPage` may change frames on their way. `attempts` counts the
 * attempts, `serverCloses` the codes the server closed with.
 */
async function proxyWebSocket(page) {
    const proxy = {
        blocked: false, holdToPage: false, held: [], attempts: 0, refused: 0, rewriteToServer: null, rewriteToPage: null,
        sockets: [], serverCloses: [],
        release() {
            this.holdToPage = false;
            const frames = this.held;
            this.held = [];
            for (const { ws, message } of frames) {
                try {
                    ws.send(message);
                } catch {
                    // that socket is gone
                }
            }
        },
        heldEvents() {
            return this.held.map(({ message }) => JSON.parse(message)).filter((f) => f.type === 'event');
        },
    };
    await page.routeWebSocket(/\/ws\/client/, (ws) => {
        proxy.attempts += 1;
        if (proxy.blocked) {
            proxy.refused += 1;
            ws.close({ code: 1006, reason: 'blocked by the test' });
            return;
        }
        const server = ws.connectToServer();
        proxy.sockets.push(ws);
        ws.onMessage((message) => {
            const frame = proxy.rewriteToServer ? proxy.rewriteToServer(message) : message;
            debug('page -> server', frame);
            server.send(frame);
        });
        server.onMessage((raw) => {
            const message = proxy.rewriteToPage ? proxy.rewriteToPage(raw) : raw;
            debug('server -> page', message);
            if (proxy.holdToPage) {
                proxy.held.push({ ws, message });
            } else {
                ws.send(message);
            }
        });
        // forwarded as the default does, with the server's code (the page must see a 1009 as 1009)
        server.onClose((code, reason) => {
            proxy.serverCloses.push(code);
            ws.close({ code, reason }).catch(() => {});
        });
        ws.onClose((code, reason) => {
            server.close({ code, reason }).catch(() => {});
        });
    });
    return proxy;
}

/** Runs `fn` in the page and bounds it: a promise that never settles fails with `what`, never hangs. */
function inPage(page, what, fn, arg) {
    return withTimeout(page.evaluate(fn, arg), WAIT_MS * 4, what);
}

/** A topic of the scenario's own for publishes. */
function publishTopic(date, name) {
    return `browser-test/${date}/${name}`;
}

/** The events of a topic as the server has them (at most 1000). */
async function serverEvents(topic) {
    const body = await expectStatus(http('GET', `/api/v1/topics/${topic}/events?since=0&limit=1000&wait=0`), 200,
        `GET ${topic} events`);
    return body.events;
}

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

const scenarios = [];

function scenario(name, description, fn) {
    scenarios.push({ name, description, fn });
}

scenario('board', 'the snapshot is shown with the valid actions per state; a check-in is optimistic, then confirmed', async (t) => {
    const date = freshDay();
    const [a, b, c, d, e, f] = await seedDay(date, 6);
    await moveTo(b.id, 'present');
    await moveTo(c.id, 'present');
    await moveTo(c.id, 'seated');
    await moveTo(d.id, 'present');
    await moveTo(d.id, 'seated');
    await moveTo(d.id, 'dismissed');
    await moveTo(e.id, 'cancelled');

    const page = await t.page();
    await page.goto(boardUrl(date));
    await boardReady(page);
    await matchesServer(page, date);
    equal((await shownRows(page)).map((r) => r.id), [a, b, c, d, e, f].map((x) => x.id), 'rows in time order');
    equal(await actionsOf(page, a.id), ['action-present', 'action-cancelled'], 'actions of a scheduled appointment');
    equal(await actionsOf(page, b.id), ['action-seated', 'action-cancelled'], 'actions of a present appointment');
    equal(await actionsOf(page, c.id), ['action-dismissed'], 'actions of a seated appointment');
    equal(await actionsOf(page, d.id), [], 'actions of a dismissed appointment');
    equal(await actionsOf(page, e.id), [], 'actions of a cancelled appointment');
    const summary = await page.$$eval('[data-testid^="summary-"]', (items) => items.map((li) => `${li.dataset.state}=${li.dataset.count}`));
    equal(summary, ['scheduled=2', 'present=1', 'seated=1', 'dismissed=1', 'cancelled=1'], 'summary');
    equal(await page.getByTestId('connection-transport').getAttribute('data-transport'), 'websocket', 'transport');
    const ids = await page.evaluate(() => ({
        client: window.surewireBoard.client.clientId,
        session: sessionStorage.getItem('surewire.board.client_id'),
        local: localStorage.getItem('surewire.client_id'),
    }));
    assert(ids.client && ids.session === ids.client && ids.local === null, `the client_id lives in sessionStorage: ${JSON.stringify(ids)}`);
    assert(await page.getByTestId('error-banner').isHidden(), 'no error is shown');

    // check in A with the answer held back: the row shows the new state and the indicator at once
    let releasePut;
    const putHeld = new Promise((resolve) => { releasePut = resolve; });
    await page.route('**/api/appointments/*/state', async (route) => {
        await putHeld;
        await route.continue();
    });
    await row(page, a.id).getByTestId('action-present').click();
    await page.waitForFunction((id) => {
        const tr = document.querySelector(`[data-testid=board-row][data-id="${id}"]`);
        return tr.dataset.state === 'present' && tr.dataset.pending === 'present' && tr.getAttribute('aria-busy') === 'true';
    }, a.id, { timeout: WAIT_MS });
    await row(page, a.id).getByTestId('processing').waitFor({ state: 'visible', timeout: WAIT_MS });
    equal(await actionsOf(page, a.id), [], 'no actions while the change is processed');
    const answer = page.waitForResponse((r) => r.url().includes(`/api/appointments/${a.id}/state`), { timeout: WAIT_MS });
    releasePut();
    equal((await answer).status(), 200, 'the server accepts the check-in');
    await rowIs(page, a.id, 'present', 2);
    await row(page, a.id).getByTestId('processing').waitFor({ state: 'detached', timeout: WAIT_MS });
    await matchesServer(page, date);
    await page.unroute('**/api/appointments/*/state');
    await page.waitForFunction(() => document.querySelector('[data-testid=connection-quality]').dataset.level !== 'unknown',
        null, { timeout: WAIT_MS });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(OUT, 'board.png'), fullPage: true });
});

scenario('two-pages', 'a change made on one page (own browser context) appears on another, both ways', async (t) => {
    const date = freshDay();
    const [a, b] = await seedDay(date, 3);
    const one = await t.page(await t.context());
    const two = await t.page(await t.context());
    await Promise.all([one.goto(boardUrl(date)), two.goto(boardUrl(date))]);
    await Promise.all([boardReady(one), boardReady(two)]);
    const ids = await Promise.all([one, two].map((p) => p.evaluate(() => window.surewireBoard.client.clientId)));
    assert(ids[0] !== ids[1], 'each page has its own client_id');

    await row(one, a.id).getByTestId('action-present').click();
    await rowIs(one, a.id, 'present', 2);
    await rowIs(two, a.id, 'present', 2);

    await row(two, a.id).getByTestId('action-seated').click();
    await rowIs(two, a.id, 'seated', 3);
    await rowIs(one, a.id, 'seated', 3);

    await row(one, b.id).getByTestId('action-cancelled').click();
    await rowIs(two, b.id, 'cancelled', 2);
    for (const page of [one, two]) {
        await matchesServer(page, date);
        equal(await page.getByTestId('sync-badge').getAttribute('data-status'), 'synced', 'sync badge');
        assert(await page.getByTestId('error-banner').isHidden(), 'no error is shown');
    }
});

scenario('server-kill-reconnect', 'the server closes the page\'s connection; changes made meanwhile all appear after the reconnect', async (t) => {
    const date = freshDay();
    const [a, b, c] = await seedDay(date, 4);
    const page = await t.page();
    // a 2.5 s reconnect delay leaves a wide window to change the board while the page is away
    await page.goto(boardUrl(date, { retryMs: 2500 }));
    await boardReady(page);
    const clientId = await page.evaluate(() => window.surewireBoard.client.clientId);
    const sessionBefore = await page.evaluate(() => window.surewireBoard.client.hello.session_id);
    await until(async () => (await http('GET', '/api/sessions')).body.some?.((s) => s.client_id === clientId),
        'the server to list the page\'s connection');

    await expectStatus(http('DELETE', `/api/sessions/${encodeURIComponent(clientId)}`), 204, 'DELETE /api/sessions');
    await connectionIs(page, 'reconnecting', 5000);

    await moveTo(a.id, 'present');
    await moveTo(a.id, 'seated');
    await moveTo(b.id, 'cancelled');
    await moveTo(c.id, 'present');
    const added = await expectStatus(http('POST', '/api/appointments', { date, time: '07:45', patient: 'Frances Allen' }), 201, 'POST');
    const stillAway = await page.evaluate(() => window.surewireBoard.client.state);
    equal(stillAway, 'reconnecting', 'the page is still away after the changes (raise retryMs if this fails)');
    equal((await shownRows(page)).find((r) => r.id === a.id).state, 'scheduled', 'the page has not seen the changes yet');

    await connectionIs(page, 'open');
    await matchesServer(page, date);
    await boardReady(page);
    const after = await page.evaluate(() => ({
        session: window.surewireBoard.client.hello.session_id,
        reconnects: window.surewireBoard.client.quality().reconnects,
        closes: window.surewireBoard.client.attempts().filter((x) => x.code === 1012).map((x) => x.class),
    }));
    assert(after.session !== sessionBefore, 'a new session');
    equal(after.reconnects, 1, 'reconnects');
    equal(after.closes, ['normal'], 'the 1012 close is recorded as a normal close');
    await row(page, added.id).waitFor({ timeout: WAIT_MS });
    assert(await page.getByTestId('error-banner').isHidden(), 'no error is shown');
});

scenario('websocket-blocked-fallback', 'with the WebSocket refused the page long-polls and still updates, then returns to the WebSocket', async (t) => {
    const date = freshDay();
    const [a, b] = await seedDay(date, 3);
    const page = await t.page();
    const proxy = await proxyWebSocket(page);
    proxy.blocked = true;
    // one retry 200 ms after the first refusal, then the fallback; a WebSocket probe every second
    await page.goto(boardUrl(date, { retries: 1, retryMs: 200, probeMs: 1000 }));
    await connectionIs(page, 'fallback');
    await boardReady(page, { state: 'fallback' });
    equal(await page.getByTestId('connection-transport').getAttribute('data-transport'), 'polling', 'transport in fallback');
    assert(proxy.refused >= 2, `the WebSocket was refused (${proxy.refused} times)`);

    // changes made elsewhere reach the page by long-poll
    await moveTo(a.id, 'present');
    await rowIs(page, a.id, 'present', 2);
    await moveTo(a.id, 'seated');
    await rowIs(page, a.id, 'seated', 3);
    // a change made on the page works too (plain HTTP)
    await row(page, b.id).getByTestId('action-present').click();
    await rowIs(page, b.id, 'present', 2);

    // the library's HTTP publish carries Surewire-Client-Id: the same client_msg_id later sent over the
    // WebSocket is the same publish
    const topic = `browser-test/${date}`;
    const key = `bt-${Date.now()}`;
    const overHttp = await page.evaluate(([topic, key]) => window.surewireBoard.client.publish(topic, { n: 1 }, { clientMsgId: key }),
        [topic, key]);
    assert(overHttp.seq === 1 && overHttp.duplicate === false, `HTTP publish receipt ${JSON.stringify(overHttp)}`);
    const probesBefore = proxy.refused;
    await until(() => proxy.refused > probesBefore, 'a WebSocket probe (refused) while in fallback');

    proxy.blocked = false;
    await connectionIs(page, 'open');
    equal(await page.getByTestId('connection-transport').getAttribute('data-transport'), 'websocket', 'transport after the probe');
    await boardReady(page);
    const overWs = await page.evaluate(([topic, key]) => window.surewireBoard.client.publish(topic, { n: 1 }, { clientMsgId: key }),
        [topic, key]);
    assert(overWs.seq === 1 && overWs.duplicate === true,
        `the same client_msg_id over the WebSocket is a duplicate of the HTTP publish: ${JSON.stringify(overWs)}`);

    // and events come over the WebSocket again
    await moveTo(a.id, 'dismissed');
    await rowIs(page, a.id, 'dismissed', 4);
    await matchesServer(page, date);
    const clientId = await page.evaluate(() => window.surewireBoard.client.clientId);
    const sessions = (await http('GET', '/api/sessions')).body;
    assert(sessions.some((s) => s.client_id === clientId), 'the server lists the page\'s WebSocket again');
});

scenario('conflict-rollback', 'a stale page\'s change is refused with 409: the error is shown and the row returns to the server\'s state', async (t) => {
    const date = freshDay();
    const [a, b] = await seedDay(date, 3);
    const page = await t.page();
    const proxy = await proxyWebSocket(page);
    await page.goto(boardUrl(date));
    await boardReady(page);

    // the page goes stale for real: the server's frames are held while another desk changes A twice
    proxy.holdToPage = true;
    await moveTo(a.id, 'present');
    const current = await moveTo(a.id, 'seated');
    await until(() => proxy.heldEvents().some((f) => f.payload?.appointment?.id === a.id && f.payload.appointment.version === 3),
        'the server\'s events to be held back');
    await rowIs(page, a.id, 'scheduled', 1);

    // the page checks A in: optimistic first (answer held), then the server's 409
    let releasePut;
    const putHeld = new Promise((resolve) => { releasePut = resolve; });
    await page.route('**/api/appointments/*/state', async (route) => {
        await putHeld;
        await route.continue();
    });
    await row(page, a.id).getByTestId('action-present').click();
    await page.waitForFunction((id) => document.querySelector(`[data-testid=board-row][data-id="${id}"]`).dataset.pending === 'present',
        a.id, { timeout: WAIT_MS });
    await row(page, a.id).getByTestId('processing').waitFor({ state: 'visible', timeout: WAIT_MS });
    const answer = page.waitForResponse((r) => r.url().includes(`/api/appointments/${a.id}/state`), { timeout: WAIT_MS });
    releasePut();
    const response = await answer;
    equal(response.status(), 409, 'the server refuses the stale change');
    equal(JSON.parse(response.request().postData()), { state: 'present', version: 1 }, 'the page sent the version it had');

    const banner = page.getByTestId('error-banner');
    await banner.waitFor({ state: 'visible', timeout: WAIT_MS });
    const text = await banner.innerText();
    assert(/Alan Turing|Ada Lovelace/.test(text) && /version 3/.test(text) && /Seated/.test(text),
        `the banner says what happened: ${JSON.stringify(text)}`);
    await rowIs(page, a.id, 'seated', current.version);
    await row(page, a.id).getByTestId('processing').waitFor({ state: 'detached', timeout: WAIT_MS });
    equal(await actionsOf(page, a.id), ['action-dismissed'], 'the actions of the server\'s state');

    // the held frames arrive late: nothing changes any more, nothing goes backwards
    proxy.release();
    await boardReady(page);
    await rowIs(page, a.id, 'seated', 3);
    await matchesServer(page, date);

    // a change that gets no answer at all is rolled back to the last confirmed state
    await page.unroute('**/api/appointments/*/state');
    await page.route('**/api/appointments/*/state', (route) => route.abort('connectionrefused'));
    await page.getByTestId('error-dismiss').click();
    await banner.waitFor({ state: 'hidden', timeout: WAIT_MS });
    await row(page, b.id).getByTestId('action-present').click();
    await banner.waitFor({ state: 'visible', timeout: WAIT_MS });
    assert(/could not be reached/.test(await banner.innerText()), 'the banner says the server was not reached');
    await rowIs(page, b.id, 'scheduled', 1);
    equal(await actionsOf(page, b.id), ['action-present', 'action-cancelled'], 'the actions are back');
    await page.unroute('**/api/appointments/*/state');
    await matchesServer(page, date);
});

scenario('reset-reload', 'a reset from the server makes the page reload the snapshot and continue after it', async (t) => {
    const date = freshDay();
    const [a, b] = await seedDay(date, 3);
    const page = await t.page();
    const proxy = await proxyWebSocket(page);
    await page.goto(boardUrl(date, { retryMs: 2500 }));
    await boardReady(page);
    const clientId = await page.evaluate(() => window.surewireBoard.client.clientId);
    await until(async () => (await http('GET', '/api/sessions')).body.some?.((s) => s.client_id === clientId),
        'the server to list the page\'s connection');

    // the page is away while the board changes; when it comes back its subscribe asks for a position the
    // server does not have (since far beyond last_seq), so the server answers `reset` instead of a replay
    await expectStatus(http('DELETE', `/api/sessions/${encodeURIComponent(clientId)}`), 204, 'DELETE /api/sessions');
    await connectionIs(page, 'reconnecting', 5000);
    proxy.rewriteToServer = (message) => {
        const frame = JSON.parse(message);
        if (frame.type === 'subscribe') {
            proxy.rewriteToServer = null;
            return JSON.stringify({ ...frame, since: 1_000_000 });
        }
        return message;
    };
    await moveTo(a.id, 'present');
    await moveTo(b.id, 'cancelled');
    const snapshotsBefore = t.requests.filter((u) => u.includes('/api/appointments?')).length;

    await connectionIs(page, 'open');
    await matchesServer(page, date);
    await boardReady(page);
    const resets = await page.evaluate(() => window.surewireBoard.client.stats().resets);
    equal(resets, 1, 'the server sent one reset');
    const snapshotsAfter = t.requests.filter((u) => u.includes('/api/appointments?')).length;
    equal(snapshotsAfter - snapshotsBefore, 1, 'the page reloaded the snapshot once');

    await moveTo(a.id, 'seated');
    await rowIs(page, a.id, 'seated', 3);
});

scenario('two-tabs', 'two tabs of one browser keep their own client_id and stay live; a duplicated tab does not take another\'s place', async (t) => {
    const date = freshDay();
    const [a] = await seedDay(date, 2);
    const context = await t.context();
    const one = await t.page(context);
    await one.goto(boardUrl(date));
    await boardReady(one);
    const two = await t.page(context);
    await two.goto(boardUrl(date));
    await boardReady(two);
    const ids = await Promise.all([one, two].map((p) => p.evaluate(() => window.surewireBoard.client.clientId)));
    assert(ids[0] !== ids[1], `two tabs, two client_ids: ${ids}`);
    await moveTo(a.id, 'present');
    await rowIs(one, a.id, 'present', 2);
    await rowIs(two, a.id, 'present', 2);
    for (const page of [one, two]) {
        equal(await page.evaluate(() => window.surewireBoard.client.state), 'open', 'neither tab was superseded');
    }

    // a duplicated tab carries its sessionStorage, so it starts with the same client_id: the server
    // supersedes the older connection (4409), and that tab takes a fresh id and loads the board again
    const three = await t.page(context);
    await three.addInitScript((id) => sessionStorage.setItem('surewire.board.client_id', id), ids[0]);
    await three.goto(boardUrl(date));
    await boardReady(three);
    equal(await three.evaluate(() => window.surewireBoard.client.clientId), ids[0], 'the duplicate starts with the same id');
    await one.waitForFunction((old) => {
        const c = window.surewireBoard.client;
        return c.clientId !== old && c.state === 'open'
            && document.querySelector('[data-testid=sync-badge]')?.dataset.status === 'synced';
    }, ids[0], { timeout: WAIT_MS });
    const fresh = await one.evaluate(() => window.surewireBoard.client.clientId);
    equal(await one.evaluate(() => sessionStorage.getItem('surewire.board.client_id')), fresh, 'the fresh id is kept for the tab');
    await moveTo(a.id, 'seated');
    for (const page of [one, two, three]) {
        await rowIs(page, a.id, 'seated', 3);
    }
});

scenario('diagnostics', 'the diagnostics panel opens with ?wsDebug=1 and with Ctrl+Shift+W, and shows the state', async (t) => {
    const date = freshDay();
    const [a] = await seedDay(date, 5);
    await moveTo(a.id, 'present');
    const page = await t.page();
    await page.goto(boardUrl(date, { wsDebug: 1 }));
    await boardReady(page);
    const panel = page.getByTestId('sw-diag');
    await panel.waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.waitForFunction((topic) => {
        const q = (id) => document.querySelector(`[data-testid=${id}]`);
        const topicRow = document.querySelector(`[data-testid=sw-diag-topic][data-topic="${topic}"]`);
        return q('sw-diag-state')?.textContent === 'open' && q('sw-diag-transport')?.textContent === 'websocket'
            && topicRow?.dataset.status === 'synced' && q('sw-diag-quality-level')?.dataset.level !== 'unknown';
    }, `appointments/${date}`, { timeout: WAIT_MS });
    const clientId = await page.evaluate(() => window.surewireBoard.client.clientId);
    equal(await page.getByTestId('sw-diag-client-id').innerText(), clientId, 'the panel shows the client id');
    await page.screenshot({ path: path.join(OUT, 'diagnostics.png'), fullPage: false });

    const plain = await t.page();
    await plain.goto(boardUrl(date));
    await boardReady(plain);
    assert(await plain.getByTestId('sw-diag').count() === 0, 'no panel without ?wsDebug=1');
    await plain.locator('body').click({ position: { x: 5, y: 5 } });
    await plain.keyboard.press('Control+Shift+W');
    await plain.getByTestId('sw-diag').waitFor({ state: 'visible', timeout: WAIT_MS });
    await plain.waitForFunction(() => document.querySelector('[data-testid=sw-diag-state]')?.dataset.state === 'open',
        null, { timeout: WAIT_MS });
    await plain.keyboard.press('Control+Shift+W');
    await plain.getByTestId('sw-diag').waitFor({ state: 'detached', timeout: WAIT_MS });
    await plain.getByTestId('open-diagnostics').click();
    await plain.getByTestId('sw-diag').waitFor({ state: 'visible', timeout: WAIT_MS });
    await plain.getByTestId('sw-diag-close').click();
    await plain.getByTestId('sw-diag').waitFor({ state: 'detached', timeout: WAIT_MS });
});

scenario('tokens', 'with security on the page connects with the short-lived token the server gave it; a publish outside that token is refused (forbidden) and the page stays live; a client with a forged token stops with the 4403 reason and does not retry', async (t) => {
    const date = freshDay();
    await seedDay(date, 2);
    const page = await t.page();
    await page.goto(boardUrl(date));
    await boardReady(page);
    const outside = `elsewhere/${date}`;
    const refused = await inPage(page, 'a publish outside the token',
        (topic) => window.surewireBoard.client.publish(topic, { n: 1 }).then((r) => `published:${r.seq}`, (e) => `${e.name}:${e.code}`),
        outside);
    equal(refused, 'SurewireError:forbidden', 'the publish outside the token is refused');
    equal(await page.evaluate(() => window.surewireBoard.client.state), 'open', 'the page stays connected');
    equal(await serverEvents(outside), [], 'nothing was appended');
    await matchesServer(page, date);

    const forged = await inPage(page, 'a client with a forged token', async () => {
        const { createClient } = await import(`${location.origin}/js/surewire.js`);
        const client = createClient({
            url: `${location.origin}/`, clientId: `forged-${Date.now()}`, transport: 'websocket', storage: null,
            token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4IiwiZXhwIjo0MTAyNDQ0ODAwfQ.bm90LXRoZS1zaWduYXR1cmU',
        });
        const failed = new Promise((resolve) => client.on('state', ({ to }) => {
            if (to === 'failed') {
                resolve(client.failure);
            }
        }));
        client.connect();
        const failure = await failed;
        await new Promise((resolve) => setTimeout(resolve, 1500)); // a retry would have started by now
        return { code: failure.code, reason: failure.reason, state: client.state };
    });
    equal(forged.code, 4403, 'the server refused the forged token');
    assert(/refused the token/.test(forged.reason), `the reason says so: ${forged.reason}`);
    equal(forged.state, 'failed', 'the client stops and does not retry');
});

scenario('oversized-publish', 'a publish over the frame limit is refused at once; one the server closes with 1009 is rejected and never sent again, and the others go through', async (t) => {
    const date = freshDay();
    const topic = publishTopic(date, 'big');
    const page = await t.page();
    const proxy = await proxyWebSocket(page);
    await page.goto(boardUrl(date, { retryMs: 300 }));
    await boardReady(page);

    // the server's hello says 65536 bytes: a bigger publish throws at once, nothing is sent
    const refused = await inPage(page, 'a refused publish', (topic) => {
        const client = window.surewireBoard.client;
        try {
            const promise = client.publish(topic, { blob: 'x'.repeat(70000) });
            promise.catch(() => {});
            return { threw: false };
        } catch (error) {
            return { threw: true, name: error.name, code: error.code, limit: error.limit, bytes: error.bytes };
        }
    }, topic);
    equal(refused, { threw: true, name: 'SurewireError', code: 'frame_too_large', limit: 65536, bytes: refused.bytes },
        'a frame over hello.max_frame_bytes');
    const small = await inPage(page, 'a small publish', (topic) => window.surewireBoard.client.publish(topic, { n: 1 }), topic);
    equal(small.seq, 1, 'a publish that fits goes through');

    // a server that claims more than it takes (the hello is rewritten): the frame goes, the server closes with 1009
    proxy.rewriteToPage = (message) => {
        const frame = JSON.parse(message);
        return frame.type === 'hello' ? JSON.stringify({ ...frame, max_frame_bytes: 10_000_000 }) : message;
    };
    const attemptsBefore = proxy.attempts;
    await page.evaluate(() => window.surewireBoard.client.reconnectNow());
    await page.waitForFunction(() => window.surewireBoard.client.hello?.max_frame_bytes === 10_000_000, null, { timeout: WAIT_MS });
    const outcome = await inPage(page, 'the publishes around a 1009', async (topic) => {
        const client = window.surewireBoard.client;
        const settle = (p) => p.then((r) => ({ ok: true, seq: r.seq }), (e) => ({ ok: false, code: e.code, closeCode: e.closeCode }));
        const results = await Promise.all([
            settle(client.publish(topic, { blob: 'x'.repeat(70000) })),
            settle(client.publish(topic, { n: 2 })),
        ]);
        let again;
        try {
            client.publish(topic, { blob: 'x'.repeat(70000) }).catch(() => {});
            again = 'accepted';
        } catch (error) {
            again = error.code;
        }
        return { results, again };
    }, topic);
    equal(outcome.results[0], { ok: false, code: 'frame_too_large', closeCode: 1009 }, 'the publish closed with 1009 is rejected');
    equal(outcome.results[1], { ok: true, seq: 2 }, 'the publish queued behind it goes through after the reconnect');
    equal(outcome.again, 'frame_too_large', 'a frame as big is refused from then on, whatever hello says');
    assert(proxy.serverCloses.includes(1009), `the server closed with 1009: ${proxy.serverCloses}`);
    await connectionIs(page, 'open');
    equal(proxy.attempts - attemptsBefore, 2, 'one reconnect after the 1009, no loop');
    equal((await serverEvents(topic)).map((e) => e.payload.n), [1, 2], 'the server has exactly the two small events');
});

scenario('unsendable-payload', 'payloads JSON cannot carry throw at once, over the WebSocket and in the HTTP fallback, and never block the publishes after them', async (t) => {
    const date = freshDay();
    const topic = publishTopic(date, 'json');
    const tryBad = (topic) => {
        const client = window.surewireBoard.client;
        const cyclic = { name: 'loop' };
        cyclic.self = cyclic;
        const bad = { cyclic, bigint: { n: 10n }, undefined, fn: () => 1, nested: { list: [1, Symbol('s')] } };
        const out = {};
        for (const [name, payload] of Object.entries(bad)) {
            try {
                client.publish(topic, payload).catch(() => {});
                out[name] = 'accepted';
            } catch (error) {
                out[name] = `${error.name}:${error.code}`;
            }
        }
        out.pending = client.pendingPublishes().length;
        return out;
    };
    const expected = {
        cyclic: 'SurewireError:bad_payload', bigint: 'SurewireError:bad_payload', undefined: 'SurewireError:bad_payload',
        fn: 'SurewireError:bad_payload', nested: 'SurewireError:bad_payload', pending: 0,
    };

    const page = await t.page();
    await page.goto(boardUrl(date));
    await boardReady(page);
    equal(await inPage(page, 'bad payloads over the WebSocket', tryBad, topic), expected, 'over the WebSocket');
    const good = await inPage(page, 'a good publish', (topic) => window.surewireBoard.client.publish(topic, { ok: 1 }), topic);
    equal(good.seq, 1, 'the next publish goes through');

    const polling = await t.page();
    await polling.goto(boardUrl(date, { transport: 'polling' }));
    await boardReady(polling, { state: 'fallback' });
    equal(await inPage(polling, 'bad payloads in the fallback', tryBad, topic), expected, 'in the fallback');
    const overHttp = await inPage(polling, 'a good publish over HTTP',
        (topic) => window.surewireBoard.client.publish(topic, { ok: 2 }), topic);
    assert(overHttp.seq === 2 && typeof overHttp.id === 'string', `the next HTTP publish goes through: ${JSON.stringify(overHttp)}`);
    equal((await serverEvents(topic)).map((e) => e.payload), [{ ok: 1 }, { ok: 2 }], 'the server has the two good ones');
});

scenario('rate-limited-burst', 'a burst of offline publishes far beyond the server\'s frame rate is paced after the reconnect and every one is delivered once', async (t) => {
    const date = freshDay();
    const topic = publishTopic(date, 'burst');
    const page = await t.page();
    await page.goto(boardUrl(date));
    await boardReady(page);
    const rate = await page.evaluate(() => window.surewireBoard.client.hello.max_frames_per_second);
    const count = Math.min(rate * 4, 800); // within the client's queue (1000)
    await page.evaluate(([topic, count]) => {
        const client = window.surewireBoard.client;
        window.burst = { errors: [], closes: [], results: null };
        client.on('error', (e) => window.burst.errors.push(`${e.kind}:${e.code}`));
        client.on('close', (c) => window.burst.closes.push(c.code));
        client.disconnect();
        const publishes = [];
        for (let i = 0; i < count; i++) {
            publishes.push(client.publish(topic, { i }).then((r) => r.seq, (e) => `rejected:${e.code}`));
        }
        Promise.all(publishes).then((seqs) => {
            window.burst.results = seqs;
        });
        client.connect();
    }, [topic, count]);
    try {
        await page.waitForFunction(() => window.burst.results !== null, null, { timeout: 60_000 });
    } catch (error) {
        const state = await page.evaluate(() => ({
            pending: window.surewireBoard.client.pendingPublishes().length, errors: window.burst.errors.slice(0, 5),
            closes: window.burst.closes,
        }));
        throw new Error(`not every publish of the burst settled: ${JSON.stringify(state)} (${error.message.split('\n')[0]})`);
    }
    const burst = await page.evaluate(() => window.burst);
    equal([...burst.results].sort((a, b) => a - b), Array.from({ length: count }, (_, i) => i + 1),
        `${count} publishes (the rate is ${rate}/s) each committed once`);
    equal(burst.closes.filter((c) => c === 4429), [], 'never closed for too many frames');
    equal(burst.errors.filter((e) => e.endsWith('rate_limited')), [], 'never over the rate');
    const events = await serverEvents(topic);
    equal(events.map((e) => e.payload.i).sort((a, b) => a - b), Array.from({ length: count }, (_, i) => i), 'the server has each once');
    await boardReady(page);
});

scenario('reload-keeps-publishes', 'publishes unsent or unreceipted when the page reloads are sent again with their id: each is appended once', async (t) => {
    const date = freshDay();
    const topic = publishTopic(date, 'reload');
    const page = await t.page();
    const proxy = await proxyWebSocket(page);
    await page.goto(boardUrl(date));
    await boardReady(page);
    const clientId = await page.evaluate(() => window.surewireBoard.client.clientId);

    // one publish reaches the server, whose receipt is held back; another is made offline and never sent
    proxy.holdToPage = true;
    await page.evaluate((topic) => {
        window.surewireBoard.client.publish(topic, { n: 1 }, { clientMsgId: 'reload-1' }).catch(() => {});
    }, topic);
    await until(async () => (await serverEvents(topic)).length === 1, 'the first publish to be committed');
    await page.evaluate((topic) => {
        const client = window.surewireBoard.client;
        client.disconnect();
        client.publish(topic, { n: 2 }, { clientMsgId: 'reload-2' }).catch(() => {});
    }, topic);
    const kept = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('surewire.outbox.')).sort());
    equal(kept, [`surewire.outbox.${clientId}/reload-1`, `surewire.outbox.${clientId}/reload-2`], 'both are kept in the tab\'s storage');

    proxy.holdToPage = false;
    proxy.held = [];
    await page.reload();
    await boardReady(page);
    equal(await page.evaluate(() => window.surewireBoard.client.clientId), clientId, 'the same client after the reload');
    await page.waitForFunction(() => window.surewireBoard.client.pendingPublishes().length === 0
        && !Object.keys(sessionStorage).some((k) => k.startsWith('surewire.outbox.')), null, { timeout: WAIT_MS });
    const events = await serverEvents(topic);
    equal(events.map((e) => e.payload.n), [1, 2], 'each publish once: the resent first one is a duplicate, the second is appended');
});

// ---------------------------------------------------------------------------------------------
// Runner
// ---------------------------------------------------------------------------------------------

runAll(scenarios, {
    options: OPTIONS,
    viewport: { width: 1280, height: 860 },
    waitMs: WAIT_MS,
    async precondition() {
        const health = await http('GET', '/api/health').catch((error) => ({ status: 0, body: String(error.cause ?? error) }));
        return health.status === 200 ? null : `the server at ${BASE} is not up: ${health.status} ${JSON.stringify(health.body)}`;
    },
    watch(page, name) {
        if (DEBUG) {
            page.on('console', (m) => console.log(`  [${name}] console.${m.type()}: ${m.text()}`));
        }
    },
}).catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
