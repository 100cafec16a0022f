/** What differs between two specs, as "path: from → to" lines (the legend of Compare Runs). */
import { formatPath, type JsonPath } from './diagnostics';

export interface SpecChange {
  /** `layers[1].activation`, or `layers[1–5].activation` for the same change in consecutive array items. */
  path: string;
  /** The value in the first spec, or '—' when absent. */
  from: string;
  to: string;
}

/** Keys that name or document a run without changing what it trains. */
const IGNORED_KEYS = new Set(['$schema', 'name', 'description']);

/** The leaves where `a` and `b` differ (objects by key, arrays by index), consecutive array items with one change merged. */
export function specDiff(a: unknown, b: unknown): SpecChange[] {
  const raw: { path: JsonPath; from: string; to: string }[] = [];
  collect(a, b, [], raw);
  return mergeRuns(raw);
}

/** `layers[1].activation: sigmoid → relu` */
export function formatChange(change: SpecChange): string {
  return `${change.path}: ${change.from} → ${change.to}`;
}

function collect(a: unknown, b: unknown, path: JsonPath, out: { path: JsonPath; from: string; to: string }[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) collect(a[i], b[i], [...path, i], out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.hasOwn(a, k))];
    for (const key of keys) if (!(path.length === 0 && IGNORED_KEYS.has(key))) collect(own(a, key), own(b, key), [...path, key], out);
    return;
  }
  const from = show(a), to = show(b);
  if (from !== to) out.push({ path, from, to });
}

function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Strings bare, absent as '—', anything else as compact JSON. */
function show(v: unknown): string {
  if (v === undefined) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Merges changes that differ only in one array index, with consecutive indices: layers[1..5].activation. */
function mergeRuns(changes: { path: JsonPath; from: string; to: string }[]): SpecChange[] {
  const out: SpecChange[] = [];
  let i = 0;
  while (i < changes.length) {
    let j = i + 1;
    const at = indexPosition(changes[i].path);
    while (at >= 0 && j < changes.length && continues(changes[j - 1], changes[j], at)) j++;
    const path = j - i > 1
      ? formatPath(changes[i].path.slice(0, at)) + `[${changes[i].path[at]}–${changes[j - 1].path[at]}]` + formatPath(['x', ...changes[i].path.slice(at + 1)]).slice(1)
      : formatPath(changes[i].path);
    out.push({ path, from: changes[i].from, to: changes[i].to });
    i = j;
  }
  return out;
}

/** Position of the last numeric index in a path, -1 when none. */
function indexPosition(path: JsonPath): number {
  for (let k = path.length - 1; k >= 0; k--) if (typeof path[k] === 'number') return k;
  return -1;
}

/** `next` is `prev` one index further at position `at`, with the same change. */
function continues(prev: { path: JsonPath; from: string; to: string }, next: { path: JsonPath; from: string; to: string }, at: number): boolean {
  if (prev.from !== next.from || prev.to !== next.to || prev.path.length !== next.path.length) return false;
  return prev.path.every((part, k) => (k === at ? typeof next.path[k] === 'number' && next.path[k] === (part as number) + 1 : next.path[k] === part));
}
