/** Chart colours read from the VS Code theme's CSS variables. */
import { cssVariable } from './dom';
import { readableLineColour } from './lineColour';

export interface ChartTheme { foreground: string; grid: string; series: string[] }

/**
 * Colours from the VS Code theme (charts-* variables exist in every theme, high contrast included). Series colours
 * are made opaque and ≥ 3:1 against the editor background: Light and Dark Modern leave charts.orange at the
 * translucent find-match highlight #ea5c0055, which was hard to see in either.
 */
export function chartTheme(): ChartTheme {
  const foreground = cssVariable('--vscode-foreground', '#ccc');
  const background = cssVariable('--vscode-editor-background', '');
  const series = [
    cssVariable('--vscode-charts-blue', '#3794ff'), cssVariable('--vscode-charts-orange', '#d18616'),
    cssVariable('--vscode-charts-green', '#89d185'), cssVariable('--vscode-charts-purple', '#b180d7'),
    cssVariable('--vscode-charts-red', '#f14c4c'), cssVariable('--vscode-charts-yellow', '#cca700'),
  ];
  return {
    foreground,
    grid: cssVariable('--vscode-editorWidget-border', cssVariable('--vscode-panel-border', '#8884')),
    series: series.map((colour) => readableLineColour(colour, background, foreground)),
  };
}
