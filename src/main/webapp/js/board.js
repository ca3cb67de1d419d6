/**
 * The live appointment board (`/`, see docs/client.md "The appointment board").
 *
 * Loads a day's snapshot, subscribes to `appointments/<date>` from the snapshot's `last_seq`, and
 * applies every event whose appointment version is newer than the one shown. State changes are
 * optimistic: the row shows the new state with a processing indicator at once, and returns to the
 * server's state when the server refuses (409: the current appointment from the answer). The sync
 * badge is the library's topic status; a reset reloads the snapshot; reconnects resume by themselves.
 * With security on, the client gets a fresh token from `GET api/board/token` for every connection.
 *
 * URL parameters: `date=YYYY-MM-DD` (default today), `wsDebug=1` (diagnostics panel open),
 * `transport=auto|websocket|polling`, `retries=N` (WebSocket retries before the HTTP fallback),
 * `retryMs=N` (a constant delay between retries), `probeMs=N` (WebSocket probe period in fallback).
 * `window.surewireBoard` is a hook for tests and the console.
 */
import { attachDiagnostics, createClient, diagnosticsRequested, loadClientId, makeUuid } from './surewire.js';

const STATE_LABELS = {
    scheduled: 'Scheduled', present: 'Present', seated: 'Seated', dismissed: 'Dismissed', cancelled: 'Cancelled',
};
/** The transitions the server allows (AppointmentState.canBecome). */
const NEXT_STATES = {
    scheduled: ['present', 'cancelled'], present: ['seated', 'cancelled'], seated: ['dismissed'], dismissed: [], cancelled: [],
};
const ACTION_LABELS = { present: 'Check in', seated: 'Seat', dismissed: 'Dismiss', cancelled: 'Cancel' };
const CONNECTION_LABELS = {
    idle: 'Idle', connecting: 'Connecting…', open: 'Live', reconnecting: 'Reconnecting…',
    fallback: 'Live (fallback)', failed: 'Disconnected',
};
const SYNC_LABELS = { synced: 'Synced', syncing: 'Syncing…', out_of_sync: 'Out of sync' };
const TRANSPORT_LABELS = { websocket: 'WebSocket', polling: 'HTTP long-poll' };
const CLIENT_ID_KEY = 'surewire.board.client_id';
const REQUEST_TIMEOUT_MS = 15000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const BASE = new URL('.', document.baseURI);
const params = new URLSearchParams(location.search);
const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

const ui = {
    title: $('board-title'), sub: $('board-sub'), summary: $('summary'), rows: $('board-rows'),
    loading: $('board-loading'), empty: $('board-empty'), picker: $('date-picker'), dateNav: $('date-nav'),
    sync: $('sync-badge'), syncText: document.getElementById('sync-text'),
    connState: $('connection-state'), connTransport: $('connection-transport'), connQuality: $('connection-quality'),
    reconnect: $('reconnect'), diagnostics: $('open-diagnostics'),
    banner: $('error-banner'), bannerText: $('error-text'), bannerDismiss: $('error-dismiss'),
    announcer: $('announcer'), addForm: $('add-form'),
    footerTopic: $('footer-topic'), footerSeq: $('footer-seq'), footerClient: $('footer-client'),
};

/** Everything the board knows. A row is {confirmed, pending, element}. */
const board = {
    client: null,
    /** Settles once the current client is created (it waits for the page's first token answer). */
    ready: null,
    sub: null,
    date: null,
    topic: null,
    /** Bumped whenever the day (or the client) changes: late answers of an older one are dropped. */
    generation: 0,
    rows: new Map(),
    loaded: false,
    lastRestart: 0,
};

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function api(path) {
    return new URL(path, BASE).href;
}

function intParam(name, min, max) {
    const raw = params.get(name);
    if (raw === null || raw.trim() === '') {
        return undefined;
    }
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

function isoDay(date) {
    const pad = (n) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function today() {
    return isoDay(new Date());
}

function validDay(text) {
    if (!text || !DATE_PATTERN.test(text)) {
        return false;
    }
    const [y, m, d] = text.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function shiftDay(text, days) {
    const [y, m, d] = text.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d + days));
    return date.toISOString().slice(0, 10);
}

function longDay(text) {
    const [y, m, d] = text.split('-').map(Number);
    return new Intl.DateTimeFormat(undefined, {
        weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC',
    }).format(new Date(Date.UTC(y, m - 1, d)));
}

function clockTime(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
        return '';
    }
    return new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(date);
}

function sessionStore() {
    try {
        return window.sessionStorage; // one client_id per tab: two tabs never supersede each other
    } catch {
        return null;
    }
}

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One JSON request with a time limit. @returns {Promise<{status: number, ok: boolean, body: any}>} */
async function request(method, path, body) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
        const init = { method, headers: { Accept: 'application/json' }, cache: 'no-store', signal: controller.signal };
        if (body !== undefined) {
            init.headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(body);
        }
        const response = await fetch(api(path), init);
        const text = await response.text();
        let parsed = null;
        try {
            parsed = text ? JSON.parse(text) : null;
        } catch {
            parsed = null;
        }
        return { status: response.status, ok: response.ok, body: parsed };
    } finally {
        clearTimeout(timer);
    }
}

// ---------------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------------

/**
 * The board's token for `clientId` (`GET api/board/token`): a string while security is on, `null`
 * while it is off (`{"token": null}`) or on a server without the endpoint (404). Throws when the
 * server does not say.
 * @returns {Promise<string|null>}
 */
async function boardToken(clientId) {
    const res = await request('GET', `api/board/token?client_id=${encodeURIComponent(clientId)}`);
    if (res.status === 404) {
        return null;
    }
    if (!res.ok || !res.body || !('token' in res.body)) {
        throw new Error(res.body?.message ?? `the token request answered HTTP ${res.status}`);
    }
    const { token } = res.body;
    if (token !== null && (typeof token !== 'string' || token === '')) {
        throw new Error('the token answer has no usable token');
    }
    return token;
}

/** The first token answer, asked again (1, 2, 4 … 15 s) until the server gives one. */
async function firstToken(clientId) {
    for (let attempt = 0; ; attempt += 1) {
        try {
            const token = await boardToken(clientId);
            if (board.errorKind === 'token') {
                hideError();
            }
            return token;
        } catch (error) {
            showError(`Could not reach the server (${error.message}); trying again.`, { kind: 'token' });
            await sleep(Math.min(15000, 1000 * 2 ** attempt));
        }
    }
}

/**
 * The client's token options. The page asks once: without security (`null`) the client connects
 * with no token; with it, `getToken` gives that first token to the first attempt and fetches a
 * fresh one for every later attempt (the library calls it before each connection).
 */
async function tokenOptions(clientId) {
    let first = await firstToken(clientId);
    if (first === null) {
        return {};
    }
    return {
        getToken: async ({ clientId: id }) => {
            const token = first ?? await boardToken(id);
            first = null;
            if (token === null) {
                throw new Error('the server gives no token any more (security turned off?); reload the page');
            }
            return token;
        },
    };
}

/** Client options: the page's base, a per-tab client_id, and the test knobs of the URL. */
function clientOptions() {
    const options = { url: BASE.href, storage: sessionStore(), clientIdKey: CLIENT_ID_KEY, diagnostics: false };
    if (params.get('debug') === '1') {
        options.debug = true; // the library logs with console.debug('[surewire]', …)
    }
    const transport = params.get('transport');
    if (['auto', 'websocket', 'polling'].includes(transport)) {
        options.transport = transport;
    }
    const probeMs = intParam('probeMs', 50, 3_600_000);
    if (probeMs !== undefined) {
        options.fallbackProbeMs = probeMs;
    }
    const retries = intParam('retries', 0, 1000);
    const retryMs = intParam('retryMs', 50, 600_000);
    if (retries !== undefined || retryMs !== undefined) {
        options.backoff = {};
        if (retries !== undefined) {
            options.backoff.maxAttempts = retries;
        }
        if (retryMs !== undefined) {
            options.backoff.delaysMs = [retryMs];
            options.backoff.capMs = retryMs;
        }
    }
    return options;
}

/**
 * Creates and connects the tab's client. Its client_id is loaded first (as the library would: the
 * same key in sessionStorage), so that the token can be asked for it before the client exists.
 */
async function startClient({ openDiagnostics = false } = {}) {
    const options = clientOptions();
    options.clientId = loadClientId(options.storage, CLIENT_ID_KEY, () => makeUuid());
    Object.assign(options, await tokenOptions(options.clientId));
    const client = createClient(options);
    board.client = client;
    attachDiagnostics(client, { open: openDiagnostics || diagnosticsRequested(location) });
    client.on('state', ({ to }) => {
        renderConnection();
        if (to === 'failed' && client.failure?.class === 'superseded') {
            setTimeout(() => superseded(client), 0); // not from inside the client's own transition
        } else if (to === 'failed') {
            showError(`Disconnected: ${client.failure?.reason ?? 'the connection failed'}.`, { kind: 'connection' });
        } else if (board.errorKind === 'connection' && (to === 'open' || to === 'fallback')) {
            hideError();
        }
    });
    client.on('quality', () => renderConnection());
    client.on('open', () => {
        client.ping().catch(() => {}); // a first round trip now, not after the ping period
    });
    client.on('event', () => renderFooter());
    client.on('sync', () => renderFooter());
    renderConnection();
    renderFooter();
    client.connect();
    return client;
}

/**
 * Another connection took this tab's client_id (4409, which the library treats as terminal): a tab
 * duplicated with its sessionStorage does that. This tab takes a fresh id and loads the board again.
 */
function superseded(client) {
    if (client !== board.client) {
        return;
    }
    const now = Date.now();
    if (now - board.lastRestart < 10_000) {
        showError('Another tab uses this board\'s connection. Use "Reconnect now" to take it back.');
        return;
    }
    board.lastRestart = now;
    const reopen = client.diagnostics?.isOpen ?? false;
    board.sub = null;
    client.destroy();
    try {
        sessionStore()?.removeItem(CLIENT_ID_KEY);
    } catch {
        // a fresh id for this page only
    }
    board.ready = startClient({ openDiagnostics: reopen });
    openDay(board.date, { push: false });
}

// ---------------------------------------------------------------------------------------------
// Snapshot and subscription
// ---------------------------------------------------------------------------------------------

/** The day's snapshot; tries again (1, 2, 4 … 15 s) until it comes or the day changes. */
async function loadSnapshot(generation) {
    for (let attempt = 0; ; attempt += 1) {
        if (generation !== board.generation) {
            return null;
        }
        try {
            const res = await request('GET', `api/appointments?date=${encodeURIComponent(board.date)}`);
            if (res.ok && res.body && Array.isArray(res.body.appointments)) {
                return res.body;
            }
            if (res.status === 400) {
                throw Object.assign(new Error(res.body?.message ?? 'the day was refused'), { fatal: true });
            }
            throw new Error(res.body?.message ?? `HTTP ${res.status}`);
        } catch (error) {
            if (error.fatal) {
                throw error;
            }
            if (generation === board.generation) {
                showError(`Could not load the board (${error.message}); trying again.`, { kind: 'load' });
            }
            await sleep(Math.min(15000, 1000 * 2 ** attempt));
        }
    }
}

/** Replaces the rows with a snapshot's appointments (pending changes stay pending). */
function applySnapshot(snapshot) {
    const seen = new Set();
    for (const appointment of snapshot.appointments) {
        seen.add(appointment.id);
        const row = board.rows.get(appointment.id);
        if (row) {
            const changed = row.confirmed.version !== appointment.version || row.confirmed.state !== appointment.state;
            row.confirmed = appointment;
            renderRow(row);
            if (changed) {
                flash(row);
            }
        } else {
            board.rows.set(appointment.id, { confirmed: appointment, pending: null, element: null });
        }
    }
    for (const [id, row] of board.rows) {
        if (!seen.has(id)) {
            row.element?.remove();
            board.rows.delete(id);
        }
    }
    board.loaded = true;
    if (board.errorKind === 'load') {
        hideError();
    }
    renderAll();
}

/** Shows a day: its snapshot, then its topic from the snapshot's position. */
async function openDay(day, { push = true } = {}) {
    const generation = ++board.generation;
    if (board.sub) {
        board.sub.unsubscribe();
        board.sub = null;
    }
    for (const row of board.rows.values()) {
        row.element?.remove();
    }
    board.rows.clear();
    board.loaded = false;
    board.date = day;
    board.topic = `appointments/${day}`;
    if (push) {
        const url = new URL(location.href);
        url.searchParams.set('date', day);
        if (url.href !== location.href) {
            history.pushState({ date: day }, '', url);
        }
    }
    ui.picker.value = day;
    renderSync('syncing');
    renderAll();
    let snapshot;
    try {
        snapshot = await loadSnapshot(generation);
    } catch (error) {
        showError(`Cannot show ${day}: ${error.message}`);
        renderSync('out_of_sync');
        return;
    }
    if (!snapshot || generation !== board.generation) {
        return;
    }
    await board.ready; // the snapshot may come before the client (which waits for its token)
    if (generation !== board.generation) {
        return;
    }
    board.topic = snapshot.topic;
    applySnapshot(snapshot);
    board.sub = board.client.subscribe(snapshot.topic, {
        since: snapshot.last_seq, // nothing between the snapshot and the stream is lost
        epoch: snapshot.epoch,
        onEvent: (event) => onEvent(event, generation),
        onReset: (reset) => onReset(reset, generation),
        onStatus: (status) => {
            if (generation === board.generation) {
                renderSync(status);
            }
        },
    });
    renderSync(board.sub.status);
    renderFooter();
}

function onEvent(event, generation) {
    if (generation !== board.generation || event.topic !== board.topic) {
        return;
    }
    const payload = event.payload;
    if (payload?.kind === 'appointment' && payload.appointment?.id) {
        applyAppointment(payload.appointment, { source: 'event' });
    }
}

/** The server cannot serve our position any more: reload the snapshot, continue after it. */
async function onReset(reset, generation) {
    if (generation !== board.generation) {
        return reset.last_seq;
    }
    announce('The board is reloading.');
    const snapshot = await loadSnapshot(generation);
    if (!snapshot || generation !== board.generation) {
        return reset.last_seq;
    }
    applySnapshot(snapshot);
    return snapshot.last_seq;
}

/**
 * Takes an appointment from an event, a change's answer or a 409: applied only when its version is
 * newer than the one shown (`force` also takes an equal one).
 */
function applyAppointment(appointment, { source, force = false } = {}) {
    if (appointment.date !== board.date || !board.loaded) {
        return false;
    }
    const row = board.rows.get(appointment.id);
    if (!row) {
        board.rows.set(appointment.id, { confirmed: appointment, pending: null, element: null });
        renderAll();
        flash(board.rows.get(appointment.id));
        if (source === 'event') {
            announce(`${appointment.patient} was added at ${appointment.time}.`);
        }
        return true;
    }
    const known = row.confirmed.version;
    if (appointment.version < known || (appointment.version === known && !force)) {
        return false;
    }
    const before = row.confirmed.state;
    row.confirmed = appointment;
    renderRow(row);
    renderSummary();
    const ours = row.pending && row.pending.state === appointment.state;
    if (source === 'event' && !ours && before !== appointment.state) {
        flash(row);
        announce(`${appointment.patient} is now ${STATE_LABELS[appointment.state]?.toLowerCase() ?? appointment.state}.`);
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Changing a state: optimistic, confirmed or rolled back
// ---------------------------------------------------------------------------------------------

async function changeState(id, next) {
    const row = board.rows.get(id);
    if (!row || row.pending || !NEXT_STATES[row.confirmed.state]?.includes(next)) {
        return;
    }
    const generation = board.generation;
    const from = row.confirmed;
    row.pending = { state: next, version: from.version };
    renderRow(row);
    renderSummary();

    let outcome;
    try {
        outcome = await request('PUT', `api/appointments/${encodeURIComponent(id)}/state`, { state: next, version: from.version });
    } catch (error) {
        outcome = { status: 0, ok: false, body: null, error };
    }
    if (generation !== board.generation) {
        return; // another day is shown now
    }
    const current = board.rows.get(id) ?? row;
    current.pending = null;
    const verb = ACTION_LABELS[next].toLowerCase();
    if (outcome.ok && outcome.body?.id === id) {
        applyAppointment(outcome.body, { source: 'answer' });
        renderRow(current);
        renderSummary();
        announce(`${from.patient}: ${STATE_LABELS[next].toLowerCase()}.`);
        return;
    }
    // refused or failed: back to the last confirmed state, then to the server's current one
    renderRow(current);
    let reason;
    if (outcome.status === 409 && outcome.body?.appointment?.id === id) {
        applyAppointment(outcome.body.appointment, { source: 'conflict', force: true });
        const now = STATE_LABELS[current.confirmed.state] ?? current.confirmed.state;
        reason = `${outcome.body.message ?? 'the change conflicts with another one'}. The board shows the current state: ${now}.`;
    } else if (outcome.status === 0) {
        reason = outcome.error?.name === 'AbortError'
            ? 'the server did not answer in time. If the change went through, the board will show it.'
            : 'the server could not be reached. If the change went through, the board will show it.';
    } else {
        reason = outcome.body?.message ?? `the server answered HTTP ${outcome.status}`;
    }
    renderSummary();
    markFailed(current);
    showError(`Could not ${verb} ${from.patient}: ${reason}`, { kind: 'change', id });
}

async function addAppointment(form) {
    const data = new FormData(form);
    const time = String(data.get('time') ?? '').slice(0, 5);
    const patient = String(data.get('patient') ?? '').trim();
    if (!time || !patient) {
        return;
    }
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    try {
        const res = await request('POST', 'api/appointments', { date: board.date, time, patient });
        if (res.status === 201 && res.body?.id) {
            applyAppointment(res.body, { source: 'answer' });
            form.reset();
            form.elements.time.focus();
        } else {
            showError(`Could not add ${patient}: ${res.body?.message ?? `HTTP ${res.status}`}`);
        }
    } catch (error) {
        showError(`Could not add ${patient}: the server could not be reached (${error.message}).`);
    } finally {
        submit.disabled = false;
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

function sortedRows() {
    return [...board.rows.values()].sort((a, b) => a.confirmed.time.localeCompare(b.confirmed.time)
        || a.confirmed.patient.localeCompare(b.confirmed.patient) || a.confirmed.id.localeCompare(b.confirmed.id));
}

function shownState(row) {
    return row.pending ? row.pending.state : row.confirmed.state;
}

function renderAll() {
    const rows = sortedRows();
    let previous = null;
    for (const row of rows) {
        if (!row.element) {
            row.element = buildRow();
            renderRow(row);
        }
        const expected = previous ? previous.element.nextSibling : ui.rows.firstChild;
        if (expected !== row.element) {
            ui.rows.insertBefore(row.element, expected);
        }
        previous = row;
    }
    ui.loading.hidden = board.loaded;
    ui.empty.hidden = !board.loaded || rows.length > 0;
    ui.title.textContent = board.date ? longDay(board.date) : 'Loading…';
    ui.sub.textContent = board.date === today() ? 'Today' : '';
    document.title = board.date ? `Board ${board.date} · Surewire` : 'Appointment board · Surewire';
    renderSummary();
    renderFooter();
}

function buildRow() {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'board-row';
    tr.className = 'row';
    const cell = (cls) => {
        const td = document.createElement('td');
        td.className = cls;
        tr.appendChild(td);
        return td;
    };
    const time = cell('col-time');
    time.appendChild(document.createElement('time')).dataset.testid = 'row-time';
    const patient = document.createElement('th');
    patient.scope = 'row';
    patient.className = 'col-patient';
    patient.dataset.testid = 'row-patient';
    patient.tabIndex = -1;
    tr.appendChild(patient);
    const state = cell('col-state');
    const pill = state.appendChild(document.createElement('span'));
    pill.className = 'pill';
    pill.dataset.testid = 'row-state';
    const updated = cell('col-updated');
    updated.dataset.testid = 'row-updated';
    const actions = cell('col-actions');
    actions.dataset.testid = 'row-actions';
    return tr;
}

function renderRow(row) {
    const tr = row.element;
    if (!tr) {
        return;
    }
    const a = row.confirmed;
    const state = shownState(row);
    tr.dataset.id = a.id;
    tr.dataset.state = state;
    tr.dataset.version = String(a.version);
    tr.classList.toggle('is-pending', Boolean(row.pending));
    tr.classList.toggle('is-closed', state === 'dismissed' || state === 'cancelled');
    if (row.pending) {
        tr.dataset.pending = row.pending.state;
        tr.setAttribute('aria-busy', 'true');
    } else {
        delete tr.dataset.pending;
        tr.removeAttribute('aria-busy');
    }
    const [timeCell, patientCell, stateCell, updatedCell, actionsCell] = tr.children;
    const time = timeCell.firstChild;
    time.textContent = a.time;
    time.dateTime = a.time;
    patientCell.textContent = a.patient;
    const pill = stateCell.firstChild;
    pill.textContent = STATE_LABELS[state] ?? state;
    pill.dataset.state = state;
    updatedCell.textContent = '';
    updatedCell.append(clockTime(a.updated_at));
    const version = updatedCell.appendChild(document.createElement('span'));
    version.className = 'version';
    version.textContent = `v${a.version}`;
    version.title = `version ${a.version}`;
    renderActions(row, actionsCell);
}

function renderActions(row, cell) {
    const focused = cell.contains(document.activeElement) ? document.activeElement.dataset.action ?? '' : null;
    const key = row.pending ? `pending:${row.pending.state}` : `states:${NEXT_STATES[row.confirmed.state].join(',')}`;
    if (cell.dataset.key === key) {
        return;
    }
    cell.dataset.key = key;
    cell.textContent = '';
    if (row.pending) {
        const busy = cell.appendChild(document.createElement('span'));
        busy.className = 'processing';
        busy.dataset.testid = 'processing';
        busy.setAttribute('role', 'status');
        const spinner = busy.appendChild(document.createElement('span'));
        spinner.className = 'spinner';
        spinner.setAttribute('aria-hidden', 'true');
        busy.append(`Saving ${STATE_LABELS[row.pending.state].toLowerCase()}…`);
        if (focused !== null) {
            busy.tabIndex = -1; // the clicked button is gone: the keyboard waits here
            busy.focus();
        }
        return;
    }
    const next = NEXT_STATES[row.confirmed.state];
    if (next.length === 0) {
        const done = cell.appendChild(document.createElement('span'));
        done.className = 'no-actions';
        done.textContent = row.confirmed.state === 'cancelled' ? 'Cancelled' : 'Done';
        done.setAttribute('aria-hidden', 'true');
    }
    for (const state of next) {
        const button = cell.appendChild(document.createElement('button'));
        button.type = 'button';
        button.className = state === 'cancelled' ? 'button subtle' : 'button primary';
        button.dataset.testid = `action-${state}`;
        button.dataset.action = state;
        button.textContent = ACTION_LABELS[state];
        button.setAttribute('aria-label', `${ACTION_LABELS[state]} ${row.confirmed.patient}`);
    }
    if (focused !== null) {
        // keep the keyboard where it was: on the same action, or the row's first one
        const target = cell.querySelector(`button[data-action="${focused}"]`) ?? cell.querySelector('button');
        (target ?? row.element.querySelector('th')).focus?.();
    }
}

function renderSummary() {
    const counts = { scheduled: 0, present: 0, seated: 0, dismissed: 0, cancelled: 0 };
    for (const row of board.rows.values()) {
        counts[shownState(row)] = (counts[shownState(row)] ?? 0) + 1;
    }
    if (!ui.summary.firstChild) {
        for (const state of Object.keys(counts)) {
            const li = ui.summary.appendChild(document.createElement('li'));
            li.className = 'summary-item';
            li.dataset.state = state;
            li.dataset.testid = `summary-${state}`;
            const n = li.appendChild(document.createElement('span'));
            n.className = 'summary-count';
            li.appendChild(document.createElement('span')).textContent = ` ${STATE_LABELS[state]}`;
        }
    }
    for (const li of ui.summary.children) {
        li.dataset.count = String(counts[li.dataset.state]);
        li.firstChild.textContent = String(counts[li.dataset.state]);
    }
}

function renderSync(status) {
    ui.sync.dataset.status = status;
    ui.syncText.textContent = SYNC_LABELS[status] ?? status;
    ui.sync.title = {
        synced: 'The board shows every committed change',
        syncing: 'Catching up with the server',
        out_of_sync: 'Changes may be missing: the board catches up as soon as it can',
    }[status] ?? '';
}

function renderConnection() {
    const client = board.client;
    if (!client) {
        return;
    }
    const state = client.state;
    ui.connState.dataset.state = state;
    ui.connState.querySelector('.conn-state-text').textContent = CONNECTION_LABELS[state] ?? state;
    const failure = client.failure;
    ui.connState.title = failure ? `${state}: ${failure.reason}` : state;
    const transport = client.transport;
    ui.connTransport.dataset.transport = transport ?? '';
    ui.connTransport.textContent = TRANSPORT_LABELS[transport] ?? '—';
    const quality = client.quality();
    const level = state === 'open' ? quality.level : 'unknown';
    ui.connQuality.dataset.level = level;
    ui.connQuality.textContent = state !== 'open' || level === 'unknown'
        ? '—'
        : `${level} · ${Math.round(quality.latency)} ms`;
    ui.connQuality.hidden = state !== 'open';
    ui.connQuality.title = state === 'open' && quality.latency !== null
        ? `latency ${quality.latency.toFixed(1)} ms, jitter ${(quality.jitter ?? 0).toFixed(1)} ms, loss ${quality.loss.toFixed(1)} %`
        : 'measured over the WebSocket';
    ui.reconnect.hidden = !(['reconnecting', 'failed'].includes(state)
        || (state === 'fallback' && client.options.transport === 'auto'));
    ui.reconnect.textContent = state === 'fallback' ? 'Try WebSocket' : 'Reconnect now';
}

function renderFooter() {
    const client = board.client;
    ui.footerTopic.textContent = board.topic ? `topic ${board.topic}` : '';
    const topic = board.topic ? client?.topic(board.topic) : null;
    ui.footerSeq.textContent = topic ? `seq ${topic.lastSeq ?? '—'}` : '';
    ui.footerClient.textContent = client ? `client ${client.clientId}` : '';
}

function flash(row) {
    const tr = row?.element;
    if (!tr) {
        return;
    }
    tr.classList.remove('is-updated');
    void tr.offsetWidth; // restart the animation
    tr.classList.add('is-updated');
    setTimeout(() => tr.classList.remove('is-updated'), 2000);
}

function markFailed(row) {
    const tr = row?.element;
    if (!tr) {
        return;
    }
    tr.classList.add('is-failed');
    setTimeout(() => tr.classList.remove('is-failed'), 4000);
}

function showError(message, { kind = 'other', id = null } = {}) {
    ui.bannerText.textContent = message;
    ui.banner.dataset.kind = kind;
    if (id) {
        ui.banner.dataset.id = id;
    } else {
        delete ui.banner.dataset.id;
    }
    ui.banner.hidden = false;
    board.errorKind = kind;
}

function hideError() {
    ui.banner.hidden = true;
    ui.bannerText.textContent = '';
    board.errorKind = null;
}

let announcements = [];
let announceTimer = null;

/** Polite announcements for screen readers; a burst (a catch-up after a reconnect) is summed up. */
function announce(text) {
    announcements.push(text);
    if (announceTimer === null) {
        announceTimer = setTimeout(() => {
            const list = announcements;
            announcements = [];
            announceTimer = null;
            ui.announcer.textContent = list.length <= 2 ? list.join(' ') : `${list.length} changes on the board.`;
        }, 400);
    }
}

// ---------------------------------------------------------------------------------------------
// Wiring
// ---------------------------------------------------------------------------------------------

function wire() {
    ui.rows.addEventListener('click', (event) => {
        const button = event.target.closest('button[data-action]');
        const tr = button?.closest('tr[data-id]');
        if (button && tr) {
            changeState(tr.dataset.id, button.dataset.action);
        }
    });
    ui.picker.addEventListener('change', () => {
        if (validDay(ui.picker.value) && ui.picker.value !== board.date) {
            openDay(ui.picker.value);
        }
    });
    ui.dateNav.addEventListener('submit', (event) => event.preventDefault());
    ui.dateNav.addEventListener('click', (event) => {
        const step = event.target.closest('button[data-step]');
        if (step && board.date) {
            openDay(shiftDay(board.date, Number(step.dataset.step)));
        } else if (event.target.closest('[data-testid="date-today"]') && board.date !== today()) {
            openDay(today());
        }
    });
    window.addEventListener('popstate', () => {
        const day = new URL(location.href).searchParams.get('date');
        openDay(validDay(day) ? day : today(), { push: false });
    });
    ui.bannerDismiss.addEventListener('click', () => hideError());
    ui.reconnect.addEventListener('click', () => {
        if (!board.client) {
            return;
        }
        if (board.client.failure?.class === 'superseded') {
            board.lastRestart = 0;
            superseded(board.client);
        } else {
            board.client.reconnectNow();
        }
    });
    ui.diagnostics.addEventListener('click', () => {
        if (board.client) {
            attachDiagnostics(board.client).toggle();
        }
    });
    ui.addForm.addEventListener('submit', (event) => {
        event.preventDefault();
        addAppointment(ui.addForm);
    });
    // back online, or back to the tab: do not wait for the next retry
    const nudge = () => {
        if (board.client?.state === 'reconnecting') {
            board.client.reconnectNow();
        }
    };
    window.addEventListener('online', nudge);
    document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') {
            nudge();
        }
    });
}

function main() {
    wire();
    const requested = params.get('date');
    const day = validDay(requested) ? requested : today();
    board.ready = startClient();
    if (requested !== null && !validDay(requested)) {
        showError(`"${requested}" is not a day (YYYY-MM-DD); showing today.`);
    }
    history.replaceState({ date: day }, '', location.href);
    openDay(day, { push: false });
}

/** For tests and the console. */
window.surewireBoard = {
    get client() {
        return board.client;
    },
    get date() {
        return board.date;
    },
    get topic() {
        return board.topic;
    },
    get loaded() {
        return board.loaded;
    },
    /** The appointments as shown: the confirmed ones with their pending state, if any. */
    rows() {
        return sortedRows().map((row) => ({ ...row.confirmed, shown: shownState(row), pending: row.pending?.state ?? null }));
    },
    open(day) {
        return openDay(day);
    },
};

main();
