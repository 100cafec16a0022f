/**
 * A fallback for file watchers, which can miss a change (a watcher restarted after an error, a remote or network file
 * system): the files' modification time and size, compared each poll. No vscode import: unit-tested in plain Node.
 */

/** A file's modification time and size ("missing" when it cannot be read), or undefined while not yet known. */
export type Stamp = string;

/** Reads one file's stamp. */
export type StampReader = (key: string) => Promise<Stamp>;

export class FileStamps {
  private readonly stamps = new Map<string, Stamp | undefined>();

  constructor(private readonly read: StampReader) {}

  /** Starts tracking `key` (its first stamp is the baseline: no change is reported for it). */
  track(key: string): void {
    if (this.stamps.has(key)) return;
    this.stamps.set(key, undefined);
    void this.read(key).then((stamp) => { if (this.stamps.has(key) && this.stamps.get(key) === undefined) this.stamps.set(key, stamp); });
  }

  untrack(key: string): void { this.stamps.delete(key); }

  /** The tracked keys whose stamp differs from the last one seen (each change reported once). */
  async changed(): Promise<string[]> {
    const keys = [...this.stamps.keys()];
    const now = await Promise.all(keys.map((key) => this.read(key)));
    return keys.filter((key, i) => {
      if (!this.stamps.has(key)) return false;
      const before = this.stamps.get(key);
      this.stamps.set(key, now[i]);
      return before !== undefined && before !== now[i];
    });
  }
}
