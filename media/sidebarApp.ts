/** The compact side view: current run, loss sparkline, ‖δ^l‖ bars per layer, last gradient-check verdict, controls. */
import type { HostToWebview, MonitorState } from '../src/protocol';
import type { WebviewTransport } from './lib/transport';
import { emptyMonitorState } from './lib/state';
import { linkToHost } from './lib/hostLink';
import { decodeView, defaultUiState, encodeView } from './lib/persist';
import { decimate } from './lib/series';
import { formatNumber } from './lib/numberFormat';
import { normSpread } from '../src/engine/monitor/health';
import { h, setText } from './lib/dom';
import { throttled } from './lib/throttle';
import { createControls } from './views/controls';
import { updateFindings } from './views/healthFindings';
import { summaryText } from './lib/gradcheck';
import { chartTheme } from './lib/theme';

export interface SidebarApp { readonly state: MonitorState; receive(message: HostToWebview): void; flush(): void }

export function createSidebarApp(root: HTMLElement, transport: WebviewTransport, scheduleFrame: (cb: () => void) => void = (cb) => requestAnimationFrame(cb)): SidebarApp {
  const controls = createControls(transport, 'sidebar-');
  const sparkline = h('canvas', { id: 'sidebar-sparkline', class: 'sparkline', width: 240, height: 48, 'aria-label': 'training loss' });
  const lossText = h('div', { id: 'sidebar-loss', class: 'meta' });
  const bars = h('div', { id: 'sidebar-norm-bars', class: 'norm-bars' });
  const warning = h('div', { id: 'sidebar-norm-warning', class: 'warning' });
  const findings = h('ul', { id: 'sidebar-health-findings', class: 'health-findings' });
  const verdict = h('div', { id: 'sidebar-gradcheck', class: 'summary' }, 'No gradient check yet.');
  const open = h('a', { href: 'command:backpropLens.openMonitor', class: 'open-dashboard' }, 'Open the full training monitor');
  root.replaceChildren(controls.element, h('h3', {}, 'loss'), sparkline, lossText, h('h3', {}, '‖δ‖ per layer'), warning, bars, findings, h('h3', {}, 'gradient check'), verdict, open);

  let drawn = emptyMonitorState();
  const persist = throttled(() => transport.setState(encodeView({ ...drawn, deltaHistory: [], snapshot: null }, defaultUiState())), 1000);

  function draw(state: MonitorState): void {
    drawn = state;
    controls.update(state);
    drawSparkline(sparkline, state);
    const last = state.losses[state.losses.length - 1];
    setText(lossText, last ? `step ${last.step}: loss ${formatNumber(last.loss)}` : '');
    const norms = state.normHistory[state.normHistory.length - 1]?.norms ?? [];
    bars.replaceChildren(...normBars(norms).map((b) => h('div', { class: 'norm-bar', 'data-layer': String(b.layer), title: `‖δ${b.layer}‖ = ${formatNumber(b.norm)}` },
      h('span', { class: 'norm-label' }, `δ${b.layer}`), h('meter', { min: 0, max: 1, value: b.fraction }), h('span', { class: 'meta' }, formatNumber(b.norm)))));
    const spread = normSpread(norms);
    warning.hidden = !spread?.warning;
    setText(warning, spread?.warning ?? '');
    updateFindings(findings, state, transport);
    const check = state.gradChecks[state.gradChecks.length - 1];
    setText(verdict, check ? summaryText(check) : 'No gradient check yet.');
    verdict.className = `summary ${check ? (check.passed ? 'good' : 'bad') : ''}`;
    persist();
  }

  const link = linkToHost(transport, decodeView(transport.getState())?.monitor ?? emptyMonitorState(), scheduleFrame, draw);
  return { get state() { return link.state; }, receive: link.receive, flush: link.render };
}

/** Bar lengths on a log scale spanning 4 decades below the largest norm: fraction = 1 + log10(n / max) / 4, clamped. */
export function normBars(norms: readonly number[]): { layer: number; norm: number; fraction: number }[] {
  const max = Math.max(0, ...norms.filter(Number.isFinite));
  return norms.map((norm, i) => ({
    layer: i + 1, norm,
    fraction: max > 0 && norm > 0 ? Math.max(0, Math.min(1, 1 + Math.log10(norm / max) / 4)) : 0,
  }));
}

function drawSparkline(canvas: HTMLCanvasElement, state: MonitorState): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const points = decimate(state.losses.filter((p) => Number.isFinite(p.loss)), canvas.width);
  context.clearRect(0, 0, canvas.width, canvas.height);
  if (points.length < 2) return;
  const losses = points.map((p) => p.loss);
  const lo = Math.min(...losses), hi = Math.max(...losses);
  const first = points[0].step, span = Math.max(1, points[points.length - 1].step - first);
  context.strokeStyle = chartTheme().series[0];
  context.lineWidth = 1.5;
  context.beginPath();
  points.forEach((p, i) => {
    const x = ((p.step - first) / span) * (canvas.width - 2) + 1;
    const y = canvas.height - 2 - ((p.loss - lo) / Math.max(1e-12, hi - lo)) * (canvas.height - 4);
    if (i === 0) context.moveTo(x, y); else context.lineTo(x, y);
  });
  context.stroke();
}
