/** Chart line colours that read on the editor background (the DOM-free half of theme.ts). */
import { mix, type Rgb } from './palette';

/** WCAG 2.1 (1.4.11) contrast for graphical objects such as chart lines. */
export const MIN_LINE_CONTRAST = 3;

/** [r, g, b, alpha]: channels 0–255, alpha 0–1. */
export type Rgba = readonly [number, number, number, number];

/** #rgb, #rgba, #rrggbb, #rrggbbaa, rgb() or rgba() (how VS Code writes its --vscode-* colours); null for anything else. */
export function parseColour(text: string): Rgba | null {
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(text.trim())?.[1];
  if (hex) {
    const pairs = hex.length <= 4 ? [...hex].map((d) => d + d) : hex.match(/../g)!;
    const [r, g, b, a = 'ff'] = pairs;
    return [parseInt(r, 16), parseInt(g, 16), parseInt(b, 16), parseInt(a, 16) / 255];
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+))?\s*\)$/i.exec(text.trim());
  return fn ? [Number(fn[1]), Number(fn[2]), Number(fn[3]), fn[4] === undefined ? 1 : Number(fn[4])] : null;
}

/** WCAG relative luminance L = 0.2126 R + 0.7152 G + 0.0722 B of the linearised channels. */
function luminance([r, g, b]: Rgb): number {
  const linear = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio (L_lighter + 0.05) / (L_darker + 0.05), from 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The theme's `colour` as an opaque line (a translucent colour, such as Modern's default charts.orange #ea5c0055,
 * at full strength), moved toward `foreground` in tenths until it contrasts ≥ MIN_LINE_CONTRAST with `background`.
 * A colour that does not parse is returned as is; without a parsable background only the alpha is dropped.
 */
export function readableLineColour(colour: string, background: string, foreground: string): string {
  const parsed = parseColour(colour);
  if (!parsed) return colour;
  const line: Rgb = [parsed[0], parsed[1], parsed[2]];
  const bg = parseColour(background);
  let shown = line;
  if (bg) {
    const fg = parseColour(foreground);
    const towards: Rgb = fg ? [fg[0], fg[1], fg[2]] : luminance([bg[0], bg[1], bg[2]]) > 0.18 ? [0, 0, 0] : [255, 255, 255];
    for (let t = 1; t <= 10 && contrastRatio(shown, [bg[0], bg[1], bg[2]]) < MIN_LINE_CONTRAST; t++) shown = mix(line, towards, t / 10);
  }
  return `rgb(${shown.map(Math.round).join(', ')})`;
}
