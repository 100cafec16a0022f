/**
 * A PyTorch run folder written by python/backprop_lens (format "backprop-lens/pytorch-run@1"): lens.json, written once,
 * describes the layers; record.jsonl grows by one line per step. A killed script can leave an unfinished last line:
 * it is skipped, every complete line before it is read.
 */
const PYTORCH_RUN_FORMAT = 'backprop-lens/pytorch-run@1';
export const PYTORCH_LAYER_SERIES = ['deltaNorm', 'deadShare', 'saturatedShare', 'gradNorm', 'weightNorm', 'updateRatio'] as const;
export type LayerSeriesName = (typeof PYTORCH_LAYER_SERIES)[number];

export interface RecordLayerInfo { name: string; units: number; activation: string }

/** One step of record.jsonl: per series one value per layer (null: not finite, or the layer had no backward pass). */
export interface PytorchStepRow {
  step: number;
  loss: number | null;
  values: Record<LayerSeriesName, (number | null)[]>;
  /** Per layer the mean δ per unit (null: the layer had no backward pass); only on the steps the lens wrote it, as the
   * mean over the deltaMeanSteps steps ending at this one (1: this step's own). */
  deltaMean?: (number[] | null)[];
  deltaMeanSteps?: number;
}

/** A file of the run folder that cannot be read: the message starts with the file and the line. */
export class RunFileError extends Error {}

/** lens.json's layers (name, units, activation). */
export function parseLensJson(text: string): RecordLayerInfo[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RunFileError(`lens.json: not JSON (${(error as Error).message})`);
  }
  const lens = (value ?? {}) as { format?: unknown; layers?: unknown };
  if (lens.format !== PYTORCH_RUN_FORMAT) throw new RunFileError(`lens.json: format is ${JSON.stringify(lens.format)}, not "${PYTORCH_RUN_FORMAT}"`);
  if (!Array.isArray(lens.layers) || lens.layers.length === 0) throw new RunFileError('lens.json: layers is not a non-empty list');
  return lens.layers.map((raw: unknown, i) => {
    const l = (raw ?? {}) as Record<string, unknown>;
    if (typeof l.name !== 'string' || !Number.isInteger(l.units) || typeof l.activation !== 'string') {
      throw new RunFileError(`lens.json: layers[${i}] needs a name, whole units and an activation`);
    }
    return { name: l.name, units: l.units as number, activation: l.activation };
  });
}

/** record.jsonl's steps in order, and whether the run ended (close() wrote its end line). */
export function parseRecordLines(text: string, layerCount: number): { rows: PytorchStepRow[]; ended: boolean; stopped: boolean } {
  const lines = text.split('\n');
  lines.pop(); // the text after the last newline: empty, or a line the script was killed while writing
  const rows: PytorchStepRow[] = [];
  let ended = false, stopped = false;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const fail = (what: string): never => { throw new RunFileError(`record.jsonl: line ${i + 1}: ${what}`); };
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch (error) {
      return fail(`not JSON (${(error as Error).message})`);
    }
    if (value.type === 'end') { ended = true; stopped = value.stopped === true; return; }
    if (value.type !== 'step' || !Number.isInteger(value.step)) fail('is neither a step nor the end line');
    if (value.loss !== null && typeof value.loss !== 'number') fail('loss is neither a number nor null');
    const values = {} as PytorchStepRow['values'];
    for (const key of PYTORCH_LAYER_SERIES) {
      const series = value[key];
      if (!Array.isArray(series) || series.length !== layerCount || !series.every((v) => v === null || typeof v === 'number')) {
        fail(`${key} is not a list of ${layerCount} numbers (one per layer in lens.json)`);
      }
      values[key] = series as (number | null)[];
    }
    const deltaMean = Array.isArray(value.deltaMean) && value.deltaMean.length === layerCount ? value.deltaMean.map(meanList) : undefined;
    const steps = value.deltaMeanSteps ?? 1;
    if (deltaMean && !(Number.isInteger(steps) && (steps as number) >= 1)) fail('deltaMeanSteps is not a whole number of steps');
    rows.push({ step: value.step as number, loss: value.loss as number | null, values, ...(deltaMean ? { deltaMean, deltaMeanSteps: steps as number } : {}) });
  });
  return { rows, ended, stopped };
}

/** A layer's per-unit mean δ from a record line: numbers (null entries as NaN), or null when it is not a list. */
function meanList(raw: unknown): number[] | null {
  return Array.isArray(raw) ? raw.map((v) => (typeof v === 'number' ? v : NaN)) : null;
}
