/** A minimal event emitter with vscode's Event shape, usable without the vscode module (plain-Node tests). */

export interface Disposable { dispose(): unknown }

/** Same call shape as vscode.Event<T>. */
export type Event<T> = (listener: (e: T) => unknown, thisArgs?: unknown, disposables?: Disposable[]) => Disposable;

export class Emitter<T> {
  private listeners = new Set<(e: T) => unknown>();

  /** Subscribes; the returned Disposable unsubscribes (also pushed to `disposables` when given). */
  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs ? listener.bind(thisArgs) : listener;
    this.listeners.add(bound);
    const subscription = { dispose: () => { this.listeners.delete(bound); } };
    disposables?.push(subscription);
    return subscription;
  };

  /** Calls every listener; one throwing listener does not stop the others. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        console.error('[backprop-lens] event listener failed', error);
      }
    }
  }

  get listenerCount(): number { return this.listeners.size; }

  dispose(): void { this.listeners.clear(); }
}
