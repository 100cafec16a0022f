/** Owns the current run: starts runs and gradient checks, relays the current run's events, maps monitor controls. */
import * as vscode from 'vscode';
import { validateSpec } from '../../engine/spec';
import { pytorchRunCannot, type ControlAction, type ExplainTarget, type ExplanationAnswer, type Frame, type GradCheckResult, type HostToWebview, type MonitorState, type RunOptions } from '../../protocol';
import type { PytorchRunFollower } from '../pytorch/pytorchRunFollower';
import { runOptionsFor } from '../config';
import { fileName, isSpecUri, readSpecText, resolveSpecUri } from '../specFiles';
import { Emitter, type Disposable } from './emitter';
import { FinalWeightsExplainer, finalWeightsOf, type FinalWeights } from './finalWeights';
import { emptyMonitorState } from './monitorState';
import { startPausedCopy, trainedStepsOf } from './pausedCopy';
import { frameAtOrBefore, RunSession, type SessionHost } from './runSession';

/** How long starting a new run waits for the previous one to stop. */
const REPLACE_WAIT_MS = 4000;

export class SessionManager implements vscode.Disposable {
  private _current: RunSession | undefined;
  private currentSubscriptions: Disposable[] = [];
  private readonly checks = new Set<RunSession>();
  private readonly _onDidChangeSession = new Emitter<RunSession | undefined>();
  private readonly _onDidChangeState = new Emitter<MonitorState>();
  private readonly _onWebviewMessage = new Emitter<HostToWebview>();
  readonly onDidChangeSession = this._onDidChangeSession.event;
  readonly onDidChangeState = this._onDidChangeState.event;
  readonly onWebviewMessage = this._onWebviewMessage.event;
  /** A saved run the monitor shows (Open Run…) instead of the current run, until the next run starts. */
  private saved: { state: MonitorState; frames: readonly Frame[]; finalWeights?: FinalWeights } | undefined;
  /** A PyTorch run folder the monitor follows while its script writes it (Watch a PyTorch Run…), until it ends or another run is shown. */
  private followed: { follower: PytorchRunFollower; subscriptions: Disposable[] } | undefined;
  /** Explains an ended or saved run with its final weights (a paused copy of the run). */
  private readonly finalWeights: FinalWeightsExplainer;
  private readonly _onDidChangeMonitorRun = new Emitter<void>();
  /** The run the monitor shows changed (a new run, or a saved run opened): monitors send themselves a full state. */
  readonly onDidChangeMonitorRun = this._onDidChangeMonitorRun.event;

  /** `reportInvalidSpec` shows why a spec cannot train (diagnostics refresh + message). */
  constructor(
    private readonly host: SessionHost,
    private readonly reportInvalidSpec: (uri: vscode.Uri, problems: string[]) => void,
  ) {
    this.finalWeights = new FinalWeightsExplainer(host);
  }

  get current(): RunSession | undefined { return this._current; }

  /** The session a command acts on: the current one while it is active. */
  get active(): RunSession | undefined { return this._current?.isActive ? this._current : undefined; }

  /** The state the monitor shows: the saved run Open Run… opened, else the current run's, else an idle one. */
  getMonitorState(): MonitorState { return this.followed?.follower.state ?? this.saved?.state ?? this._current?.getMonitorState() ?? emptyMonitorState(); }

  /** The PyTorch run the monitor follows while its script runs (Pause, Resume and Stop write its control file). */
  get followedPytorchRun(): PytorchRunFollower | undefined { return this.followed?.follower.isLive ? this.followed.follower : undefined; }

  /** True when the monitor shows a PyTorch run (followed or saved): nothing there has the engine's weights. */
  get showsPytorchRun(): boolean { return this.getMonitorState().info?.source === 'pytorch'; }

  /** Shows a PyTorch run folder live in the monitor; once its script closes the lens it stays as a saved run. */
  followPytorchRun(follower: PytorchRunFollower): void {
    this.stopFollowing();
    this.saved = undefined;
    this.followed = {
      follower,
      subscriptions: [
        follower.onWebviewMessage((message) => this._onWebviewMessage.fire(message)),
        follower.onDidEnd(() => { if (this.followed?.follower === follower) this.showSavedRun(follower.state, follower.frames); }),
      ],
    };
    this._onDidChangeMonitorRun.fire();
  }

  private stopFollowing(): void {
    if (!this.followed) return;
    this.followed.subscriptions.forEach((s) => s.dispose());
    this.followed.follower.dispose();
    this.followed = undefined;
  }

  /**
   * Shows a saved run in the monitor (no worker; frames answer the step slider) until the next run starts;
   * `finalWeights` (its model and spec) lets Explain step a copy of it.
   */
  showSavedRun(state: MonitorState, frames: readonly Frame[], finalWeights?: FinalWeights): void {
    this.stopFollowing();
    this.saved = { state, frames, finalWeights };
    this._onDidChangeMonitorRun.fire();
  }

  /**
   * Finds a run by id in the workspace's run folders and shows it as a saved run (set by the extension: it reads
   * folders); used when a monitor comes back after Reload Window showing a run this host never had.
   */
  runRestorer: ((runId: string, wasLive: boolean) => Promise<void>) | undefined;

  /** A revived monitor showed run `runId`: when the host shows no run, that run is found in its folder and shown whole. */
  restoreRun(runId: string, wasLive: boolean): Promise<void> {
    if (this._current || this.saved || this.followed || !this.runRestorer) return Promise.resolve();
    return this.runRestorer(runId, wasLive);
  }

  /** What the monitor sees: the current run or the saved run shown (registerMonitor takes this). */
  get monitorView() {
    return {
      onWebviewMessage: this.onWebviewMessage,
      onDidChangeSession: this.onDidChangeMonitorRun,
      getMonitorState: () => this.getMonitorState(),
      control: (action: ControlAction) => this.control(action),
      setLearningRate: (learningRate: number) => this.setLearningRate(learningRate),
      revealLayer: (layer: number) => this.revealLayer(layer),
      setWeightGradients: (enabled: boolean) => this.setWeightGradients(enabled),
      requestFrame: (step: number) => this.requestFrame(step),
      explain: (target: ExplainTarget) => this.explain(target),
      restoreRun: (runId: string, wasLive: boolean) => this.restoreRun(runId, wasLive),
    };
  }

  /**
   * Starts a run of the spec (argument, active editor or pick), from a saved model's weights when given (the worker
   * refuses one whose shapes differ from the spec's); undefined when nothing was started.
   */
  async train(specArg?: unknown, extra: Partial<RunOptions> = {}, initialModel?: unknown): Promise<RunSession | undefined> {
    const uri = await resolveSpecUri(specArg);
    if (!uri) return undefined;
    const text = await this.readValidSpec(uri);
    if (text === undefined) return undefined;
    await this.stopActive();
    const session = new RunSession(uri.toString(), uri.fsPath, this.host, 'train');
    this.setCurrent(session);
    this.host.log.info(`starting ${fileName(uri)} (${session.runId})${initialModel === undefined ? '' : ' from a saved model'}`);
    session.start(text, runOptionsFor(uri, extra), initialModel);
    return session;
  }

  /**
   * Gradient check on the active run's current weights (no spec given, or the run's spec); else on the final weights of
   * the current run when it finished or stopped with a model (shown in its monitor); else on the spec at initialisation.
   */
  async gradientCheck(specArg?: unknown): Promise<{ result: GradCheckResult; specUri: vscode.Uri } | undefined> {
    const active = this.active;
    const argUri = specArg instanceof vscode.Uri ? specArg.toString() : typeof specArg === 'string' ? specArg : undefined;
    if (active && (specArg === undefined || argUri === active.specUri)) {
      const pending = active.nextGradientCheck();
      active.gradientCheck();
      return { result: await pending, specUri: vscode.Uri.parse(active.specUri) };
    }
    const uri = await (specArg === undefined ? this.specInFocus() : resolveSpecUri(specArg));
    if (!uri) return undefined;
    const ended = this.endedWithModel(uri);
    if (ended) return { result: await this.checkFinalWeights(ended), specUri: uri };
    const text = await this.readValidSpec(uri);
    if (text === undefined) return undefined;
    return { result: await this.checkInWorker(uri, text), specUri: uri };
  }

  /** The spec a command without argument acts on: the spec in the editor, else the last run's, else one picked. */
  private specInFocus(): Promise<vscode.Uri | undefined> {
    const last = this._current;
    const editing = isSpecUri(vscode.window.activeTextEditor?.document.uri);
    return !editing && last ? Promise.resolve(vscode.Uri.parse(last.specUri)) : resolveSpecUri();
  }

  /** The current run of `uri` when it has ended finished or stopped with its final model. */
  private endedWithModel(uri: vscode.Uri): RunSession | undefined {
    const last = this._current;
    const ended = last && !last.isActive && (last.state === 'finished' || last.state === 'stopped');
    return ended && last.specUri === uri.toString() && last.finalModel !== undefined && last.specText !== undefined ? last : undefined;
  }

  /** Checks an ended run's final weights (its own spec text, its final model) and adds the result to its monitor. */
  private async checkFinalWeights(session: RunSession): Promise<GradCheckResult> {
    const checked = await this.checkInWorker(vscode.Uri.parse(session.specUri), session.specText!, session.finalModel);
    const result = { ...checked, step: trainedStepsOf(session.finalModel) ?? checked.step };
    session.addFinalGradientCheck(result);
    return result;
  }

  /** A gradient check in a paused worker of its own: the spec's network at initialisation, or `model`'s weights. */
  private async checkInWorker(uri: vscode.Uri, text: string, model?: unknown): Promise<GradCheckResult> {
    const check = startPausedCopy(this.host, { specUri: uri.toString(), specPath: uri.fsPath, specText: text }, runOptionsFor(uri), model);
    this.checks.add(check);
    try {
      const pending = check.nextGradientCheck();
      check.gradientCheck();
      return await pending;
    } finally {
      check.stop();
      void check.ended.then(() => { this.checks.delete(check); check.dispose(); });
    }
  }

  async control(action: ControlAction): Promise<void> {
    if (this.showsPytorchRun) return this.controlPytorchRun(action);
    const session = this.active;
    switch (action) {
      case 'pause': return session?.pause();
      case 'resume': return session?.resume();
      case 'step': return session?.step();
      case 'stop': return session?.stop();
      case 'gradcheck': { // the monitor's button: the run it shows (live, or its final weights once ended)
        const shown = this._current ? vscode.Uri.parse(this._current.specUri) : undefined;
        return void (await vscode.commands.executeCommand('backpropLens.gradientCheck', shown));
      }
      case 'train': return void (await this.train());
      case 'restart': {
        const last = this._current; // the same spec, seed and starting weights (a saved model's, when it started from one)
        return void (last ? await this.train(vscode.Uri.parse(last.specUri), {}, last.initialModel) : await this.train());
      }
    }
  }

  /** The monitor's buttons on a PyTorch run: Pause, Resume, Stop reach its script; the rest need the engine's weights. */
  private async controlPytorchRun(action: ControlAction): Promise<void> {
    if (action === 'gradcheck') return void vscode.window.showInformationMessage(pytorchRunCannot('the gradient check'));
    if (action === 'train') return void (await this.train());
    await this.followedPytorchRun?.control(action);
  }

  setLearningRate(learningRate: number): void { if (!this.followed) this.active?.setLearningRate(learningRate); }

  setWeightGradients(enabled: boolean): void { if (!this.followed) this.active?.setWeightGradients(enabled); }

  /** The δ frame nearest at or before `step` of the current run (from its worker while it lives, else kept frames). */
  requestFrame(step: number): Promise<Frame | null> {
    if (this.followed) return Promise.resolve(this.followed.follower.requestFrame(step));
    if (this.saved) return Promise.resolve(frameAtOrBefore(this.saved.frames, step));
    return this._current?.requestFrame(step) ?? Promise.resolve(null);
  }

  /**
   * Explains one unit for one column of the current run's last mini-batch (a sentence when there is no run); with
   * `finalWeights`, of the mini-batch a copy of the ended or saved run steps from the weights it ended with.
   */
  explain(target: ExplainTarget): Promise<ExplanationAnswer> {
    if (this.showsPytorchRun) return Promise.resolve({ ...target, step: 0, sample: null, explanation: null, error: pytorchRunCannot('Explain') });
    if (target.finalWeights) return this.explainWithFinalWeights(target);
    if (this.saved) return Promise.resolve({ ...target, step: 0, sample: null, explanation: null, error: 'A saved run has no worker to explain with: train the spec, pause it and press Step.' });
    return this._current?.explain(target) ?? Promise.resolve({ ...target, step: 0, sample: null, explanation: null, error: 'No run to explain: train a spec, pause it and press Step.' });
  }

  private explainWithFinalWeights(target: ExplainTarget): Promise<ExplanationAnswer> {
    const weights = this.saved ? this.saved.finalWeights : finalWeightsOf(this._current);
    if (!weights) {
      const why = this.saved ? 'This saved run has no model.json or spec.json' : this._current?.isActive ? 'The run is still training' : 'This run ended without a model';
      return Promise.resolve({ ...target, step: 0, sample: null, explanation: null, error: `${why}, so there are no final weights to explain with.` });
    }
    return this.finalWeights.explain(weights, target, runOptionsFor(vscode.Uri.parse(weights.specUri)));
  }

  /** Opens the current run's spec with the cursor on layers[layer]. */
  async revealLayer(layer: number): Promise<void> {
    const session = this._current;
    if (!session || this.showsPytorchRun) return;
    const line = session.getMonitorState().info?.layers[layer - 1]?.specLine ?? 0;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(session.specUri));
    const position = new vscode.Position(line, 0);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
  }

  /** Stops the active run and waits (bounded) for it to end. */
  async stopActive(): Promise<void> {
    const active = this.active;
    if (!active) return;
    active.stop();
    await Promise.race([active.ended, new Promise((resolve) => setTimeout(resolve, REPLACE_WAIT_MS))]);
  }

  /** On deactivation (window reload, exit): stops the active run so its model and metrics are written, then disposes. */
  async shutdown(): Promise<void> {
    await this.stopActive();
    this.dispose();
  }

  dispose(): void {
    this.stopFollowing();
    this.finalWeights.dispose();
    this._current?.dispose();
    for (const check of this.checks) check.dispose();
    this.currentSubscriptions.forEach((s) => s.dispose());
    for (const emitter of [this._onDidChangeSession, this._onDidChangeState, this._onWebviewMessage, this._onDidChangeMonitorRun]) emitter.dispose();
  }

  /** The spec text when it has no errors; otherwise reports them and resolves undefined. */
  private async readValidSpec(uri: vscode.Uri): Promise<string | undefined> {
    let text: string;
    try {
      text = await readSpecText(uri);
    } catch (error) {
      void vscode.window.showErrorMessage(`Cannot read ${fileName(uri)}: ${(error as Error).message}`);
      return undefined;
    }
    const errors = validateSpec(text).filter((d) => d.severity === 'error');
    if (errors.length === 0) return text;
    this.reportInvalidSpec(uri, errors.map((d) => `line ${d.range.start.line + 1}: ${d.message}`));
    return undefined;
  }

  private setCurrent(session: RunSession): void {
    const previous = this._current;
    this.currentSubscriptions.forEach((s) => s.dispose());
    this._current = session;
    this.saved = undefined;
    this.stopFollowing();
    this.finalWeights.dispose();
    this.currentSubscriptions = [
      session.onDidChangeState((state) => this._onDidChangeState.fire(state)),
      session.onWebviewMessage((message) => { if (!this.saved) this._onWebviewMessage.fire(message); }),
    ];
    this._onDidChangeSession.fire(session);
    this._onDidChangeMonitorRun.fire();
    previous?.dispose();
  }
}
