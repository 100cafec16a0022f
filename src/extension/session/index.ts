/**
 * Training sessions in the extension host: the public API the commands, hovers and the monitor code against.
 *
 * SessionManager (one per extension, created in extension.ts and passed to `registerMonitor(context, sessions)`):
 *   current: RunSession | undefined          the latest run (running, paused or ended); undefined before the first run
 *   onDidChangeSession: Event<RunSession | undefined>   a new run replaced `current`
 *   onDidChangeState: Event<MonitorState>    the current run's state changed (throttled to the monitor update rate)
 *   onWebviewMessage: Event<HostToWebview>   incremental updates of the current run for webviews, already throttled
 *                                            (progress points coalesced, latest snapshot wins); send 'fullState'
 *                                            from getMonitorState() after a webview's 'ready', then forward these
 *   getMonitorState(): MonitorState          the current run's full state, or an idle empty state
 *   train(specUri?): Promise<RunSession | undefined>   start a run (the active *.nn.json editor when no uri)
 *   control(action: ControlAction): Promise<void>      what a webview's { type: 'control' } asks for
 *   setLearningRate(lr: number): void
 *   revealLayer(layer: number): Promise<void>          open the spec with the cursor on layers[layer]
 *
 * RunSession (one per run; owns one worker_threads Worker, started lazily by start()):
 *   runId, specUri, runFolder (set by its first checkpoint while it trains, or its final write), state: RunState | 'idle'
 *   onDidChangeState / onWebviewMessage / getMonitorState()   as above, for this run only
 *   pause(), resume(), step(), stop(), gradientCheck(), setLearningRate(lr)   fire-and-forget; land within ~100 ms
 *   restart(): handled by SessionManager.control('restart') (a new RunSession on the same spec)
 *   ended: Promise<RunOutcome>   resolves once the run finished, stopped or failed (after its files are written)
 *
 *   showSavedRun(state, frames)              Open Run…: the monitor shows a saved run (no worker) until the next run
 *   monitorView                              what the monitor sees: the current run, or the saved run shown
 *
 * Monitor hook-up (src/extension/monitor/index.ts, owned by the monitor): extension.ts calls
 *   `registerMonitor(context: vscode.ExtensionContext, sessions: SessionManager['monitorView']): { show(): unknown }`
 * once at activation (if the module exists). The command backpropLens.openMonitor is registered by the extension
 * (src/extension/commands.ts) and calls `show()`; the monitor must not register that command id itself.
 * Webview 'control' / 'setLearningRate' / 'revealLayer' messages map to sessions.control / setLearningRate / revealLayer.
 *
 * Events follow vscode's Event shape `(listener, thisArgs?, disposables?) => Disposable` but come from a tiny
 * emitter without a vscode import, so the session logic runs in plain-Node unit tests.
 */
export { RunSession, type RunOutcome } from './runSession';
export { SessionManager } from './sessionManager';
