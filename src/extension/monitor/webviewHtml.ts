/** The HTML shell of a monitor webview: strict CSP with a nonce, one stylesheet, one script, an empty root. */
import type * as vscode from 'vscode';

/** The bundles live in dist/media; webviews may load nothing else. */
export function mediaRoot(extensionUri: vscode.Uri, joinPath: typeof vscode.Uri.joinPath): vscode.Uri {
  return joinPath(extensionUri, 'dist', 'media');
}

export interface ShellOptions {
  /** 'monitor', 'sidebar' or 'compare': dist/media/<entry>.js and .css. */
  entry: 'monitor' | 'sidebar' | 'compare';
  title: string;
  scriptUri: string;
  styleUri: string;
  cspSource: string;
  /** > 0: the webview counts frames from load and posts frameStats at this interval (benchmark mode). */
  frameStatsMs?: number;
  nonce?: string;
}

/** Web Crypto: a global in Node ≥ 19 and in browsers (not declared by @types/node 20.9). */
declare const crypto: { getRandomValues<T extends Uint8Array>(bytes: T): T };

/** A fresh nonce from the CSPRNG (never Math.random). */
function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * CSP: nothing by default; styles and fonts (KaTeX) from the bundle folder; canvas images as data:/blob:;
 * scripts only with the nonce. No 'unsafe-inline' and no 'unsafe-eval' anywhere.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function webviewHtml(o: ShellOptions): string {
  const nonce = o.nonce ?? createNonce();
  const bench = o.frameStatsMs && o.frameStatsMs > 0 ? ` data-frame-stats-ms="${Math.round(o.frameStatsMs)}"` : '';
  return /* html */ `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(o.cspSource, nonce)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeAttribute(o.styleUri)}">
  <title>${escapeText(o.title)}</title>
</head>
<body data-entry="${o.entry}"${bench}>
  <div id="root"></div>
  <script nonce="${nonce}" src="${escapeAttribute(o.scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
