/** backprop-lens explain SPEC --sample N --layer L --unit J: the arithmetic of z, a, δ, ∂E/∂W, ∂E/∂b for one sample. */
import { ExplainRangeError, largestTerms, weightGradientTerms, type ExplainRequest, type UnitExplanation } from '../engine/explain/unit';
import { formatNumber } from '../engine/text/number-text';
import { explainTrainingSample } from '../engine/explain/requests';
import { prepare, readInitModel, UsageError, withModelShapes, type Output } from './commands';
import { specLocation } from './format';

export interface ExplainOptions { sample?: number; layer?: number; unit?: number; init?: string; json: boolean; memoryBudgetBytes?: number }

export function explain(specPath: string, opts: ExplainOptions, io: Output): number {
  const { sample, layer, unit } = opts;
  if (sample === undefined || layer === undefined || unit === undefined) throw new UsageError('explain needs --sample N, --layer L and --unit J', 2);
  const request: ExplainRequest = { sample, layer, unit };
  const model = readInitModel(opts.init);
  const { spec, dataset, text } = prepare(specPath, { memoryBudgetBytes: opts.memoryBudgetBytes, savedNormalization: model?.normalization });
  let e: UnitExplanation;
  try {
    e = withModelShapes(opts.init, () => explainTrainingSample(spec, dataset, model?.parameters, request));
  } catch (error) {
    if (!(error instanceof ExplainRangeError)) throw error;
    const path = error.field === 'sample' ? ['data'] : error.field === 'layer' ? ['layers'] : ['layers', layer, 'units'];
    throw new UsageError(`${specLocation(specPath, text, path)}: --${error.field} ${request[error.field]}: ${error.message}`, 1);
  }
  io.out(opts.json ? JSON.stringify(explainJson(sample, e)) : explainText(sample, e).join('\n'));
  return 0;
}

/** The --json line: sigmaPrime omitted for softmax units, terms for hidden layers only. */
function explainJson(sample: number, e: UnitExplanation): Record<string, unknown> {
  return {
    type: 'explain', sample, layer: e.layer, unit: e.unit, loss: e.loss, z: e.z, a: e.a,
    ...(e.sigmaPrime === null ? {} : { sigmaPrime: e.sigmaPrime }),
    delta: e.delta,
    ...(e.hidden ? { terms: e.hidden.terms } : {}),
    dW: e.dW, db: e.db,
  };
}

/** Six significant digits at any magnitude (the engine's one formatter: exponent form below 1e-3 or from 1e6 on). */
function num(x: number): string {
  return formatNumber(x, 6);
}

/** A factor in a product: negative numbers in parentheses. */
function factor(x: number): string {
  return x < 0 ? `(${num(x)})` : num(x);
}

/** The largest terms (the engine's listing), one line each, then "and N more: Σ = …" over the rest. */
function termLines<T extends { product: number }>(terms: T[], line: (t: T) => string, sumOfRest = true): string[] {
  const { shown, rest, restCount } = largestTerms(terms);
  const lines = shown.map((t) => `    ${line(t)}`);
  if (restCount) lines.push(`    and ${restCount} more${sumOfRest ? `: Σ = ${num(rest)}` : ' (--json lists all)'}`);
  return lines;
}

/** The explanation as readable equations, forward then backward then BP3/BP4. */
function explainText(sample: number, e: UnitExplanation): string[] {
  const l = e.layer, j = e.unit, prev = l - 1;
  const lines = [
    `Sample ${sample}, layer ${l} of ${e.depth} (${e.activation}), unit ${j}: E_x = ${num(e.loss)} (${e.lossName} of this one sample)`,
    `Forward: z^${l}_${j} = Σ_k W^${l}_${j}k · a^${prev}_k + b^${l}_${j}, largest |W · a| first`,
    ...termLines(e.forward.terms, (t) => `k = ${t.k}: ${factor(t.weight)} · ${factor(t.input)} = ${num(t.product)}`),
    `    bias b^${l}_${j} = ${num(e.forward.bias)}`,
    `  z^${l}_${j} = ${num(e.z)}`,
    `  a^${l}_${j} = ${e.activation}(z^${l}_${j}) = ${num(e.a)}`,
    ...(e.output ? outputLines(e) : hiddenLines(e)),
    `BP3: ∂E_x/∂b^${l}_${j} = δ^${l}_${j} = ${num(e.db)}`,
    `BP4: ∂E_x/∂W^${l}_${j}k = δ^${l}_${j} · a^${prev}_k, largest first (one sample; training averages over the mini-batch)`,
    ...termLines(weightGradientTerms(e), (t) => `k = ${t.k}: ${num(t.product)}`, false),
  ];
  return lines;
}

/** BP2: every term W^{l+1}_kj δ^{l+1}_k (the largest shown), their sum, × σ′(z_j) = δ_j. */
function hiddenLines(e: UnitExplanation): string[] {
  const l = e.layer, j = e.unit, hidden = e.hidden!;
  return [
    `Backward, BP2: δ^${l}_${j} = (Σ_k W^${l + 1}_k${j} · δ^${l + 1}_k) · σ′(z^${l}_${j}), largest |W · δ| first`,
    ...termLines(hidden.terms, (t) => `k = ${t.k}: ${factor(t.weight)} · ${factor(t.delta)} = ${num(t.product)}`),
    `  Σ_k W^${l + 1}_k${j} · δ^${l + 1}_k = ${num(hidden.sum)}`,
    `  σ′(z^${l}_${j}) = ${num(e.sigmaPrime!)}`,
    `  δ^${l}_${j} = ${factor(hidden.sum)} · ${factor(e.sigmaPrime!)} = ${num(e.delta)}`,
  ];
}

/** BP1 in the form the engine applies: the product, the fused a − y, or softmax's Jacobian row. */
function outputLines(e: UnitExplanation): string[] {
  const l = e.layer, j = e.unit, out = e.output!;
  const dEda = `∂E_x/∂a^${l}_${j} = ${num(out.dEda)}`;
  if (out.kind === 'product') {
    return [
      `Backward, BP1: δ^${l}_${j} = ∂E_x/∂a^${l}_${j} · σ′(z^${l}_${j}), target y_${j} = ${num(out.target)}`,
      `  ${dEda}`,
      `  σ′(z^${l}_${j}) = ${num(e.sigmaPrime!)}`,
      `  δ^${l}_${j} = ${factor(out.dEda)} · ${factor(e.sigmaPrime!)} = ${num(e.delta)}`,
    ];
  }
  if (out.kind === 'fused') {
    const unfused = out.product === null ? `softmax's σ′ is not elementwise` : `BP1's product ${factor(out.dEda)} · ${factor(e.sigmaPrime!)} = ${num(out.product)}`;
    return [
      `Backward, BP1 fused (${e.lossName} over ${e.activation}): δ^${l}_${j} = a^${l}_${j} − y_${j} = ${num(e.a)} − ${factor(out.target)} = ${num(e.delta)}`,
      `  (${dEda}; ${unfused})`,
    ];
  }
  return [
    `Backward, BP1 through softmax's Jacobian: δ^${l}_${j} = Σ_k ∂a_k/∂z_${j} · ∂E_x/∂a_k, ∂a_k/∂z_${j} = a_k([k = ${j}] − a_${j}), largest first`,
    ...termLines(out.jacobianRow!, (t) => `k = ${t.k}: ${factor(t.jacobian)} · ${factor(t.dEda)} = ${num(t.product)}`),
    `  δ^${l}_${j} = ${num(e.delta)}`,
  ];
}
