/** A uPlot chart that follows its container's width, keeps its data across rebuilds (scale or theme change). */
import uPlot from 'uplot';
import type { ChartTheme } from '../lib/theme';
import { formatLogTick, logAxisSplits, logTickBudget } from '../lib/logAxis';
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

export class LineChart {
  private plot: uPlot | null = null;
  private data: uPlot.AlignedData = [[]];
  private readonly resizeObserver: ResizeObserver | null;

  /** `build` makes the options for a width; the chart is created on the first setData. */
  constructor(private readonly container: HTMLElement, private readonly build: (width: number) => uPlot.Options) {
    this.resizeObserver = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.fitWidth());
    this.resizeObserver?.observe(container);
  }

  /** New data; `rebuild` recreates the chart first (its options changed). */
  setData(data: uPlot.AlignedData, rebuild = false): void {
    this.data = data;
    if (rebuild) this.plot?.destroy();
    if (rebuild || !this.plot) this.plot = new uPlot(this.build(this.width()), data, this.container);
    else this.plot.setData(data);
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

  private width(): number {
    return Math.max(200, this.container.clientWidth || 600);
  }

  private fitWidth(): void {
    if (this.plot && Math.abs(this.plot.width - this.width()) > 2) this.plot.setSize({ width: this.width(), height: this.plot.height });
  }
}
