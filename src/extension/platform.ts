/**
 * What differs between the Node extension host and the browser's web-worker extension host, chosen once by the entry
 * (extension.ts or extension.web.ts) before anything else runs: the training worker, local-file writes, path arithmetic.
 */
import type * as vscode from 'vscode';
import type { NetworkSpec } from '../engine/spec/types';
import type { PathOps } from '../engine/text/posix-path';
import type { LoopDelayHistogram } from './monitor/monitorStats';
import type { WorkerLike } from './session/runSession';
import type { SpecRunLinks } from './session/specRunLinks';

export interface HostPlatform {
  /** 'web': the browser build; the context key backpropLens.inBrowser hides what a browser cannot do. */
  readonly kind: 'node' | 'web';
  /** A training (or data-probe) worker: worker_threads in Node, a Web Worker from a blob URL in the browser. */
  createWorker(): WorkerLike;
  /** Whether the worker can load the data of a spec at `uri` (Node: local files only; the browser: whatever workspace.fs serves). */
  readsDataOf(uri: vscode.Uri): boolean;
  /** Writes to `file:` URIs that bypass workspace.fs to be crash-safe (fsync, rename over the old file); absent in a browser. */
  localFiles?: {
    writeFileSynced(path: string, bytes: Uint8Array): Promise<void>;
    renameReplacing(from: string, to: string): Promise<void>;
  };
  /** Which spec a run folder belongs to, over the host's paths (fsPath in Node, URI paths in a browser). */
  specRuns: SpecRunLinks;
  /** Path arithmetic over the host's paths (node:path; '/'-paths of URIs in a browser). */
  path: PathOps;
  /** The spec's data paths seen from an export folder. */
  exportDataPaths(spec: NetworkSpec, specPath: string, outDir: string): Record<string, string | null>;
  /** The extension host's event-loop delay for the monitor's bench counters (perf_hooks in Node; absent in a browser). */
  eventLoopDelay?(): LoopDelayHistogram;
  /** BACKPROP_LENS_BENCH_LOG: appends one line to the bench log file (Node only). */
  benchLog?: { path: string; append(line: string): void };
}

let chosen: HostPlatform | undefined;

/** Called once by the entry point, before activation wires anything. */
export function chooseHostPlatform(platform: HostPlatform): void {
  chosen = platform;
}

export function hostPlatform(): HostPlatform {
  if (!chosen) throw new Error('internal: the host platform was not chosen (extension entry)');
  return chosen;
}
