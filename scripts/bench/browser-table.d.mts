// Types of what the unit tests import from browser-table.mjs.
export function formatMs(ms: number): string;
interface Column { epochMs: number[]; best: number | null; median: number | null; memoryMB: number | null; cpuMs: number | null; problem: string | null }
export function compareExample(example: string, rows: object[]): {
  example: string; node: Column; browser: Column; ratio: number | null; medianRatio: number | null; cpuRatio: number | null; met: boolean | null; sameKernels: boolean | null;
};
export function browserSection(examples: string[], rows: object[], load: { loadBefore: number; loadAfter: number }): string;
