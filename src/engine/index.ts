/** The engine's public surface: pure TypeScript, no vscode, no node:*, no DOM. Callers hand it text and bytes. */
export * from './spec/types';
export { parseSpecText, validateSpec } from './spec';
export type { SpecDiagnostic, SpecContext } from './spec/diagnostics';
export { buildDataset, type ReadDataFile } from './data';
export { DataError, type Dataset, type Split } from './data/dataset';
export { prepareRun, createTrainer, checkGradients, SpecError, type PreparedRun } from './train/run';
export { gradientCheck, type GradCheckReport, type LayerCheck } from './check/gradcheck';
export type { TensorCheck, EntryResult, Verdict } from './check/gradcheck-report';
export { summarizeLayer, firstNonFiniteLayer, decisionBoundary, parametersFinite } from './monitor/layer-summaries';
export { networkFromParameters } from './nn/parameters';
export { toModelJson, parametersFromModelJson, MODEL_FORMAT, type ModelJson } from './model/model';
export { ReferenceTrainer } from './train/trainer';
export type { Trainer, LayerSnapshot, LayerParameters, StepResult, Evaluation } from './train/training-types';
export { Rng } from './nn/rng';
export { explainUnit, ExplainRangeError, type UnitExplanation, type ExplainRequest, type ForwardTerm, type BackwardTerm, type JacobianTerm, type OutputRule, type HiddenRule } from './explain/unit';
export { explainTrainingSample, trainingPosition } from './explain/requests';
