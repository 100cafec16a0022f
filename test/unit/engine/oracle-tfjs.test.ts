// An independent oracle: TensorFlow.js autodiff (tf.grads, CPU backend, float32) against our BP3/BP4 gradients.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { backward, gradientBuffers } from '../../../src/engine/nn/backprop';
import { lossByName } from '../../../src/engine/nn/losses';
import { Matrix } from '../../../src/engine/nn/matrix';
import { Network, forward, forwardBuffers } from '../../../src/engine/nn/network';
import { Rng } from '../../../src/engine/nn/rng';
import type { ActivationName, LossName } from '../../../src/engine/spec/types';

function tfActivation(name: ActivationName, z: tf.Tensor2D): tf.Tensor2D {
  switch (name) {
    case 'sigmoid': return tf.sigmoid(z);
    case 'tanh': return tf.tanh(z);
    case 'relu': return tf.relu(z);
    case 'leaky_relu': return tf.leakyRelu(z, 0.01);
    case 'linear': return z;
    case 'softmax': return tf.transpose(tf.softmax(tf.transpose(z))); // columns are samples
  }
}

function tfLoss(name: LossName, output: ActivationName, a: tf.Tensor2D, y: tf.Tensor2D, m: number): tf.Scalar {
  if (name === 'mse') return tf.div(tf.mul(0.5, tf.sum(tf.square(tf.sub(a, y)))), m);
  if (output === 'sigmoid') return tf.div(tf.neg(tf.sum(tf.add(tf.mul(y, tf.log(a)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, a)))))), m);
  return tf.div(tf.neg(tf.sum(tf.mul(y, tf.log(a)))), m);
}

/** |ours − tf| ≤ 1e-4 · max(|ours|, |tf|, 1e-2 · the tensor's largest entry): float32 rounding stays far below this. */
function assertClose(ours: Float64Array, theirs: Float32Array | Int32Array | Uint8Array, what: string): void {
  let scale = 0;
  for (const v of ours) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < ours.length; i++) {
    const d = Math.abs(ours[i] - theirs[i]);
    const tol = 1e-4 * Math.max(Math.abs(ours[i]), Math.abs(theirs[i]), 1e-2 * scale);
    assert.ok(d <= tol, `${what}[${i}]: ours ${ours[i]}, tfjs ${theirs[i]}`);
  }
}

const cases: [ActivationName, ActivationName, LossName, number][] = [
  ['sigmoid', 'softmax', 'cross_entropy', 4], ['tanh', 'sigmoid', 'cross_entropy', 1], ['relu', 'sigmoid', 'cross_entropy', 3], ['relu', 'linear', 'mse', 3],
  ['leaky_relu', 'softmax', 'mse', 3], ['tanh', 'tanh', 'mse', 2], ['relu', 'softmax', 'cross_entropy', 5],
];

describe('∂E/∂W and ∂E/∂b agree with TensorFlow.js autodiff', () => {
  before(async () => { await tf.setBackend('cpu'); });

  for (const [hidden, output, lossName, outUnits] of cases) {
    it(`${hidden} hidden, ${output} output, ${lossName}`, () => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const rng = new Rng(seed * 31);
        const net = Network.create([5, 7, 6, outUnits], [hidden, hidden, output], 'he', rng);
        for (const layer of net.layers) layer.b.forEach((_, j) => (layer.b[j] = rng.uniform(-0.3, 0.3)));
        const m = 8;
        const pass = forwardBuffers(net, m);
        pass.a[0].data.set(Float64Array.from({ length: 5 * m }, () => rng.uniform(-1, 1)));
        const y = new Matrix(outUnits, m);
        for (let c = 0; c < m; c++) {
          if (lossName === 'mse') for (let j = 0; j < outUnits; j++) y.set(j, c, rng.uniform(-1, 1));
          else if (outUnits === 1) y.set(0, c, rng.int(2));
          else y.set(rng.int(outUnits), c, 1);
        }
        forward(net, pass);
        const g = backward(net, pass, y, lossByName(lossName, output), gradientBuffers(net, m));

        const X = tf.tensor2d(Array.from(pass.a[0].data), [5, m]);
        const Y = tf.tensor2d(Array.from(y.data), [outUnits, m]);
        const params = net.layers.flatMap((l) => [tf.tensor2d(Array.from(l.W.data), [l.units, l.fanIn]), tf.tensor2d(Array.from(l.b), [l.units, 1])]);
        const lossFn = (...p: tf.Tensor[]) => {
          let a = X as tf.Tensor2D;
          net.layers.forEach((l, i) => { a = tfActivation(l.activation.name, tf.add(tf.matMul(p[2 * i] as tf.Tensor2D, a), p[2 * i + 1]) as tf.Tensor2D); });
          return tfLoss(lossName, output, a, Y, m);
        };
        const grads = tf.grads(lossFn)(params);
        net.layers.forEach((_, i) => {
          assertClose(g.dW[i + 1].data, grads[2 * i].dataSync(), `seed ${seed} dW${i + 1}`);
          assertClose(g.db[i + 1], grads[2 * i + 1].dataSync(), `seed ${seed} db${i + 1}`);
        });
        tf.dispose([X, Y, ...params, ...grads]);
      }
    });
  }
});
