/** A uPlot chart that follows its container's width, keeps its data across rebuilds (scale or theme change). */
import uPlot from 'uplot';
import type { ChartTheme } from '../lib/theme';
import { formatLogTick, logAxisSplits, logTickBudget } from '../lib/logAxis';
import { h } from '../lib/dom';
export { chartTheme } from '../lib/theme';

/** A vertical log axis: a tick and a grid line at each labelled decade (lib/logAxis.ts), nothing between. */
export function themedLogAxis(theme: ChartTheme, extra: uPlot.Axis = {}): uPlot.Axis {
  return themedAxis(theme, {
    splits: (u, _axis, min, max) => logAxisSplits(min, max, logTickBudget(u.bbox.height / (devicePixelRatio || 1))),
    values: (_u, splits) => splits.map(formatLogTick),
    filter: (_u, splits) => splits,
    ...extra,
  });
}

/** An axis drawn in the theme's foreground with a light grid. */
export function themedAxis(theme: ChartTheme, extra: uPlot.Axis = {}): uPlot.Axis {
  return { stroke: theme.foreground, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 }, ...extra };
}

/** The chart drawn in each container (tests read what a view plotted). */
const charts = new WeakMap<HTMLElement, LineChart>();

/** The LineChart drawing into `container`, if any. */
export function chartOf(container: HTMLElement): LineChart | undefined {
  return charts.get(container);
}

export class LineChart {
  private plot: uPlot | null = null;
  private data: uPlot.AlignedData = [[]];
  private options: uPlot.Options | null = null;
  private readonly resizeObserver: ResizeObserver | null;
  /** The step slider's cursor: a vertical line at `cursorStep` on the x axis (hidden while null). */
  private cursorStep: number | null = null;
  private readonly cursor = h('div', { class: 'step-cursor', 'aria-hidden': 'true' });

  /** `build` makes the options for a width; the chart is created on the first setData. */
  constructor(private readonly container: HTMLElement, private readonly build: (width: number) => uPlot.Options) {
    this.resizeObserver = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.fitWidth());
    this.resizeObserver?.observe(container);
    this.cursor.hidden = true;
    charts.set(container, this);
  }

  /** What the chart plots: its columns and the options it was built with (null before the first setData). */
  get plotted(): { data: uPlot.AlignedData; options: uPlot.Options | null } {
    return { data: this.data, options: this.options };
  }

  /** New data; `rebuild` recreates the chart first (its options changed). */
  setData(data: uPlot.AlignedData, rebuild = false): void {
    this.data = data;
    if (rebuild) this.plot?.destroy();
    if (rebuild || !this.plot) this.plot = this.create(data);
    else this.plot.setData(data);
  }

  /** Puts the cursor at `step` (the step slider's), or hides it (null). */
  showStep(step: number | null): void {
    this.cursorStep = step;
    if (this.plot) this.placeCursor(this.plot);
  }

  /** Recreates the chart from fresh options (log/linear toggle, theme change), with the same data. */
  rebuild(): void {
    this.setData(this.data, true);
  }

  dispose(): void {
    this.resizeObserver?.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }

  private create(data: uPlot.AlignedData): uPlot {
    const options = (this.options = this.build(this.width()));
    const draw = [...(options.hooks?.draw ?? []), (u: uPlot) => this.placeCursor(u)];
    const plot = new uPlot({ ...options, hooks: { ...options.hooks, draw } }, data, this.container);
    plot.over.append(this.cursor);
    return plot;
  }

  /** The cursor at x = valToPos(step) in the plot area, hidden when there is no step or it lies outside the x range. */
  private placeCursor(plot: uPlot): void {
    const step = this.cursorStep, { min, max } = plot.scales.x ?? {};
    const inside = step !== null && min != null && max != null && step >= min && step <= max;
    this.cursor.hidden = !inside;
    if (!inside) return void delete this.cursor.dataset.step;
    this.cursor.dataset.step = String(step);
    this.cursor.style.left = `${plot.valToPos(step, 'x')}px`;
  }

  private width(): number {
    return Math.max(200, this.container.clientWidth || 600);
  }

  private fitWidth(): void {
    if (this.plot && Math.abs(this.plot.width - this.width()) > 2) this.plot.setSize({ width: this.width(), height: this.plot.height });
  }
}
