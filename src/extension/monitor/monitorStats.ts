/**
 * Benchmark counters for the monitor: posts (and their payload bytes) per second, the extension host's event-loop
 * delay (perf_hooks.monitorEventLoopDelay) and the webviews' reported frame rate.
 * With BACKPROP_LENS_BENCH_LOG=<file> set, one JSON line per interval is appended to that file.
 */
import type { ConnectionObserver } from './webviewConnection';
import { wireBytes } from './wireBytes';
import type { FrameStatsMessage, MonitorPost, StateAckMessage } from '../../protocol';

export interface MonitorStatsSample {
  time: string;
  intervalMs: number;
  posts: number;
  postsPerSecond: number;
  /** Float32Array bytes posted (the typed-array payload; JSON fields are not counted). */
  typedArrayBytes: number;
  /** Bytes posted as they travel: each message's JSON text with its typed arrays at their byte length (wireBytes). */
  wireBytes: number;
  /** Bench mode: wireBytes per message type (a batch counted by the messages inside it). */
  wireBytesByType?: Record<string, number>;
  /** Host-thread time spent inside webview.postMessage: total and longest single call, ms. */
  postMs: { total: number; max: number };
  /**
   * Extension-host event-loop delay in ms beyond the 10 ms sampling timer, since the stats were created or last
   * reset with sample({ resetEventLoop: true }) (resetting drops the sample in flight, so it is done only on request).
   */
  eventLoopDelayMs: { mean: number; p50: number; p99: number; max: number; samples: number };
  /** Latest frame rate each bench-mode webview reported (frames per second). */
  webviewFps: number | null;
  webviewLongFrames: number | null;
}

/** Sampling interval of the event-loop delay histogram; each sample is this interval plus the delay. */
export const EVENT_LOOP_RESOLUTION_MS = 10;

/** perf_hooks.monitorEventLoopDelay's histogram (Node); in a browser, none (samples: 0). */
export interface LoopDelayHistogram { enable(): unknown; disable(): unknown; reset(): void; mean: number; max: number; percentile(p: number): number; count?: number }

/** Where bench lines go (BACKPROP_LENS_BENCH_LOG, Node only). */
interface BenchLog { path: string; append(line: string): void }

const NO_HISTOGRAM: LoopDelayHistogram = { enable: () => false, disable: () => false, reset: () => undefined, mean: NaN, max: NaN, percentile: () => NaN, count: 0 };

export class MonitorStats implements ConnectionObserver {
  /** Posts and typed-array bytes since the last sample() call, and since the last bench-log line (kept apart). */
  private readonly sampled = newCounter();
  private readonly logged = newCounter();
  private lastFrames: FrameStatsMessage | null = null;
  /** Totals since activation (not reset by sample()): what integration tests read. */
  readonly totals = { posts: 0, fullStates: 0, acks: 0, lastAck: null as StateAckMessage | null, errors: [] as string[], frames: [] as (FrameStatsMessage & { at: number })[] };
  private timer: ReturnType<typeof setInterval> | null = null;

  /** `histogram` and `benchLog` come from the host platform (src/extension/platform.ts): Node's perf_hooks and fs. */
  constructor(private readonly logError: (message: string) => void, private readonly histogram: LoopDelayHistogram = NO_HISTOGRAM, private readonly benchLog?: BenchLog) {
    this.histogram.enable();
    if (benchLog) this.timer = setInterval(() => this.writeBenchLine(), 2000);
  }

  /** Bench mode: webviews then count frames from load and post frameStats at this interval. */
  get frameStatsIntervalMs(): number { return this.benchLog ? 2000 : 0; }

  posted(message: MonitorPost, syncMs: number): void {
    const bytes = typedArrayBytes(message), wire = wireBytes(message);
    for (const counter of [this.sampled, this.logged]) {
      counter.posts++;
      counter.bytes += bytes;
      counter.wire += wire;
      if (this.benchLog) addBytesByType(counter.byType, message);
      counter.postMs += syncMs;
      counter.postMsMax = Math.max(counter.postMsMax, syncMs);
    }
    this.totals.posts++;
    if (message.type === 'fullState') this.totals.fullStates++;
  }

  frameStats(stats: FrameStatsMessage): void {
    this.lastFrames = stats;
    this.totals.frames = [...this.totals.frames.slice(-99), { ...stats, at: Date.now() }];
  }

  stateAck(ack: StateAckMessage): void {
    this.totals.acks++;
    this.totals.lastAck = ack;
  }

  error(message: string): void {
    this.totals.errors = [...this.totals.errors.slice(-9), message];
    this.logError(message);
  }

  /** Post counters since the previous sample (reset each time); event-loop delay as described on the field. */
  sample(options: { resetEventLoop?: boolean } = {}): MonitorStatsSample {
    return this.read(this.sampled, options.resetEventLoop === true);
  }

  private read(counter: Counter, resetEventLoop: boolean): MonitorStatsSample {
    const now = Date.now();
    const intervalMs = Math.max(1, now - counter.start);
    const h = this.histogram;
    const count = h.count ?? 0; // Node ≥ 17.4; missing from @types/node 20.9
    const delay = (ns: number): number => (Number.isFinite(ns) && count > 0 ? Math.max(0, Math.round(ns / 1e4) / 100 - EVENT_LOOP_RESOLUTION_MS) : 0);
    const result: MonitorStatsSample = {
      time: new Date(now).toISOString(), intervalMs, posts: counter.posts, postsPerSecond: Math.round((counter.posts * 1e4) / intervalMs) / 10,
      typedArrayBytes: counter.bytes, wireBytes: counter.wire, ...(this.benchLog ? { wireBytesByType: counter.byType } : {}), postMs: { total: round2(counter.postMs), max: round2(counter.postMsMax) },
      eventLoopDelayMs: { mean: round2(delay(h.mean)), p50: round2(delay(h.percentile(50))), p99: round2(delay(h.percentile(99))), max: round2(delay(h.max)), samples: count },
      webviewFps: this.lastFrames?.fps ?? null, webviewLongFrames: this.lastFrames?.longFrames ?? null,
    };
    if (resetEventLoop) h.reset();
    Object.assign(counter, newCounter(now));
    return result;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.histogram.disable();
  }

  private writeBenchLine(): void {
    try {
      this.benchLog!.append(`${JSON.stringify(this.read(this.logged, false))}\n`);
    } catch (e) {
      this.logError(`bench log: ${String(e)}`);
    }
  }
}

interface Counter { posts: number; bytes: number; wire: number; byType: Record<string, number>; postMs: number; postMsMax: number; start: number }

function newCounter(start = Date.now()): Counter {
  return { posts: 0, bytes: 0, wire: 0, byType: {}, postMs: 0, postMsMax: 0, start };
}

/** Adds each message's wireBytes under its type (the messages inside a batch one by one). */
function addBytesByType(byType: Record<string, number>, message: MonitorPost): void {
  for (const m of message.type === 'batch' ? message.messages : [message]) byType[m.type] = (byType[m.type] ?? 0) + wireBytes(m);
}

function round2(v: number): number { return Math.round(v * 100) / 100; }

/** Bytes of every Float32Array reachable from a message (depth-limited walk). */
function typedArrayBytes(value: unknown, depth = 0): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (depth > 6 || !value || typeof value !== 'object') return 0;
  let total = 0;
  for (const v of Array.isArray(value) ? value : Object.values(value)) total += typedArrayBytes(v, depth + 1);
  return total;
}
