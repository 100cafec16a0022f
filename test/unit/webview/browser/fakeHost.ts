/**
 * Stands in for VS Code inside a plain browser page: acquireVsCodeApi() records posts and state, and
 * window.__play(encoded, delayMs) replays a recorded host message stream (Float32Arrays encoded as by persist.ts).
 */
import { decodeValue } from '../../../../media/lib/persist';

interface PreviewWindow extends Window {
  __posts: unknown[];
  __state: unknown;
  __violations: string[];
  __play(encodedMessages: unknown[], delayMs: number): Promise<void>;
  acquireVsCodeApi(): unknown;
}
const w = window as unknown as PreviewWindow;
w.__posts = [];
w.__state = undefined;
w.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
w.acquireVsCodeApi = () => ({
  postMessage: (m: unknown) => { w.__posts.push(m); },
  getState: () => w.__state,
  setState: (s: unknown) => { w.__state = s; },
});
w.__play = async (encodedMessages, delayMs) => {
  for (const encoded of encodedMessages) {
    window.postMessage(decodeValue(encoded), '*');
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
};
