/** backprop-lens: train, gradient-check and validate a network spec from the command line. */
import { parseArgs } from 'node:util';
import { DEFAULT_MEMORY_BUDGET_MB, MIB } from '../engine/train/resources';
import { check, train, UsageError, validate, type Output } from './commands';
import { explain } from './explain';
import { exportCommand } from './export';
import { predict } from './predict';
import { processOutput } from './processOutput';
import { recordCommand } from './record';

const USAGE = `Usage:
  backprop-lens train SPEC [--epochs N] [--seed N] [--init MODEL.json] [--save MODEL.json] [--threads N] [--reference] [--json]
  backprop-lens check SPEC [--init MODEL.json] [--json]
  backprop-lens validate SPEC [--json]
  backprop-lens export SPEC --to pytorch --out DIR [--init MODEL.json]
  backprop-lens export SPEC --to onnx --out MODEL.onnx [--init MODEL.json]   (default: the spec's latest run's model)
  backprop-lens predict MODEL.json DATA.csv [--json]
  backprop-lens explain SPEC [--init MODEL.json] --sample N --layer L --unit J [--json]
  backprop-lens record RUN_DIR [--json]   (a saved run folder, or a PyTorch run written by python/backprop_lens)
train uses the WebAssembly fast path in the spec's precision on the machine's cores (--threads N overrides the count;
--reference uses the float64 TypeScript reference trainer). Every command takes --memory-budget MB (default ${DEFAULT_MEMORY_BUDGET_MB}, or $BACKPROP_LENS_MEMORY_BUDGET_MB): runs that would need more are refused before allocating.
explain shows z, a and δ of unit J (0-based) of layer L (1 = the first dense layer) for training sample N (0-based,
file order) and their arithmetic: forward terms, BP1 or BP2, BP3, BP4.
Data paths are relative to the spec; as your own shell command, the CLI reads any path you can read.
Exit codes: 0 success; 1 invalid spec, unreadable data, a failed gradient check or an explain request out of range; 2 bad usage.`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} needs a non-negative integer, got "${value}"`, 2);
  return Number(value);
}

/** The budget in bytes: --memory-budget, else the environment variable, else the default. */
function memoryBudget(flag: string | undefined, env: string | undefined): number {
  const [name, value] = flag !== undefined ? ['--memory-budget', flag] : ['BACKPROP_LENS_MEMORY_BUDGET_MB', env];
  if (value === undefined || value === '') return DEFAULT_MEMORY_BUDGET_MB * MIB;
  const mb = Number(value);
  if (!Number.isFinite(mb) || mb <= 0) throw new UsageError(`${name} needs a positive number of MiB, got "${value}"`, 2);
  return mb * MIB;
}

export function main(argv: string[], io: Output, env: Record<string, string | undefined> = process.env): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { to: { type: 'string' }, out: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' }, init: { type: 'string' }, save: { type: 'string' }, 'memory-budget': { type: 'string' }, threads: { type: 'string' }, sample: { type: 'string' }, layer: { type: 'string' }, unit: { type: 'string' }, reference: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, spec, ...rest] = positionals;
  const [csv, ...extra] = command === 'predict' ? rest : [undefined, ...rest];
  if (values.help) { io.out(USAGE); return 0; }
  if (!command || !spec || extra.length || (command === 'predict' && !csv)) { io.err(`${USAGE}\n`); return 2; }
  try {
    const json = values.json ?? false;
    const memoryBudgetBytes = memoryBudget(values['memory-budget'], env.BACKPROP_LENS_MEMORY_BUDGET_MB);
    switch (command) {
      case 'train': return train(spec, { epochs: integer('epochs', values.epochs), seed: integer('seed', values.seed), init: values.init, save: values.save, json, memoryBudgetBytes, threads: integer('threads', values.threads), reference: values.reference ?? false }, io);
      case 'check': return check(spec, { json, init: values.init, memoryBudgetBytes }, io);
      case 'validate': return validate(spec, { json, memoryBudgetBytes }, io);
      case 'predict': return predict(spec, csv!, { json }, io);
      case 'explain': return explain(spec, { sample: integer('sample', values.sample), layer: integer('layer', values.layer), unit: integer('unit', values.unit), init: values.init, json, memoryBudgetBytes }, io);
      case 'record': return recordCommand(spec, { json }, io);
      case 'export': return exportCommand(spec, { to: values.to, out: values.out, init: values.init, memoryBudgetBytes }, io);
      default: io.err(`unknown command "${command}"\n${USAGE}\n`); return 2;
    }
  } catch (e) {
    if (e instanceof UsageError) { io.err(`backprop-lens: ${e.message}\n`); return e.exitCode; }
    io.err(`backprop-lens: internal error: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), processOutput());
}
