/** The live-update bus: the core publishes, every connected UI (IPC or SSE) receives. */
import type { LiveEvent } from '../../src-shared/api.ts';

export type LiveListener = (event: LiveEvent) => void;

export class LiveBus {
  readonly #listeners = new Set<LiveListener>();

  publish(event: LiveEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A broken subscriber (a closed socket) must not stop the others.
      }
    }
  }

  subscribe(listener: LiveListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get size(): number {
    return this.#listeners.size;
  }
}
