/** validateSpec: syntax, structure (the schema) and meaning, each problem with a JSON path and a range. */
import { getNodeValue } from 'jsonc-parser';
import type { SpecContext, SpecDiagnostic } from './diagnostics';
import { readSpecInto } from './parse';
import { Reporter } from './reporter';
import { ResolvedSpec, resolveSpec } from './resolve';
import { checkAgainstData } from './semantic-data';
import { checkLayerRoles, checkOptimizer, checkOutputAndLoss } from './semantic-network';
import { SpecView } from './spec-view';
import type { NetworkSpec } from './types';

function validateInto(text: string, context: SpecContext | undefined, reporter: Reporter): boolean {
  const { syntaxOk } = readSpecInto(text, reporter);
  if (!syntaxOk) return false;
  const view = new SpecView(reporter);
  checkLayerRoles(view);
  checkOutputAndLoss(view);
  checkOptimizer(view);
  checkAgainstData(view, context);
  return true;
}

/** Every problem of the spec text; with a context, also against the data's shape and files. Never throws. */
export function validateSpec(text: string, context?: SpecContext): SpecDiagnostic[] {
  const reporter = new Reporter(text);
  validateInto(text, context, reporter);
  return reporter.finish();
}

export interface CheckedSpec {
  /** The spec with defaults filled, present only when there is no error. */
  spec?: ResolvedSpec;
  diagnostics: SpecDiagnostic[];
}

/** validateSpec, plus the resolved spec when there is no error: what a caller about to train needs. */
export function checkSpec(text: string, context?: SpecContext): CheckedSpec {
  const reporter = new Reporter(text);
  const checked = validateInto(text, context, reporter);
  const diagnostics = reporter.finish();
  if (!checked || !reporter.tree || reporter.errorCount > 0) return { diagnostics };
  return { spec: resolveSpec(getNodeValue(reporter.tree) as NetworkSpec), diagnostics };
}
