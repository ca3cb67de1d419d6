// surewire.d.ts held against the code: every value the declarations promise must exist in the
// modules of js/surewire/ with a type the declarations accept. The code's JSDoc gives its types
// (checkJs); where the code is looser than a declaration, the declaration is what is wrong or the
// JSDoc is missing. tsc --noEmit -p src/test/types fails on any mismatch. That the entry point
// js/surewire.js exports exactly these values is checked by exports.mjs.

import * as declared from '../../main/webapp/js/surewire.js'; // resolves to surewire.d.ts
import * as backoff from '../../main/webapp/js/surewire/backoff.js';
import * as client from '../../main/webapp/js/surewire/client.js';
import * as close from '../../main/webapp/js/surewire/close.js';
import * as constants from '../../main/webapp/js/surewire/constants.js';
import * as diagnostics from '../../main/webapp/js/surewire/diagnostics.js';
import * as emitter from '../../main/webapp/js/surewire/emitter.js';
import * as errors from '../../main/webapp/js/surewire/errors.js';
import * as pacing from '../../main/webapp/js/surewire/pacing.js';
import * as publish from '../../main/webapp/js/surewire/publish.js';
import * as quality from '../../main/webapp/js/surewire/quality.js';
import * as topics from '../../main/webapp/js/surewire/topics.js';
import * as util from '../../main/webapp/js/surewire/util.js';

type Declared = typeof declared;

/**
 * SurewireError takes any detail (`Object.assign(this, details)`): the declarations say so with an
 * index signature, which JSDoc cannot give a class. The rest of it is checked as it is.
 */
function withDetails<A extends unknown[], T>(error: new (...args: A) => T): new (...args: A) => T & { [detail: string]: unknown } {
    return error as never;
}

/** What the code has, as the declarations call it: one entry per declared value. */
export const implementation: { [K in keyof Declared]: Declared[K] } = {
    // constants
    PROTOCOL_VERSION: constants.PROTOCOL_VERSION,
    STATES: constants.STATES,
    SYNC_STATUSES: constants.SYNC_STATUSES,
    QUALITY_LEVELS: constants.QUALITY_LEVELS,
    TERMINAL_CLOSE_CODES: constants.TERMINAL_CLOSE_CODES,
    SUPERSEDED_CLOSE_CODE: constants.SUPERSEDED_CLOSE_CODE,
    CLIENT_ID_PATTERN: constants.CLIENT_ID_PATTERN,
    TOPIC_PATTERN: constants.TOPIC_PATTERN,
    DEFAULT_MAX_FRAME_BYTES: constants.DEFAULT_MAX_FRAME_BYTES,
    MAX_PAYLOAD_DEPTH: constants.MAX_PAYLOAD_DEPTH,
    DEFAULT_BACKOFF: constants.DEFAULT_BACKOFF,
    DEFAULT_TOPIC_RETRY: constants.DEFAULT_TOPIC_RETRY,
    // errors, helpers, building blocks
    SurewireError: withDetails(errors.SurewireError),
    makeUuid: util.makeUuid,
    utf8Length: util.utf8Length,
    encodePayload: util.encodePayload,
    loadClientId: util.loadClientId,
    buildEndpoints: util.buildEndpoints,
    classifyClose: close.classifyClose,
    closeAction: close.closeAction,
    qualityLevel: quality.qualityLevel,
    QualityMonitor: quality.QualityMonitor,
    Emitter: emitter.Emitter,
    Backoff: backoff.Backoff,
    jitterDelay: backoff.jitterDelay,
    TopicStream: topics.TopicStream,
    AckBatcher: topics.AckBatcher,
    FramePacer: pacing.FramePacer,
    PublishQueue: publish.PublishQueue,
    PublishStore: publish.PublishStore,
    // the client
    SurewireClient: client.SurewireClient,
    createClient: client.createClient,
    getClients: client.getClients,
    // diagnostics
    DiagnosticsPanel: diagnostics.DiagnosticsPanel,
    attachDiagnostics: diagnostics.attachDiagnostics,
    diagnosticsRequested: diagnostics.diagnosticsRequested,
    resetDiagnosticsAutoAttach: diagnostics.resetDiagnosticsAutoAttach,
};

/** An instance of the code's client is one of the declared client, with every declared member. */
export function clientInstances(options: declared.SurewireOptions): declared.SurewireClient {
    const made: declared.SurewireClient = new client.SurewireClient(options);
    const created: declared.SurewireClient = client.createClient(options);
    const live: declared.SurewireClient[] = client.getClients();
    return made ?? created ?? live[0];
}
