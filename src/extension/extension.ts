/** The Node extension host's entry (dist/extension.js): activation on Node's platform (worker_threads, node:fs, node:path). */
import type * as vscode from 'vscode';
import { join } from 'node:path';
import { activateOn, deactivateAll } from './activation';
import { nodeHostPlatform } from './nodeHost';
import type { SessionManager } from './session';

export function activate(context: vscode.ExtensionContext): { sessions: SessionManager } {
  return activateOn(nodeHostPlatform(join(__dirname, 'worker.js')), context);
}

export const deactivate = deactivateAll;
