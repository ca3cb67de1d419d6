/**
 * The Jobs page's progress bars follow the jobs' progress live: a Surewire client subscribed to
 * `ops/jobs` with a token the console gives its logged-in page (`GET token`, which may read that topic
 * only), and each message `{"execution_id","percent",...}` moves the bar of its execution. The page's
 * 2 s poll refreshes the rest (status, counts) and renders the bars of new executions.
 * `window.surewireJobs` says what arrived, for tests.
 */
import { createClient, makeUuid } from '../js/surewire.js';

const TOPIC = 'ops/jobs';
const state = { subscribed: false, received: 0, lastPercent: {} };
window.surewireJobs = state;

async function token(clientId) {
    const response = await fetch(`token?client_id=${encodeURIComponent(clientId)}`,
        { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) {
        throw new Error(`the console's token answered HTTP ${response.status}`);
    }
    return (await response.json()).token;
}

/** Moves the bar of the message's execution, when the page shows it. */
function show(progress) {
    if (!progress || typeof progress.execution_id !== 'number' || typeof progress.percent !== 'number') {
        return;
    }
    state.lastPercent[progress.execution_id] = progress.percent;
    const wrapper = document.querySelector(`[data-progress-execution="${progress.execution_id}"]`);
    if (!wrapper) {
        return; // a new execution: the next poll renders its row
    }
    wrapper.classList.remove('no-progress');
    const value = wrapper.querySelector('.ui-progressbar-value');
    const label = wrapper.querySelector('.ui-progressbar-label');
    if (value) {
        value.style.display = 'block';
        value.style.width = `${progress.percent}%`;
    }
    if (label) {
        label.style.display = 'block';
        label.textContent = `${progress.percent}%`;
    }
}

async function start() {
    const clientId = `console-jobs-${makeUuid()}`;
    const first = await token(clientId);
    const options = { url: new URL('/', location.href).href, clientId, storage: null };
    if (first !== null) {
        let given = first;
        options.getToken = async ({ clientId: id }) => {
            const fresh = given ?? await token(id);
            given = null;
            return fresh;
        };
    }
    const client = createClient(options);
    client.subscribe(TOPIC, {
        onEvent: (event) => {
            state.received += 1;
            show(event.payload);
        },
        onStatus: (status) => {
            state.subscribed = status === 'synced';
        },
    });
    client.connect();
    // the poll re-renders the table: show the latest percent again on the new rows
    new MutationObserver(() => Object.entries(state.lastPercent).forEach(([id, percent]) => {
        const wrapper = document.querySelector(`[data-progress-execution="${id}"]`);
        if (wrapper && wrapper.querySelector('.ui-progressbar-label')?.textContent !== `${percent}%`) {
            show({ execution_id: Number(id), percent });
        }
    })).observe(document.body, { childList: true, subtree: true });
}

start().catch((error) => console.warn('[surewire jobs] live progress unavailable:', error));
