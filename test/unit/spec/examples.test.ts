import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { buildDataset, generateBuiltin } from '../../../src/engine/data';
import { BUILTIN_DATA, SpecContext, isIdxData, parseSpecText, validateSpec } from '../../../src/engine/spec';

const examplesDir = resolve(__dirname, '../../../examples');
const specs = existsSync(examplesDir) ? readdirSync(examplesDir).filter((f) => f.endsWith('.nn.json')).sort() : [];

/** Relative paths resolve against examples/; absolute ones (the Debian Fashion-MNIST files) depend on the machine. */
const fileExists = (p: string): boolean => (isAbsolute(p) ? true : existsSync(join(examplesDir, p)));

describe('example specs validate cleanly', () => {
  it('there are example specs to check', () => {
    assert.ok(specs.length >= 5, `found ${specs.join(', ')}`);
  });

  for (const file of specs) {
    it(`${file}: no errors or warnings, also against its real data shape`, () => {
      const text = readFileSync(join(examplesDir, file), 'utf8');
      const bare = validateSpec(text, { fileExists });
      assert.deepEqual(bare.filter((d) => d.severity !== 'info'), [], JSON.stringify(bare));
      const spec = parseSpecText(text).spec!;
      if (isIdxData(spec.data)) return; // 60,000 images: the shape of IDX data is covered by the data tests
      const dataset = buildDataset(spec, (p, as) => (as === 'text' ? readFileSync(join(examplesDir, p), 'utf8') : new Uint8Array(readFileSync(join(examplesDir, p)))));
      const context: SpecContext = {
        fileExists,
        dataInfo: { inputSize: dataset.inputSize, outputSize: dataset.outputSize, task: dataset.task, classCount: dataset.classNames?.length, sampleCount: dataset.train.count },
      };
      const withData = validateSpec(text, context);
      assert.deepEqual(withData.filter((d) => d.severity !== 'info'), [], JSON.stringify(withData));
    });
  }
});

describe('builtin data shapes known to the validator match the generators', () => {
  for (const builtin of BUILTIN_DATA) {
    it(`${builtin}: feature count, output width and training-sample count`, () => {
      const data = { builtin, samples: 57, testFraction: 0.3 };
      const dataset = generateBuiltin(data, 1);
      const output = dataset.task === 'regression' ? { units: dataset.outputSize, activation: 'linear' } : { units: dataset.outputSize, activation: 'softmax' };
      const spec = (inputUnits: number, batchSize: number) => JSON.stringify({
        data, layers: [{ units: inputUnits }, { units: 4, activation: 'tanh' }, output],
        loss: dataset.task === 'regression' ? 'mse' : 'cross_entropy',
        optimizer: { type: 'sgd', learningRate: 0.1 }, training: { epochs: 1, batchSize },
      });
      assert.deepEqual(validateSpec(spec(dataset.inputSize, dataset.train.count)), []);
      const wrong = validateSpec(spec(dataset.inputSize + 1, dataset.train.count + 1));
      assert.deepEqual(wrong.map((d) => [d.code, d.data?.expected]), [['input-units-mismatch', dataset.inputSize], ['batch-size-exceeds-data', dataset.train.count]]);
    });
  }
});
