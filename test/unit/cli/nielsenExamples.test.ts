// Nielsen's chapter 5 lesson, as shipped in examples/deep-{sigmoid,relu}.nn.json and checked through the CLI:
// with sigmoid, ‖δ^l‖ shrinks layer by layer toward the input and the network does not learn; with relu it does not.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { main } from '../../../src/cli/main';

const examples = resolve(__dirname, '../../../examples');

function train(file: string, ...extra: string[]) {
  const out: string[] = [];
  let err = '';
  const code = main(['train', resolve(examples, file), ...extra], { out: (l) => out.push(l), err: (t) => (err += t), isTTY: false });
  assert.equal(code, 0, err);
  return { out, err };
}

describe('examples: deep sigmoid vs deep relu (Nielsen, chapter 5)', function () {
  this.timeout(60_000);

  it('deep-sigmoid: ‖δ^l‖ falls at every layer toward the input, by more than 2 orders over the network, and it does not learn', () => {
    const done = JSON.parse(train('deep-sigmoid.nn.json', '--json').out.at(-1)!);
    const norms: number[] = done.deltaNorms;
    assert.equal(norms.length, 6);
    for (let l = 1; l < 5; l++) assert.ok(norms[l - 1] < norms[l], `‖δ^${l}‖ = ${norms[l - 1]} < ‖δ^${l + 1}‖ = ${norms[l]}`);
    assert.ok(Math.log10(norms[4] / norms[0]) > 2, `hidden layers 5 → 1 span ${Math.log10(norms[4] / norms[0]).toFixed(1)} orders`);
    assert.ok(done.accuracy < 0.6, `accuracy ${done.accuracy}`);
    assert.deepEqual(done.health.map((f: { kind: string; layer: number }) => [f.kind, f.layer]), [['vanishing-delta', 1]]);
  });

  it('deep-relu: the same network learns (test accuracy > 95 %) with ‖δ^l‖ within 1.5 orders across its hidden layers', () => {
    const done = JSON.parse(train('deep-relu.nn.json', '--json').out.at(-1)!);
    const hidden: number[] = done.deltaNorms.slice(0, 5);
    assert.ok(done.testAccuracy > 0.95, `test accuracy ${done.testAccuracy}`);
    assert.ok(Math.log10(Math.max(...hidden) / Math.min(...hidden)) < 1.5, `hidden norms ${hidden.join(', ')}`);
    assert.deepEqual(done.health, []);
  });

  it('the text output names ‖δ^l‖ per layer', () => {
    const { out } = train('deep-sigmoid.nn.json', '--epochs', '2');
    assert.match(out.join('\n'), /‖δ\^l‖ at the last mini-batch: layer 1 \d\.\de-\d+ · layer 2 .* · layer 6 /);
  });
});
