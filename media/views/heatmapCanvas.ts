/** A canvas showing one matrix (one pixel per cell, stretched by CSS), its hover read-out and its colour legend. */
import { cellAt, heatmapHeight, paintDiverging, paintSequential, valueAt, type Matrix } from '../lib/heatmap';
import { DIVERGING_BY_THEME, SEQUENTIAL_BY_THEME, divergingLut, divergingTicks, sequentialLut, type ThemeKind } from '../lib/palette';
import { formatNumber } from '../lib/numberFormat';
import { h, putPixels, setText } from '../lib/dom';
import { hideTooltip, showTooltip } from './tooltip';

/** Lookup tables for the current theme. */
export interface Palettes { diverging: Uint8ClampedArray; sequential: Uint8ClampedArray }

export function palettesFor(theme: ThemeKind): Palettes {
  const sequential = SEQUENTIAL_BY_THEME[theme];
  return { diverging: divergingLut(DIVERGING_BY_THEME[theme]), sequential: sequentialLut(sequential.low, sequential.high) };
}

/** How a cell reads in the tooltip. */
export type DescribeCell = (row: number, col: number, value: number) => string;

export class HeatmapCanvas {
  readonly canvas: HTMLCanvasElement;
  private matrix: Matrix = { rows: 0, cols: 0, values: [] };
  /** Keyboard cursor: arrow keys move it, the read-out follows (the same text as hovering). */
  private cursor = { row: 0, col: 0 };
  /** Called with a cell clicked, or chosen with Enter at the keyboard cursor (none: cells are not clickable). */
  private choose: ((row: number, col: number) => void) | null = null;

  constructor(attributes: Record<string, string>, private describe: DescribeCell) {
    this.canvas = h('canvas', { ...attributes, width: 1, height: 1, tabindex: '0', 'aria-describedby': 'tooltip' });
    this.canvas.addEventListener('mousemove', (event) => this.hover(event));
    this.canvas.addEventListener('mouseleave', hideTooltip);
    this.canvas.addEventListener('blur', hideTooltip);
    this.canvas.addEventListener('keydown', (event) => this.key(event));
  }

  /** Makes cells clickable: a click, or Enter at the keyboard cursor, calls `handler(row, col)`. */
  onCellChosen(handler: (row: number, col: number) => void): void {
    this.choose = handler;
    this.canvas.classList.add('clickable');
    this.canvas.addEventListener('click', (event) => {
      const rect = this.canvas.getBoundingClientRect();
      const cell = cellAt(event.clientX - rect.left, event.clientY - rect.top, rect.width, rect.height, this.matrix.cols, this.matrix.rows);
      if (cell) this.choose?.(cell.row, cell.col);
    });
  }

  /** Paints `m` with the diverging palette on [−limit, limit] (kind 'diverging') or sequential on [0, limit]. */
  paint(m: Matrix, limit: number, kind: 'diverging' | 'sequential', palettes: Palettes, describe?: DescribeCell): void {
    this.matrix = m;
    if (describe) this.describe = describe;
    this.canvas.style.height = `${heatmapHeight(m.rows)}px`;
    this.canvas.dataset.rows = String(m.rows);
    this.canvas.dataset.cols = String(m.cols);
    putPixels(this.canvas, m.cols, m.rows, (pixels) =>
      kind === 'diverging' ? paintDiverging(pixels, m, limit, palettes.diverging) : paintSequential(pixels, m, limit, palettes.sequential));
  }

  private key(event: KeyboardEvent): void {
    if (event.key === 'Enter' && this.choose && this.matrix.rows > 0 && this.matrix.cols > 0) {
      event.preventDefault();
      return this.choose(Math.min(this.cursor.row, this.matrix.rows - 1), Math.min(this.cursor.col, this.matrix.cols - 1));
    }
    const move = ARROWS[event.key];
    if (!move || this.matrix.rows === 0 || this.matrix.cols === 0) return;
    event.preventDefault();
    const row = Math.max(0, Math.min(this.matrix.rows - 1, this.cursor.row + move[0]));
    const col = Math.max(0, Math.min(this.matrix.cols - 1, this.cursor.col + move[1]));
    this.cursor = { row, col };
    const rect = this.canvas.getBoundingClientRect();
    const x = rect.left + ((col + 0.5) / this.matrix.cols) * rect.width, y = rect.top + ((row + 0.5) / this.matrix.rows) * rect.height;
    showTooltip(this.describe(row, col, valueAt(this.matrix, row, col)), x, y);
  }

  private hover(event: MouseEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    const cell = cellAt(event.clientX - rect.left, event.clientY - rect.top, rect.width, rect.height, this.matrix.cols, this.matrix.rows);
    if (!cell) return hideTooltip();
    showTooltip(this.describe(cell.row, cell.col, valueAt(this.matrix, cell.row, cell.col)), event.clientX, event.clientY);
  }
}

/** [rows, columns] each arrow key moves the keyboard cursor; Home/End jump to the first/last column. */
const ARROWS: Record<string, [number, number]> = {
  ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Home: [0, -1e9], End: [0, 1e9],
};

/** A colour bar with tick values: −L … 0 … L for diverging scales, 0 … L for sequential ones. */
export class Legend {
  readonly element: HTMLElement;
  private readonly bar: HTMLCanvasElement;
  private readonly ticks: HTMLElement;

  constructor(label: string) {
    this.bar = h('canvas', { class: 'legend-bar', width: 65, height: 1, 'aria-hidden': 'true' });
    this.ticks = h('div', { class: 'legend-ticks' });
    this.element = h('div', { class: 'legend', title: label }, this.bar, this.ticks);
  }

  update(limit: number, kind: 'diverging' | 'sequential', palettes: Palettes): void {
    const lut = kind === 'diverging' ? palettes.diverging : palettes.sequential;
    const width = this.bar.width;
    const steps = lut.length / 4 - 1;
    putPixels(this.bar, width, 1, (pixels) => {
      for (let x = 0; x < width; x++) {
        const k = Math.round((x / (width - 1)) * steps);
        pixels.set(lut.subarray(4 * k, 4 * k + 4), 4 * x);
      }
    });
    const values = kind === 'diverging' ? divergingTicks(limit) : [0, limit];
    const text = values.map(formatNumber);
    if (this.ticks.childElementCount !== text.length) this.ticks.replaceChildren(...text.map(() => h('span')));
    text.forEach((t, i) => setText(this.ticks.children[i], t));
    this.element.dataset.limit = String(limit);
  }
}
