/**
 * Stands in for VS Code inside a plain browser page: acquireVsCodeApi() records posts and state, and
 * window.__play(encoded, delayMs) replays a recorded host message stream (Float32Arrays encoded as by persist.ts).
 */
import { decodeValue } from '../../../../media/lib/persist';

interface PreviewWindow extends Window {
  __posts: unknown[];
  __state: unknown;
  __violations: string[];
  __play(encodedMessages: unknown[], delayMs: number): Promise<void>;
  acquireVsCodeApi(): unknown;
}
const w = window as unknown as PreviewWindow;
w.__posts = [];
w.__state = undefined;
w.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
w.acquireVsCodeApi = () => ({
  postMessage: (m: unknown) => { w.__posts.push(m); },
  getState: () => w.__state,
  setState: (s: unknown) => { w.__state = s; },
});
w.__play = async (encodedMessages, delayMs) => {
  for (const encoded of encodedMessages) {
    window.postMessage(decodeValue(encoded), '*');
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
};

/** Plays a synthetic run of the given layer sizes (batch columns) at `perSecond` updates for `count` updates. */
(w as unknown as { __playSynthetic: unknown }).__playSynthetic = async (sizes: number[], batch: number, count: number, perSecond: number) => {
  const layers = sizes.slice(1).map((units, i) => ({ layer: i + 1, units, activation: i === sizes.length - 2 ? 'softmax' : 'relu', fanIn: sizes[i] }));
  const info = {
    runId: 'synthetic', specPath: '/synthetic.nn.json', name: 'synthetic', task: 'classification', classNames: null, inputSize: sizes[0],
    layers, epochs: 5, stepsPerEpoch: 469, batchSize: batch, learningRate: 0.001, trainCount: 60000, testCount: 10000, precision: 'float32', seed: 1,
  };
  window.postMessage({ type: 'started', info }, '*');
  window.postMessage({ type: 'runState', state: 'running' }, '*');
  const noise = (n: number, scale: number) => Float32Array.from({ length: n }, () => (Math.random() - 0.5) * scale);
  for (let k = 1; k <= count; k++) {
    const step = k * 10;
    const snapshotLayers = layers.map((l) => {
      const delta = noise(l.units * batch, 0.01 / l.layer);
      const deltaMean = new Float32Array(l.units);
      for (let j = 0; j < l.units; j++) for (let c = 0; c < batch; c++) deltaMean[j] += delta[j * batch + c] / batch;
      return {
        layer: l.layer, units: l.units, batchSize: batch, fanIn: l.fanIn, delta, deltaMean, upstream: noise(l.units * batch, 0.02),
        sigmaPrime: Float32Array.from({ length: l.units * batch }, () => (Math.random() < 0.4 ? 0 : 1)), deltaNorm: 0.01 / l.layer, deadShare: 0.05, saturatedShare: 0.4,
      };
    });
    const points = Array.from({ length: 10 }, (_, i) => ({ step: step - 9 + i, loss: 2 / Math.sqrt(step - 9 + i) }));
    window.postMessage({ type: 'batch', messages: [{ type: 'progress', points }, { type: 'snapshot', snapshot: { step, epoch: 0, layers: snapshotLayers } }] }, '*');
    await new Promise((resolve) => setTimeout(resolve, 1000 / perSecond));
  }
};
