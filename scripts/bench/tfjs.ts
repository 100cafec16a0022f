/** TensorFlow.js 4.22 (tfjs-core with the wasm or cpu backend): the same MLPs, trained with optimizer.minimize. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { Dataset } from '../../src/engine/data/dataset';
import { Rng } from '../../src/engine/nn/rng';
import { fashionSpec, loadDataset, rate, report, spiralSpec } from './common';

interface Mlp { vars: tf.Variable[]; logits(x: tf.Tensor2D): tf.Tensor2D }

/** Dense layers with He (relu) or Xavier (tanh) normal init; `act` on all hidden layers (and the output if given). */
function mlp(sizes: number[], hidden: 'relu' | 'tanh', output: 'none' | 'tanh'): Mlp {
  const vars: tf.Variable[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const s = hidden === 'relu' ? Math.sqrt(2 / sizes[i]) : Math.sqrt(2 / (sizes[i] + sizes[i + 1]));
    vars.push(tf.variable(tf.randomNormal([sizes[i], sizes[i + 1]], 0, s, 'float32', 1)), tf.variable(tf.zeros([sizes[i + 1]])));
  }
  return {
    vars,
    logits(x) {
      let a: tf.Tensor2D = x;
      for (let l = 0; l < vars.length / 2; l++) {
        const z = tf.add(tf.matMul(a, vars[2 * l] as tf.Tensor2D), vars[2 * l + 1]) as tf.Tensor2D;
        const last = l === vars.length / 2 - 1;
        a = last ? (output === 'tanh' ? tf.tanh(z) : z) : hidden === 'relu' ? tf.relu(z) : tf.tanh(z);
      }
      return a;
    },
  };
}

/** Samples order[start..start+m) as a float32 (m × inputSize) batch. */
function batchOf(data: Dataset, order: Int32Array, start: number, m: number): Float32Array {
  const { x, xScale } = data.train;
  const n = data.inputSize;
  const out = new Float32Array(m * n);
  for (let c = 0; c < m; c++) for (let k = 0, row = order[start + c] * n; k < n; k++) out[c * n + k] = x[row + k] * xScale;
  return out;
}

/** Fashion-MNIST, SGD lr 0.1, batch 64: `steps` timed steps after 5 warm-up steps, extrapolated to an epoch. */
export async function runTfjsFashion(backend: 'wasm' | 'cpu', steps: number): Promise<void> {
  await tf.setBackend(backend);
  const data = loadDataset(fashionSpec('float32'));
  const net = mlp([784, 256, 128, 10], 'relu', 'none');
  const optimizer = tf.train.sgd(0.1);
  const order = Int32Array.from({ length: data.train.count }, (_, i) => i);
  new Rng(1).shuffleInPlace(order);
  const step = (s: number): void => {
    const start = (s * 64) % (data.train.count - 64);
    tf.tidy(() => {
      const x = tf.tensor2d(batchOf(data, order, start, 64), [64, 784]);
      const y = tf.oneHot(tf.tensor1d(Array.from(order.subarray(start, start + 64), (i) => data.train.labels![i]), 'int32'), 10);
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, net.logits(x)) as tf.Scalar, false, net.vars);
    });
  };
  for (let s = 0; s < 5; s++) step(s);
  const start = performance.now();
  for (let s = 5; s < 5 + steps; s++) step(s);
  await tf.ready();
  const perStep = (performance.now() - start) / 1000 / steps;
  report({ system: `tfjs-${backend}`, epochSeconds: [perStep * Math.ceil(data.train.count / 64)], subsetSamples: (steps + 5) * 64, testAccuracy: testAccuracy(net, data) });
}

function testAccuracy(net: Mlp, data: Dataset): number {
  const { test } = data;
  const identity = Int32Array.from({ length: test.count }, (_, i) => i);
  let correct = 0;
  for (let start = 0; start < test.count; start += 1000) {
    const m = Math.min(1000, test.count - start);
    const x = new Float32Array(m * 784);
    for (let i = 0; i < m * 784; i++) x[i] = test.x[start * 784 + i] * test.xScale;
    const predicted = tf.tidy(() => tf.argMax(net.logits(tf.tensor2d(x, [m, 784])), 1).dataSync());
    for (let c = 0; c < m; c++) if (predicted[c] === test.labels![identity[start + c]]) correct++;
  }
  return correct / test.count;
}

/** Spiral 2-8-8-1 tanh, MSE, SGD lr 0.03, batch 10: training steps per second. */
export async function runTfjsSmall(backend: 'wasm' | 'cpu', seconds: number): Promise<void> {
  await tf.setBackend(backend);
  const data = loadDataset(spiralSpec('float32'));
  const net = mlp([2, 8, 8, 1], 'tanh', 'tanh');
  const optimizer = tf.train.sgd(0.03);
  const order = Int32Array.from({ length: data.train.count }, (_, i) => i);
  let s = 0;
  const stepsPerSecond = rate(() => {
    const start = (s++ * 10) % (data.train.count - 10);
    tf.tidy(() => {
      const x = tf.tensor2d(batchOf(data, order, start, 10), [10, 2]);
      const y = tf.tensor2d(Array.from(order.subarray(start, start + 10), (i) => data.train.labels![i]), [10, 1]);
      optimizer.minimize(() => tf.div(tf.mul(0.5, tf.sum(tf.square(tf.sub(net.logits(x), y)))), 10) as tf.Scalar, false, net.vars);
    });
  }, seconds);
  report({ system: `tfjs-${backend}`, stepsPerSecond });
}
