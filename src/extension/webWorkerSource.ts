/**
 * The browser build's training worker (src/worker/worker.web.ts bundled): scripts/build.mjs replaces this file's
 * content with the bundle's text when it builds dist/web/extension.js. Empty anywhere else (Node, unit tests).
 */
export const WEB_WORKER_SOURCE = '';
