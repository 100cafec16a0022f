/** Gradient check: per-layer verdicts table, worst entries, analytic-vs-numeric scatter, history of checks. */
import type { GradCheckResult, MonitorState } from '../../src/protocol';
import { gradCheckVerdict } from '../../src/engine/check/gradcheck-report';
import { allEntries, entryLabel, gradCheckRows, historyRows, summaryText, symlog, symlogTau, verdictLabel, worstEntries } from '../lib/gradcheck';
import { formatNumber } from '../lib/numberFormat';
import { h, setText } from '../lib/dom';
import { chartTheme } from '../lib/theme';
import { EQUATIONS, tex } from './equations';

export interface GradCheckView { element: HTMLElement; update(state: MonitorState, force: boolean): void }

/** Column names; `name|title` gives a short name with its long form as a tooltip (the table fits a 540 px panel). */
const headRow = (...names: string[]): HTMLElement => h('thead', {}, h('tr', {}, ...names.map((n) => {
  const [name, title] = n.split('|');
  return h('th', title ? { scope: 'col', title } : { scope: 'col' }, name);
})));

const NO_CHECK = 'No gradient check yet: press Grad check, or enable checks each epoch.';

export function createGradCheckView(): GradCheckView {
  const summary = h('div', { id: 'gradcheck-summary', class: 'summary' }, NO_CHECK);
  const body = h('tbody');
  const table = h('table', { id: 'gradcheck-table', class: 'data-table' }, headRow('l|layer', 'Wˡ', 'bˡ', 'δˡ', 'max rel. error', 'median|median relative error', 'noise floor|entries within the rounding noise of centered differences', 'kinks', 'entries'), body);
  const worstBody = h('tbody');
  const worst = h('table', { id: 'gradcheck-worst', class: 'data-table' }, headRow('entry', 'analytic', 'numeric', 'rel. error', 'verdict'), worstBody);
  const scatter = h('canvas', { id: 'gradcheck-scatter', width: 240, height: 240, 'aria-label': 'analytic (x) against numeric (y) gradient entries, signed log axes' });
  const historyBody = h('tbody');
  const history = h('table', { id: 'gradcheck-history', class: 'data-table' }, headRow('step', 'verdict', 'largest rel. error', 'culprit layer'), historyBody);
  let lastChecks: unknown = null;
  const details = h('div', { class: 'gradcheck-details' },
    h('figure', { class: 'table-scroll' }, h('figcaption', {}, 'worst entries'), worst),
    h('figure', {}, h('figcaption', {}, 'analytic vs numeric (signed log axes)'), scatter),
    h('figure', { class: 'table-scroll' }, h('figcaption', {}, 'history'), history));
  details.hidden = true;
  const element = h('div', { class: 'gradcheck-view' }, h('div', { class: 'equation-line' }, tex(EQUATIONS.relError)), summary, h('div', { class: 'table-scroll' }, table), details);

  return {
    element,
    update(state, force) {
      if (!force && state.gradChecks === lastChecks) return;
      lastChecks = state.gradChecks;
      const latest = state.gradChecks[state.gradChecks.length - 1];
      details.hidden = !latest;
      if (!latest) {
        setText(summary, NO_CHECK);
        summary.className = 'summary';
        body.replaceChildren();
        return;
      }
      setText(summary, summaryText(latest));
      summary.className = `summary verdict-${gradCheckVerdict(latest).verdict}`;
      body.replaceChildren(...gradCheckRows(latest).map(rowElement));
      worstBody.replaceChildren(...worstEntries(latest, 8).map((e) => h('tr', {},
        h('td', {}, entryLabel(e)), h('td', {}, formatNumber(e.analytic)), h('td', {}, formatNumber(e.numeric)),
        h('td', { class: `verdict-${e.kink ? 'kink' : e.verdict}` }, formatNumber(e.relError)),
        h('td', { class: `verdict-${e.kink ? 'kink' : e.verdict}`, title: `noise floor ν = ${formatNumber(e.noiseFloor)}` }, e.kink ? 'kink (not judged)' : verdictLabel(e.verdict)))));
      historyBody.replaceChildren(...historyRows(state.gradChecks, 12).map((r) => h('tr', {},
        h('td', {}, String(r.step)), h('td', { class: `verdict-${r.verdict}` }, verdictLabel(r.verdict)),
        h('td', { class: `verdict-${r.verdict}` }, formatNumber(r.worst)), h('td', {}, r.culprit === null ? '' : String(r.culprit)))));
      drawScatter(scatter, latest);
    },
  };
}

function rowElement(row: ReturnType<typeof gradCheckRows>[number]): HTMLElement {
  return h('tr', { 'data-layer': String(row.layer) },
    h('td', {}, String(row.layer)),
    ...row.cells.map((c) => h('td', { class: `verdict-${c.verdict}`, title: c.title }, c.text)),
    h('td', { class: `verdict-${row.verdict}` }, formatNumber(row.maxRelError)),
    h('td', { class: `verdict-${row.verdict}` }, formatNumber(row.medianRelError)),
    h('td', {}, String(row.atNoiseFloor)), h('td', {}, String(row.kinks)), h('td', {}, String(row.checked)));
}

/** Every checked entry as a point (analytic, numeric) on signed-log axes, with the diagonal where they agree. */
function drawScatter(canvas: HTMLCanvasElement, result: GradCheckResult): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const theme = chartTheme();
  const entries = allEntries(result);
  const tau = symlogTau(entries);
  const extent = Math.max(1e-12, ...entries.flatMap((e) => [Math.abs(symlog(e.analytic, tau)), Math.abs(symlog(e.numeric, tau))]));
  const size = canvas.width, pad = 8;
  const toPixel = (v: number): number => pad + ((symlog(v, tau) / extent + 1) / 2) * (size - 2 * pad);
  context.clearRect(0, 0, size, size);
  context.strokeStyle = theme.grid;
  context.beginPath();
  context.moveTo(pad, size - pad); context.lineTo(size - pad, pad);
  context.moveTo(size / 2, pad); context.lineTo(size / 2, size - pad);
  context.moveTo(pad, size / 2); context.lineTo(size - pad, size / 2);
  context.stroke();
  const colours = { W: theme.series[0], b: theme.series[2], δ: theme.series[3] };
  for (const e of entries) {
    const bad = e.verdict === 'fail' && !e.kink;
    context.fillStyle = bad ? theme.series[4] : colours[e.tensor];
    context.fillRect(toPixel(e.analytic) - 2, size - toPixel(e.numeric) - 2, bad ? 5 : 3, bad ? 5 : 3);
  }
  canvas.dataset.points = String(entries.length);
}
