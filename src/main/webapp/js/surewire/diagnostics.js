/**
 * The diagnostics panel (`?wsDebug=1` or Ctrl+Shift+W) and its CSS: an overlay that shows one
 * client's state, quality, counters, attempts and topics, with connect / disconnect / reconnect /
 * ping buttons. It only reads the client's public API.
 *
 * @module surewire/diagnostics
 */

const DIAG_CSS = `
.sw-diag{all:initial;position:fixed;right:12px;bottom:12px;z-index:2147483000;width:380px;max-height:70vh;
overflow:auto;box-sizing:border-box;padding:10px 12px;background:#101418;color:#e6e6e6;border:1px solid #3a4450;
border-radius:6px;box-shadow:0 4px 18px rgba(0,0,0,.4);font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.sw-diag *{box-sizing:border-box;font:inherit;color:inherit;margin:0;padding:0;border:0;background:none;text-align:left}
.sw-diag h2{font-weight:bold;font-size:13px;display:flex;gap:8px;align-items:center;margin-bottom:6px}
.sw-diag [data-testid=sw-diag-close]{margin:0 0 0 auto}
.sw-diag h3{font-weight:bold;margin:8px 0 2px;color:#9fb3c8}
.sw-diag dl{display:grid;grid-template-columns:auto 1fr;gap:0 10px}
.sw-diag dt{color:#9fb3c8}
.sw-diag table{width:100%;border-collapse:collapse}
.sw-diag td,.sw-diag th{padding:1px 4px;border-bottom:1px solid #27303a}
.sw-diag th{color:#9fb3c8;font-weight:normal}
.sw-diag ol{list-style:none}
.sw-diag li{border-bottom:1px solid #27303a;padding:1px 0}
.sw-diag button{cursor:pointer;padding:3px 8px;margin:0 4px 4px 0;border:1px solid #4a5868;border-radius:4px;background:#1c232b}
.sw-diag button:hover{background:#2a3440}
.sw-diag [data-state=open],.sw-diag [data-status=synced],.sw-diag [data-level=excellent],.sw-diag [data-level=good]{color:#6fd08c}
.sw-diag [data-state=connecting],.sw-diag [data-state=reconnecting],.sw-diag [data-state=fallback],.sw-diag [data-status=syncing],.sw-diag [data-level=fair]{color:#f0c05a}
.sw-diag [data-state=failed],.sw-diag [data-status=out_of_sync],.sw-diag [data-level=poor],.sw-diag [data-level=critical],.sw-diag .sw-diag-bad{color:#ff7b72}
`;

/**
 * The diagnostics overlay of one client: state, quality, counters, recent attempts with their
 * error class, topics with seq and sync status, and connect / disconnect / reconnect / ping
 * buttons. Elements carry stable `data-testid`s (`sw-diag`, `sw-diag-state`, …).
 */
export class DiagnosticsPanel {
    /**
     * @param {import('./client.js').SurewireClient} client
     * @param {{document?: Document, window?: Window, refreshMs?: number}} [options]
     */
    constructor(client, options = {}) {
        this.client = client;
        this.document = options.document ?? globalThis.document;
        this.window = options.window ?? globalThis.window ?? globalThis;
        if (!this.document) {
            throw new TypeError('surewire: the diagnostics panel needs a document');
        }
        this.refreshMs = options.refreshMs ?? 1000;
        this.root = null;
        this.pingResult = '';
        this.#offs = ['state', 'attempt', 'sync', 'quality', 'error', 'reset', 'replayed', 'receipt', 'event', 'open', 'close']
            .map((type) => client.on(type, () => this.#scheduleRender()));
    }

    #offs;
    #renderTimer = null;
    #refreshTimer = null;

    /** Whether the panel is shown. */
    get isOpen() {
        return this.root !== null;
    }

    /** Shows the panel. */
    open() {
        if (this.root) {
            return;
        }
        ensureStyle(this.document);
        this.root = this.#build();
        this.document.body.appendChild(this.root);
        this.render();
        this.#refreshTimer = this.window.setInterval?.(() => this.render(), this.refreshMs) ?? null;
    }

    /** Hides the panel. */
    close() {
        if (!this.root) {
            return;
        }
        this.root.remove();
        this.root = null;
        if (this.#refreshTimer !== null) {
            this.window.clearInterval?.(this.#refreshTimer);
            this.#refreshTimer = null;
        }
    }

    /** Shows or hides the panel. */
    toggle() {
        if (this.root) {
            this.close();
        } else {
            this.open();
        }
    }

    /** Hides the panel and stops listening to the client. */
    destroy() {
        this.close();
        this.#offs.forEach((off) => off());
        this.#offs = [];
        if (this.#renderTimer !== null) {
            this.window.clearTimeout?.(this.#renderTimer);
        }
        if (this.client.diagnostics === this) {
            this.client.diagnostics = null;
        }
    }

    #scheduleRender() {
        if (!this.root || this.#renderTimer !== null) {
            return;
        }
        const schedule = this.window.setTimeout?.bind(this.window);
        if (!schedule) {
            this.render();
            return;
        }
        this.#renderTimer = schedule(() => {
            this.#renderTimer = null;
            this.render();
        }, 50);
    }

    #build() {
        const h = (tag, testid, text) => {
            const el = this.document.createElement(tag);
            if (testid) {
                el.setAttribute('data-testid', testid);
            }
            if (text !== undefined) {
                el.textContent = text;
            }
            return el;
        };
        const root = h('div', 'sw-diag');
        root.setAttribute('class', 'sw-diag');
        root.setAttribute('role', 'region');
        root.setAttribute('aria-label', 'Surewire diagnostics');

        const title = h('h2');
        title.appendChild(h('span', null, 'Surewire '));
        this.stateEl = h('span', 'sw-diag-state');
        title.appendChild(this.stateEl);
        const closeButton = h('button', 'sw-diag-close', '×');
        closeButton.setAttribute('type', 'button');
        closeButton.setAttribute('aria-label', 'close diagnostics');
        closeButton.addEventListener('click', () => this.close());
        title.appendChild(closeButton);
        root.appendChild(title);

        const buttons = h('div', 'sw-diag-actions');
        const button = (testid, label, action) => {
            const b = h('button', testid, label);
            b.setAttribute('type', 'button');
            b.addEventListener('click', () => {
                try {
                    action();
                } catch (error) {
                    this.pingResult = `${label} failed: ${error?.message ?? error}`;
                }
                this.render();
            });
            buttons.appendChild(b);
        };
        button('sw-diag-connect', 'connect', () => this.client.connect());
        button('sw-diag-disconnect', 'disconnect', () => this.client.disconnect());
        button('sw-diag-reconnect', 'reconnect', () => this.client.reconnectNow());
        button('sw-diag-ping', 'ping', () => this.#ping());
        root.appendChild(buttons);
        this.pingEl = h('div', 'sw-diag-ping-result');
        root.appendChild(this.pingEl);

        this.infoEl = h('dl', 'sw-diag-info');
        root.appendChild(this.infoEl);
        root.appendChild(h('h3', null, 'quality'));
        this.qualityEl = h('dl', 'sw-diag-quality');
        root.appendChild(this.qualityEl);
        root.appendChild(h('h3', null, 'counters'));
        this.statsEl = h('dl', 'sw-diag-stats');
        root.appendChild(this.statsEl);
        root.appendChild(h('h3', null, 'topics'));
        this.topicsEl = h('table', 'sw-diag-topics');
        root.appendChild(this.topicsEl);
        root.appendChild(h('h3', null, 'recent attempts'));
        this.attemptsEl = h('ol', 'sw-diag-attempts');
        root.appendChild(this.attemptsEl);
        this.errorEl = h('div', 'sw-diag-error');
        this.errorEl.setAttribute('class', 'sw-diag-bad');
        root.appendChild(this.errorEl);

        return root;
    }

    #ping() {
        this.pingResult = 'ping…';
        this.client.ping().then(
            (rtt) => { this.pingResult = `pong in ${rtt} ms`; this.render(); },
            (error) => { this.pingResult = `ping failed: ${error.message}`; this.render(); },
        );
    }

    /** Redraws the panel from the client's current state. */
    render() {
        if (!this.root) {
            return;
        }
        const c = this.client;
        this.stateEl.textContent = c.state;
        this.stateEl.setAttribute('data-state', c.state);
        this.root.setAttribute('data-state', c.state);

        const hello = c.hello;
        this.#fillList(this.infoEl, [
            ['client id', c.clientId, 'sw-diag-client-id'],
            ['transport', c.transport ?? '—', 'sw-diag-transport'],
            ['session', hello?.session_id ?? '—', 'sw-diag-session'],
            ['failure', c.failure ? `${c.failure.class} ${c.failure.code ?? ''} ${c.failure.reason}` : '—', 'sw-diag-failure'],
        ]);

        const q = c.quality();
        const qualityCells = this.#fillList(this.qualityEl, [
            ['level', q.level, 'sw-diag-quality-level'],
            ['latency', q.latency === null ? '—' : `${q.latency.toFixed(1)} ms`, 'sw-diag-latency'],
            ['jitter', q.jitter === null ? '—' : `${q.jitter.toFixed(1)} ms`, 'sw-diag-jitter'],
            ['loss', `${q.loss.toFixed(1)} %`, 'sw-diag-loss'],
            ['reconnects', String(q.reconnects), 'sw-diag-reconnects'],
            ['uptime', formatDuration(q.uptime), 'sw-diag-uptime'],
        ]);
        qualityCells['sw-diag-quality-level'].setAttribute('data-level', q.level);

        const s = c.stats();
        this.#fillList(this.statsEl, [
            ['frames in/out', `${s.framesIn} / ${s.framesOut}`, 'sw-diag-frames'],
            ['events', String(s.events), 'sw-diag-events'],
            ['duplicates', String(s.duplicates), 'sw-diag-duplicates'],
            ['gaps / resyncs', `${s.gaps} / ${s.resyncs}`, 'sw-diag-gaps'],
            ['resets', String(s.resets), 'sw-diag-resets'],
            ['acks sent', String(s.acksSent), 'sw-diag-acks'],
            ['pings / pongs', `${s.pingsSent} / ${s.pongsReceived}`, 'sw-diag-pings'],
            ['publishes pending', String(s.pendingPublishes), 'sw-diag-pending'],
            ['polls', String(s.polls), 'sw-diag-polls'],
        ]);

        this.#renderTopics(c.topics());
        this.#renderAttempts(c.attempts());
        const error = c.lastError;
        this.errorEl.textContent = error ? `last error: ${error.kind}${error.class ? ` ${error.class}` : ''}${error.code ? ` ${error.code}` : ''} ${error.message ?? ''}` : '';
        this.pingEl.textContent = this.pingResult;
    }

    #fillList(dl, rows) {
        dl.textContent = '';
        const cells = {};
        for (const [label, value, testid] of rows) {
            const dt = this.document.createElement('dt');
            dt.textContent = label;
            const dd = this.document.createElement('dd');
            dd.setAttribute('data-testid', testid);
            dd.textContent = value;
            dl.appendChild(dt);
            dl.appendChild(dd);
            cells[testid] = dd;
        }
        return cells;
    }

    #renderTopics(topics) {
        const t = this.topicsEl;
        t.textContent = '';
        const head = this.document.createElement('tr');
        for (const label of ['topic', 'seq', 'epoch', 'status']) {
            const th = this.document.createElement('th');
            th.textContent = label;
            head.appendChild(th);
        }
        t.appendChild(head);
        for (const topic of topics) {
            const row = this.document.createElement('tr');
            row.setAttribute('data-testid', 'sw-diag-topic');
            row.setAttribute('data-topic', topic.topic);
            row.setAttribute('data-seq', String(topic.lastSeq ?? ''));
            row.setAttribute('data-status', topic.status);
            if (topic.error) {
                row.setAttribute('data-error', topic.error.code);
                row.setAttribute('data-retrying', String(Boolean(topic.error.retrying)));
            }
            const problem = !topic.error ? ''
                : topic.error.retrying ? ` (${topic.error.code}, retry ${topic.error.attempt})` : ` (${topic.error.code})`;
            const cells = [topic.topic, topic.lastSeq ?? '—', topic.epoch || '—',
                topic.status + (topic.held ? ` (${topic.held} held)` : '') + problem];
            cells.forEach((value, i) => {
                const td = this.document.createElement('td');
                td.textContent = String(value);
                if (i === 3) {
                    td.setAttribute('data-status', topic.status);
                }
                row.appendChild(td);
            });
            t.appendChild(row);
        }
    }

    #renderAttempts(attempts) {
        const list = this.attemptsEl;
        list.textContent = '';
        for (const a of [...attempts].reverse()) {
            const li = this.document.createElement('li');
            li.setAttribute('data-testid', 'sw-diag-attempt');
            li.setAttribute('data-outcome', a.outcome);
            if (a.class) {
                li.setAttribute('data-class', a.class);
            }
            const when = new Date(a.startedAt).toISOString().slice(11, 19);
            const end = a.class ? ` → ${a.class}${a.code ? ` ${a.code}` : ''}${a.reason ? `: ${a.reason}` : ''}` : '';
            li.textContent = `#${a.n} ${when} ${a.kind} ${a.outcome}${end}`;
            list.appendChild(li);
        }
    }
}

function ensureStyle(doc) {
    if (doc.querySelector?.('style[data-sw-diag-style]')) {
        return;
    }
    const style = doc.createElement('style');
    style.setAttribute('data-sw-diag-style', '');
    style.textContent = DIAG_CSS;
    (doc.head ?? doc.body).appendChild(style);
}

function formatDuration(ms) {
    if (!ms) {
        return '—';
    }
    const s = Math.floor(ms / 1000);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return h ? `${h}h ${m}m ${s % 60}s` : m ? `${m}m ${s % 60}s` : `${s}s`;
}

/**
 * Attaches a diagnostics panel to `client` (once; later calls return the same panel) and, unless
 * `keyboard: false`, toggles it with Ctrl+Shift+W.
 * @param {import('./client.js').SurewireClient} client
 * @param {{document?: Document, window?: Window, open?: boolean, keyboard?: boolean, refreshMs?: number}} [options]
 * @returns {DiagnosticsPanel}
 */
export function attachDiagnostics(client, options = {}) {
    if (client.diagnostics) {
        if (options.open) {
            client.diagnostics.open();
        }
        return client.diagnostics;
    }
    const panel = new DiagnosticsPanel(client, options);
    client.diagnostics = panel;
    if (options.keyboard !== false && panel.window?.addEventListener) {
        const onKey = (event) => {
            if (event.ctrlKey && event.shiftKey && (event.code === 'KeyW' || event.key === 'W' || event.key === 'w')) {
                event.preventDefault?.();
                panel.toggle();
            }
        };
        panel.window.addEventListener('keydown', onKey);
        const destroy = panel.destroy.bind(panel);
        panel.destroy = () => {
            panel.window.removeEventListener?.('keydown', onKey);
            destroy();
        };
    }
    if (options.open) {
        panel.open();
    }
    return panel;
}

/** Whether the page asks for the panel: `?wsDebug=1` (or `true`). */
export function diagnosticsRequested(location) {
    try {
        const value = new URL(location.href).searchParams.get('wsDebug');
        return value === '1' || value === 'true';
    } catch {
        return false;
    }
}

let autoAttached = false;

/** The first client of a page gets the panel: open at once with `?wsDebug=1`, else on Ctrl+Shift+W. */
export function autoAttachDiagnostics(client, env, forceOpen) {
    if (autoAttached && !forceOpen) {
        return;
    }
    autoAttached = true;
    attachDiagnostics(client, {
        document: env.document,
        window: env.window,
        open: forceOpen || (env.location ? diagnosticsRequested(env.location) : false),
    });
}

/** For tests: lets the next client auto-attach again. */
export function resetDiagnosticsAutoAttach() {
    autoAttached = false;
}
