// Webview → host validation under fast-check: thousands of arbitrary values (JSON-like and not), near-miss messages
// and valid ones. No exception escapes; only well-formed messages are accepted, rebuilt with known keys only; none
// carries a path; the connection hands the sessions nothing the validator did not accept.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ControlAction, WebviewToHost } from '../../../src/protocol';
import { parseWebviewMessage } from '../../../src/extension/monitor/webviewInput';
import { parseFrameStats, parseStateAck } from '../../../src/extension/monitor/monitorMessages';
import { WebviewConnection, type MonitorSessions, type WebviewPort } from '../../../src/extension/monitor/webviewConnection';
import { emptyMonitorState } from '../../../src/extension/session/monitorState';
import { Emitter } from '../../../src/extension/session/emitter';

const RUNS = Number(process.env.RELIABILITY_RUNS ?? 20_000);
const ACTIONS: ControlAction[] = ['pause', 'resume', 'step', 'stop', 'restart', 'gradcheck', 'train'];
const tried: Record<string, number> = {};
const count = (name: string) => { tried[name] = (tried[name] ?? 0) + 1; };

/** Anything a hostile or buggy webview might post, JSON or not. */
const anyValue = fc.anything({ withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withTypedArray: true, maxDepth: 3 });
/** Valid messages. */
const validMessage: fc.Arbitrary<WebviewToHost> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.constantFrom(...ACTIONS).map((action) => ({ type: 'control' as const, action })),
  fc.double({ min: 1e-12, max: 10, noNaN: true }).filter((x) => x > 0).map((learningRate) => ({ type: 'setLearningRate' as const, learningRate })),
  fc.integer({ min: 1, max: 9_999 }).map((layer) => ({ type: 'revealLayer' as const, layer })),
  fc.boolean().map((enabled) => ({ type: 'setWeightGradients' as const, enabled })),
  fc.nat().map((step) => ({ type: 'requestFrame' as const, step })),
  fc.shuffledSubarray(['batch', 'boundary', 'weights'] as const).map((sections) => ({ type: 'visibleSections' as const, sections: [...sections] })),
  fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 99_999 }), fc.option(fc.integer({ min: 0, max: 99_999 })), fc.option(fc.integer({ min: 0, max: 99_999 }), { nil: undefined }), fc.boolean())
    .map(([layer, unit, column, input, finalWeights]) => ({ type: 'explain' as const, layer, unit, column, ...(input === undefined ? {} : { input }), ...(finalWeights ? { finalWeights: true as const } : {}) })),
);
/** A valid message with one field replaced by an arbitrary value, or extra keys added. */
const nearMiss = fc.tuple(validMessage, fc.constantFrom('type', 'action', 'learningRate', 'layer', 'enabled', 'step', 'unit', 'column', 'input', 'finalWeights', 'sections'), anyValue, fc.dictionary(fc.string(), anyValue, { maxKeys: 3 }))
  .map(([m, key, value, extra]) => ({ ...extra, ...m, [key]: value }) as Record<string, unknown>);

/** The independent statement of what is valid. */
function isValid(m: Record<string, unknown>): boolean {
  switch (m.type) {
    case 'ready': return true;
    case 'control': return ACTIONS.includes(m.action as ControlAction);
    case 'setLearningRate': return typeof m.learningRate === 'number' && m.learningRate > 0 && m.learningRate <= 10;
    case 'revealLayer': return Number.isInteger(m.layer) && (m.layer as number) >= 1 && (m.layer as number) < 10_000;
    case 'setWeightGradients': return typeof m.enabled === 'boolean';
    case 'requestFrame': return Number.isInteger(m.step) && (m.step as number) >= 0 && (m.step as number) <= Number.MAX_SAFE_INTEGER;
    case 'visibleSections': return Array.isArray(m.sections) && m.sections.every((s) => ['batch', 'boundary', 'weights'].includes(s)) && new Set(m.sections).size === m.sections.length;
    case 'explain': {
      const index = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min && (v as number) < 100_000;
      return index(m.layer, 1) && index(m.unit, 0) && (m.column === null || index(m.column, 0)) && (m.input === undefined || index(m.input, 0)) && (m.finalWeights === undefined || m.finalWeights === true);
    }
    default: return false;
  }
}

function checkParse(raw: unknown): void {
  count('parseWebviewMessage');
  const parsed = parseWebviewMessage(raw);
  if (parsed === null) {
    assert.ok(!(raw && typeof raw === 'object' && !Array.isArray(raw) && isValid(raw as Record<string, unknown>) && Object.getPrototypeOf(raw) === Object.prototype), `refused a valid message ${fc.stringify(raw)}`);
    return;
  }
  assert.ok(isValid(parsed as unknown as Record<string, unknown>), 'accepted an invalid message');
  const keys: Record<WebviewToHost['type'], string[]> = { ready: ['type'], control: ['action', 'type'], setLearningRate: ['learningRate', 'type'], revealLayer: ['layer', 'type'], setWeightGradients: ['enabled', 'type'], requestFrame: ['step', 'type'], visibleSections: ['sections', 'type'], explain: ['column', 'layer', 'type', 'unit'] };
  const known = parsed.type === 'explain' ? [...keys.explain, ...(parsed.input === undefined ? [] : ['input']), ...(parsed.finalWeights ? ['finalWeights'] : [])].sort() : keys[parsed.type];
  assert.deepEqual(Object.keys(parsed).sort(), known, 'only known keys are kept');
  if (parsed.type === 'explain') assert.equal(parsed.finalWeights, (raw as Record<string, unknown>).finalWeights, 'finalWeights is kept');
  for (const value of Object.values(parsed)) if (typeof value === 'string') assert.ok(['ready', 'control', 'setLearningRate', 'revealLayer', 'setWeightGradients', 'requestFrame', 'visibleSections', 'explain', ...ACTIONS].includes(value), `a free string "${value}" got through`);
}

describe('reliability: webview message validation (fast-check)', function () {
  this.timeout(120_000);
  after(() => console.log(`      inputs tried: ${Object.entries(tried).map(([k, v]) => `${k} ${v}`).join(', ')}`));

  it(`parseWebviewMessage: ${RUNS} arbitrary values never throw and are accepted only when valid`, () => {
    fc.assert(fc.property(anyValue, checkParse), { numRuns: RUNS });
  });

  it(`parseWebviewMessage: ${RUNS} near-miss messages (one field wrong, extra keys) are judged exactly`, () => {
    fc.assert(fc.property(nearMiss, checkParse), { numRuns: RUNS });
  });

  it(`parseWebviewMessage: ${RUNS} valid messages are accepted unchanged`, () => {
    fc.assert(fc.property(validMessage, (m) => { count('parseWebviewMessage'); assert.deepEqual(parseWebviewMessage(m), m); }), { numRuns: RUNS });
  });

  it(`parseFrameStats and parseStateAck: ${RUNS} arbitrary and near-miss values never throw; accepted ones are well-formed`, () => {
    const frame = fc.record({ type: fc.constant('frameStats'), fps: fc.double(), frames: fc.double(), longFrames: fc.double(), intervalMs: fc.double() });
    const ack = fc.record({ type: fc.constant('stateAck'), runState: fc.oneof(fc.string(), fc.constantFrom('idle', 'running')), lossPoints: fc.oneof(fc.integer(), fc.double()), layers: fc.integer(), float32: anyValue });
    fc.assert(fc.property(fc.oneof(anyValue, frame, ack), (raw) => {
      count('parseFrameStats/parseStateAck');
      const stats = parseFrameStats(raw);
      if (stats) assert.ok([stats.fps, stats.frames, stats.longFrames, stats.intervalMs].every((v) => Number.isFinite(v) && v >= 0) && Object.keys(stats).length === 5);
      const acked = parseStateAck(raw);
      if (acked) assert.ok(Number.isInteger(acked.lossPoints) && acked.lossPoints >= 0 && [true, false, null].includes(acked.float32) && Object.keys(acked).length === 5);
    }), { numRuns: RUNS });
  });

  it(`WebviewConnection: ${RUNS} posted values never throw and reach the sessions only as validated calls`, () => {
    let deliver: (raw: unknown) => void = () => undefined;
    const calls: string[] = [];
    const sessions: MonitorSessions = {
      onWebviewMessage: new Emitter<never>().event, onDidChangeSession: new Emitter<unknown>().event, getMonitorState: emptyMonitorState,
      control: async (action) => { calls.push(`control:${action}`); }, setLearningRate: (lr) => { calls.push(`lr:${lr}`); },
      revealLayer: async (layer) => { calls.push(`layer:${layer}`); },
      setWeightGradients: (enabled) => { calls.push(`dW:${enabled}`); },
      requestFrame: async (step) => { calls.push(`frame:${step}`); return null; },
      explain: async (t) => { calls.push(`explain:${t.layer}:${t.unit}:${t.column}`); return { ...t, step: 0, sample: null, explanation: null, error: 'none' }; },
    };
    // The listener is called directly, so an exception in it fails the property instead of being logged by an emitter.
    const port: WebviewPort = { postMessage: () => Promise.resolve(true), onDidReceiveMessage: (listener) => { deliver = listener as (raw: unknown) => void; return { dispose: () => undefined }; } };
    const ignore = () => undefined;
    const connection = new WebviewConnection(port, sessions, { posted: ignore, frameStats: ignore, stateAck: ignore, error: ignore });
    try {
      fc.assert(fc.property(fc.oneof(anyValue, nearMiss, validMessage), (raw) => {
        count('WebviewConnection');
        calls.length = 0;
        deliver(raw);
        const parsed = parseWebviewMessage(raw);
        const expected = !parsed || parsed.type === 'ready' || parsed.type === 'visibleSections' ? [] : [parsed.type === 'control' ? `control:${parsed.action}` : parsed.type === 'setLearningRate' ? `lr:${parsed.learningRate}` : parsed.type === 'setWeightGradients' ? `dW:${parsed.enabled}` : parsed.type === 'requestFrame' ? `frame:${parsed.step}` : parsed.type === 'explain' ? `explain:${parsed.layer}:${parsed.unit}:${parsed.column}` : `layer:${parsed.layer}`];
        assert.deepEqual(calls, expected);
      }), { numRuns: RUNS });
    } finally {
      connection.dispose();
    }
  });
});
