/** The webview's link to its host (PR-extension pattern): postMessage, incoming messages, persisted state. */
import type { FrameStatsMessage, HostToWebview, MonitorPost, StateAckMessage, WebviewToHost } from '../../src/protocol';

export interface WebviewTransport {
  post(message: WebviewToHost | FrameStatsMessage | StateAckMessage): void;
  onMessage(listener: (message: HostToWebview) => void): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** Every HostToWebview type, as a record so the compiler insists on a new type being listed (a missing one is silently dropped). */
const HOST_MESSAGE_TYPES: Record<HostToWebview['type'], true> = {
  fullState: true, started: true, runState: true, progress: true, epoch: true, snapshot: true, codedSnapshot: true, gradcheck: true,
  record: true, recordDelta: true, frame: true, explanation: true, explainRequested: true, compare: true,
};

/** True for objects whose type is one the webview handles (anything else, e.g. from a newer host, is ignored). */
function isHostMessage(data: unknown): data is HostToWebview {
  const type = !!data && typeof data === 'object' ? (data as { type?: unknown }).type : undefined;
  return typeof type === 'string' && Object.hasOwn(HOST_MESSAGE_TYPES, type);
}

/** The host messages inside one post: a batch is unpacked in order, unknown types are dropped. */
function unpackPost(data: unknown): HostToWebview[] {
  const post = data as MonitorPost | null;
  if (post && typeof post === 'object' && post.type === 'batch' && Array.isArray(post.messages)) return post.messages.filter(isHostMessage);
  return isHostMessage(data) ? [data] : [];
}

let api: ReturnType<typeof acquireVsCodeApi> | undefined;

/** The real transport: acquireVsCodeApi() is called once, lazily. */
export function vscodeTransport(): WebviewTransport {
  api ??= acquireVsCodeApi();
  const vscode = api;
  return {
    post: (message) => vscode.postMessage(message),
    onMessage: (listener) => window.addEventListener('message', (event: MessageEvent) => {
      for (const message of unpackPost(event.data)) listener(message);
    }),
    getState: () => vscode.getState(),
    setState: (state) => vscode.setState(state),
  };
}
