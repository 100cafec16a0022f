import { strict as assert } from 'node:assert';
import { addMathFunctions } from '../../../src/engine/fast/math-codegen';
import { defaultFastThreads } from '../../../src/engine/fast/fastTrainer';
import { ModuleBuilder } from '../../../src/engine/fast/wasm-encoder';
import type { NetworkSpec } from '../../../src/engine/spec/types';

type Fn = (x: number) => number;

function mathExports(): { exp: Fn; tanh: Fn; sigmoid: Fn } {
  const builder = new ModuleBuilder({ initialPages: 1, maximumPages: 1, shared: false });
  addMathFunctions(builder);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(builder.encode()), { env: { memory } });
  return instance.exports as unknown as { exp: Fn; tanh: Fn; sigmoid: Fn };
}

describe('fast/math-codegen', () => {
  const m = mathExports();
  const xs = Array.from({ length: 2001 }, (_, i) => -40 + i * 0.04).concat([0, 1e-9, -1e-9, 300, -300, 700]);

  it('exp matches Math.exp to a few ulps', () => {
    for (const x of xs) {
      const rel = Math.abs(m.exp(x) - Math.exp(x)) / Math.exp(x);
      assert.ok(rel < 4e-16, `exp(${x}): relative error ${rel}`);
    }
  });

  it('tanh and sigmoid match Math within 1e-15 absolute', () => {
    for (const x of xs) {
      assert.ok(Math.abs(m.tanh(x) - Math.tanh(x)) < 1e-15, `tanh(${x})`);
      assert.ok(Math.abs(m.sigmoid(x) - 1 / (1 + Math.exp(-x))) < 1e-15, `sigmoid(${x})`);
    }
    assert.equal(m.tanh(1000), 1);
    assert.equal(m.sigmoid(-1000) < 1e-300, true);
  });
});

describe('fast/defaultFastThreads', () => {
  const spec = (sizes: number[], batchSize: number, threads?: number): NetworkSpec => ({
    data: { builtin: 'xor' }, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.1 }, training: { epochs: 1, batchSize, threads },
    layers: [{ units: sizes[0] }, ...sizes.slice(1).map((units) => ({ units, activation: 'relu' as const }))],
  });
  it('uses the cores for a Fashion-MNIST-sized net, one thread for a playground net, and the spec when it says', () => {
    assert.equal(defaultFastThreads(spec([784, 256, 128, 10], 64), 2), 2);
    assert.equal(defaultFastThreads(spec([2, 8, 8, 1], 10), 2), 1);
    assert.equal(defaultFastThreads(spec([2, 8, 8, 1], 10, 2), 4), 2);
  });
});
