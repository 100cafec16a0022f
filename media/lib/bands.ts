/**
 * Lines drawn with their [min, max] band (a record bucket's extremes around its mean), DOM-free: uPlot's columns,
 * series and bands. A one-step spike inside a bucket of thousands of steps moves the mean by spike / n, the band's
 * edge by the whole spike; where a bucket holds one step, min = max = mean and the band is the line.
 */
import type uPlot from 'uplot';
import { parseColour } from './lineColour';
import type { Column } from './series';

/** One line: its mean, min and max per x (null: a gap). */
export interface Banded { mean: Column; min: Column; max: Column }

/** Band fill opacity: the line stays readable over it, a spike's band stands out from an empty plot. */
const BAND_ALPHA = 0.22;

/** A line with no band of its own (a live history: one value per x): min = max = mean. */
export function unbanded(mean: Column): Banded {
  return { mean, min: mean, max: mean };
}

/** uPlot's columns for `lines` on `x`: [x, max₁, min₁, …, maxₙ, minₙ, mean₁, …, meanₙ] (edges first: the lines draw over their bands). */
export function bandedColumns(x: Column, lines: readonly Banded[]): Column[] {
  return [x, ...lines.flatMap((l) => [l.max, l.min]), ...lines.map((l) => l.mean)];
}

/**
 * The series, bands and hooks for `lines` in bandedColumns' order: each line's edges (class 'band-edge': no stroke,
 * no legend row, no hover point) filled between in the line's colour at BAND_ALPHA, shown and hidden with the line
 * (a click on its legend entry); the line's legend value reads "mean (min … max)".
 */
export function bandedSeries(lines: readonly uPlot.Series[], format: (v: number) => string): { series: uPlot.Series[]; bands: uPlot.Band[]; hooks: uPlot.Hooks.Arrays } {
  const edges = lines.flatMap((line): uPlot.Series[] => (['max', 'min'] as const).map((edge) => ({
    label: `${String(line.label ?? '')} ${edge}`, class: 'band-edge', width: 0, points: { show: false },
    ...(line.scale === undefined ? {} : { scale: line.scale }), spanGaps: line.spanGaps === true, // an undefined scale would override uPlot's 'y'
  })));
  const means = lines.map((line, i): uPlot.Series => ({
    ...line,
    value: (u, v, _s, idx) => {
      if (v === null || idx === null) return '–';
      const [max, min] = [u.data[1 + 2 * i][idx], u.data[2 + 2 * i][idx]];
      return max === min || max == null || min == null ? format(v) : `${format(v)} (${format(min)} … ${format(max)})`;
    },
  }));
  const bands = lines.map((line, i): uPlot.Band => ({ series: [1 + 2 * i, 2 + 2 * i], fill: translucent(String(line.stroke ?? ''), BAND_ALPHA) }));
  const n = lines.length;
  const followLine = (u: uPlot, index: number | null): void => {
    const i = index === null ? -1 : index - 1 - 2 * n; // the toggled line, or an edge / the x series (ignored)
    if (i < 0 || i >= n) return;
    const show = u.series[index!].show;
    for (const edge of [1 + 2 * i, 2 + 2 * i]) if (u.series[edge].show !== show) u.setSeries(edge, { show }, false);
  };
  return { series: [...edges, ...means], bands, hooks: { setSeries: [followLine] } };
}

/** `colour` at opacity `alpha` (rgba); a colour that does not parse is returned as is. */
function translucent(colour: string, alpha: number): string {
  const rgba = parseColour(colour);
  return rgba ? `rgba(${rgba[0]}, ${rgba[1]}, ${rgba[2]}, ${alpha})` : colour;
}
