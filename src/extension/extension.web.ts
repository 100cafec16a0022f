/** The browser build's entry (dist/web/extension.js, the manifest's "browser"): activation on the web platform. */
import type * as vscode from 'vscode';
import { activateOn, deactivateAll } from './activation';
import type { SessionManager } from './session';
import { webHostPlatform } from './webHost';
import { WEB_WORKER_SOURCE } from './webWorkerSource';

export function activate(context: vscode.ExtensionContext): { sessions: SessionManager } {
  return activateOn(webHostPlatform(WEB_WORKER_SOURCE), context);
}

export const deactivate = deactivateAll;
