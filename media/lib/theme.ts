/** Chart colours read from the VS Code theme's CSS variables. */
import { cssVariable } from './dom';

export interface ChartTheme { foreground: string; grid: string; series: string[] }

/** Colours from the VS Code theme (charts-* variables exist in every theme, high contrast included). */
export function chartTheme(): ChartTheme {
  return {
    foreground: cssVariable('--vscode-foreground', '#ccc'),
    grid: cssVariable('--vscode-editorWidget-border', cssVariable('--vscode-panel-border', '#8884')),
    series: [
      cssVariable('--vscode-charts-blue', '#3794ff'), cssVariable('--vscode-charts-orange', '#d18616'),
      cssVariable('--vscode-charts-green', '#89d185'), cssVariable('--vscode-charts-purple', '#b180d7'),
      cssVariable('--vscode-charts-red', '#f14c4c'), cssVariable('--vscode-charts-yellow', '#cca700'),
    ],
  };
}
