/** Webview input as the host accepts it: every message a webview posts is validated here (never trust webview input). */
import { MONITOR_SECTIONS, type ControlAction, type MonitorSection, type WebviewToHost } from '../../protocol';

const CONTROL_ACTIONS: readonly ControlAction[] = ['pause', 'resume', 'step', 'stop', 'restart', 'gradcheck', 'train'];

/** Validates a message from a webview; returns null for anything malformed (never trust webview input). */
export function parseWebviewMessage(raw: unknown): WebviewToHost | null {
  if (!raw || typeof raw !== 'object') return null;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'control':
      return typeof m.action === 'string' && (CONTROL_ACTIONS as readonly string[]).includes(m.action) ? { type: 'control', action: m.action as ControlAction } : null;
    case 'setLearningRate':
      return typeof m.learningRate === 'number' && Number.isFinite(m.learningRate) && m.learningRate > 0 && m.learningRate <= 10
        ? { type: 'setLearningRate', learningRate: m.learningRate } : null;
    case 'revealLayer':
      return Number.isInteger(m.layer) && (m.layer as number) >= 1 && (m.layer as number) < 10_000 ? { type: 'revealLayer', layer: m.layer as number } : null;
    case 'setWeightGradients':
      return typeof m.enabled === 'boolean' ? { type: 'setWeightGradients', enabled: m.enabled } : null;
    case 'requestFrame':
      return Number.isInteger(m.step) && (m.step as number) >= 0 && (m.step as number) <= Number.MAX_SAFE_INTEGER ? { type: 'requestFrame', step: m.step as number } : null;
    case 'visibleSections':
      return visibleSectionsMessage(m.sections);
    case 'explain':
      return explainMessage(m);
    default:
      return null;
  }
}

/** A webview's 'visibleSections': a list of known sections (each once); null when malformed. */
function visibleSectionsMessage(sections: unknown): WebviewToHost | null {
  if (!Array.isArray(sections) || sections.length > MONITOR_SECTIONS.length) return null;
  if (!sections.every((s) => (MONITOR_SECTIONS as readonly unknown[]).includes(s)) || new Set(sections).size !== sections.length) return null;
  return { type: 'visibleSections', sections: sections as MonitorSection[] };
}

/** A webview's 'explain': layer ≥ 1, unit ≥ 0, a column ≥ 0 or null, an optional input ≥ 0 and finalWeights true; null when malformed. */
function explainMessage(m: Record<string, unknown>): WebviewToHost | null {
  const columnOk = m.column === null || isIndex(m.column, 0), inputOk = m.input === undefined || isIndex(m.input, 0);
  if (!isIndex(m.layer, 1) || !isIndex(m.unit, 0) || !columnOk || !inputOk) return null;
  if (m.finalWeights !== undefined && m.finalWeights !== true) return null;
  const target = { layer: m.layer as number, unit: m.unit as number, column: m.column as number | null };
  return { type: 'explain', ...target, ...(m.input === undefined ? {} : { input: m.input as number }), ...(m.finalWeights ? { finalWeights: true } : {}) };
}

/** An integer in [min, 100 000): a layer, unit or batch column a webview may name. */
function isIndex(value: unknown, min: number): boolean {
  return Number.isInteger(value) && (value as number) >= min && (value as number) < 100_000;
}
