// What the browser test scripts (run.mjs: the board; console.mjs: the operator console) share: their
// command line, the test's own HTTP client of the server, bounded waits and checks, and the runner that
// runs each scenario in a fresh Chromium, screenshots its pages when it fails, and writes
// <out>/report.json {"passed","failed","scenarios":[{"name","ok","error"?,"ms"}]}.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

/** Chromium's switches; playwright adds a fresh temporary --user-data-dir to every launch itself. */
const CHROMIUM_ARGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * The command line: `--base URL --out DIR [--only a,b] [--chromium path] [--scenario-timeout s]`;
 * exits with a usage line naming `script` when it is wrong.
 */
export function parseArgs(argv, script, { scenarioTimeoutMs }) {
    const usage = (problem) => {
        if (problem) {
            console.error(`${script}: ${problem}`);
        }
        console.error(`usage: node ${script} --base http://127.0.0.1:8080 --out <dir> [--only a,b] [--chromium path] [--scenario-timeout s]`);
        process.exit(problem ? 2 : 0);
    };
    const options = {
        base: null, out: null, only: null,
        chromium: process.env.SUREWIRE_CHROMIUM || '/usr/bin/chromium',
        scenarioTimeoutMs,
        usage,
    };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = () => {
            if (i + 1 >= argv.length) {
                usage(`${arg} needs a value`);
            }
            return argv[++i];
        };
        switch (arg) {
            case '--base': options.base = value().replace(/\/+$/, ''); break;
            case '--out': options.out = path.resolve(value()); break;
            case '--only': options.only = value().split(',').map((s) => s.trim()).filter(Boolean); break;
            case '--chromium': options.chromium = value(); break;
            case '--scenario-timeout': options.scenarioTimeoutMs = Number(value()) * 1000; break;
            case '--help': case '-h': usage(); break;
            default: usage(`unknown argument ${arg}`);
        }
    }
    if (!options.base || !options.out) {
        usage('--base and --out are required');
    }
    return options;
}

/**
 * The test's own client of the server's API: `http(method, path, body?)` gives `{status, body}`, the
 * body parsed as JSON when it is. With `token` (an operator's, when security is on) every call carries it.
 */
export function httpClient(base, token, waitMs) {
    return async (method, urlPath, body) => {
        const init = { method, headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(waitMs) };
        if (token) {
            init.headers.Authorization = `Bearer ${token}`;
        }
        if (body !== undefined) {
            init.headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(body);
        }
        const res = await fetch(base + urlPath, init);
        const text = await res.text();
        let parsed = null;
        try {
            parsed = text ? JSON.parse(text) : null;
        } catch {
            parsed = text;
        }
        return { status: res.status, body: parsed };
    };
}

/** Waits for `condition()` (in node) to hold, checking every 100 ms, at most `timeout` ms. */
export async function until(condition, what, timeout) {
    const end = Date.now() + timeout;
    for (;;) {
        if (await condition()) {
            return;
        }
        if (Date.now() > end) {
            throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

export function assert(condition, message) {
    if (!condition) {
        throw new Error(message);
    }
}

export function equal(actual, expected, message) {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e) {
        throw new Error(`${message}: expected ${e}, got ${a}`);
    }
}

/** `promise`, or a rejection naming `what` when it has not settled within `ms`. */
export function withTimeout(promise, ms, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One scenario in a browser of its own. `t.context()` and `t.page(context?)` open what it needs (pages
 * wait at most `waitMs` for anything); `watch(page, name)` may listen to a page. An uncaught error in a
 * page fails the scenario; a failure screenshots every page it opened.
 */
async function runScenario(s, { options, viewport, waitMs, watch }) {
    const started = Date.now();
    const browser = await chromium.launch({ executablePath: options.chromium, headless: true, args: CHROMIUM_ARGS });
    const pages = [];
    const pageErrors = [];
    const t = {
        requests: [],
        async context() {
            return browser.newContext({ viewport, colorScheme: 'light', reducedMotion: 'reduce' });
        },
        async page(context) {
            const page = await (context ?? await this.context()).newPage();
            page.setDefaultTimeout(waitMs);
            page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}`));
            page.on('request', (request) => this.requests.push(request.url()));
            watch?.(page, s.name);
            pages.push(page);
            return page;
        },
    };
    let error = null;
    try {
        await withTimeout(s.fn(t), options.scenarioTimeoutMs, `scenario ${s.name}`);
        if (pageErrors.length) {
            throw new Error(`uncaught errors in the page: ${pageErrors.join('; ')}`);
        }
    } catch (e) {
        error = e;
        let n = 0;
        for (const page of pages) {
            n += 1;
            const file = path.join(options.out, `failure-${s.name}${pages.length > 1 ? `-${n}` : ''}.png`);
            await withTimeout(page.screenshot({ path: file, fullPage: true }), 10_000, 'screenshot').catch(() => {});
        }
    } finally {
        await withTimeout(browser.close(), 15_000, 'closing the browser').catch(() => {});
    }
    const result = { name: s.name, ok: error === null, ms: Date.now() - started };
    if (error) {
        result.error = String(error?.message ?? error).split('\n').slice(0, 6).join('\n');
    }
    return result;
}

/**
 * Runs the scenarios `options.only` names (all by default), one line each, then "N passed, M failed";
 * writes the report, and sets the exit code 0 only when every one ran and passed. `precondition()`
 * returns why none can run (the server is down, a setting is missing), or null.
 */
export async function runAll(scenarios, { options, viewport, waitMs, precondition, watch }) {
    fs.mkdirSync(options.out, { recursive: true });
    const selected = options.only ? scenarios.filter((s) => options.only.includes(s.name)) : scenarios;
    if (options.only && selected.length !== options.only.length) {
        options.usage(`unknown scenario in --only; the scenarios are ${scenarios.map((s) => s.name).join(', ')}`);
    }
    const refused = await precondition();
    const results = [];
    for (const s of selected) {
        const result = refused ? { name: s.name, ok: false, error: refused, ms: 0 }
            : await runScenario(s, { options, viewport, waitMs, watch });
        results.push(result);
        const seconds = (result.ms / 1000).toFixed(1);
        console.log(result.ok ? `ok    ${s.name} (${seconds} s): ${s.description}`
            : `FAIL  ${s.name} (${seconds} s): ${result.error.replace(/\n/g, ' | ')}`);
    }
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    fs.writeFileSync(path.join(options.out, 'report.json'), `${JSON.stringify({ passed, failed, scenarios: results }, null, 2)}\n`);
    console.log(`${passed} passed, ${failed} failed`);
    process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}
