/** The engine's public surface: pure TypeScript, no vscode, no node:*, no DOM. Callers hand it text and bytes. */
export * from './spec/types';
export { parseSpecText, validateSpec } from './spec';
export type { SpecDiagnostic, SpecContext } from './spec/diagnostics';
export { buildDataset, type ReadDataFile } from './data';
export { DataError, type Dataset, type Split } from './data/dataset';
export { prepareRun, createTrainer, checkGradients, SpecError, type PreparedRun } from './run';
export { gradientCheck, type GradCheckReport, type LayerCheck } from './gradcheck';
export type { TensorCheck, EntryResult, Verdict } from './gradcheck-report';
export { summarizeLayer, firstNonFiniteLayer, decisionBoundary, parametersFinite, networkFromParameters } from './monitoring';
export { toModelJson, parametersFromModelJson, MODEL_FORMAT, type ModelJson } from './model';
export { ReferenceTrainer } from './trainer';
export type { Trainer, LayerSnapshot, LayerParameters, StepResult, Evaluation } from './training-types';
export { Rng } from './rng';
export { explainUnit, ExplainRangeError, type UnitExplanation, type ExplainRequest, type ForwardTerm, type BackwardTerm, type JacobianTerm, type OutputRule, type HiddenRule } from './explain';
export { explainTrainingSample, trainingPosition } from './explain-sample';
