/** A per-layer quantity over steps on a log axis, each layer's mean line inside its [min, max] band (‖δ^l‖, update ratio). */
import type uPlot from 'uplot';
import { bandedSeries } from '../lib/bands';
import { formatNumber } from '../lib/numberFormat';
import { chartTheme, themedAxis, themedLogAxis } from './lineChart';

/** Options for `layerCount` banded lines named `name(l)`, the y axis labelled `axisLabel`. */
export function layerBandOptions(width: number, layerCount: number, name: (l: number) => string, axisLabel: string): uPlot.Options {
  const theme = chartTheme();
  const lines = Array.from({ length: layerCount }, (_, k): uPlot.Series => ({ label: name(k + 1), stroke: theme.series[k % theme.series.length], width: 1.5 }));
  const { series, bands, hooks } = bandedSeries(lines, formatNumber);
  return {
    width, height: 180,
    scales: { x: { time: false }, y: { distr: 3 } },
    axes: [themedAxis(theme, { label: 'step' }), themedLogAxis(theme, { label: axisLabel })],
    series: [{ label: 'step' }, ...series],
    bands, hooks,
  };
}
