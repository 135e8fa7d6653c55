/**
 * Source maps parsed lately, by location and the exact text they were parsed from: an event page read
 * again (the UI refetches it after each batch of events while it is open, or shows the issue's next
 * event) does not parse and decode the same map again (~150 ms and ~40 MB of heap for the 5.8 MB map
 * of a 1.2 MB bundle, against ~8 ms to compare the text). A map whose text changed is parsed anew.
 * Bounded by the maps' text size; all are dropped once none was used for a while.
 */
import type { SourceMap } from './sourcemap.ts';

const MAX_TEXT_CHARS = 8 * 1024 * 1024;
const IDLE_MS = 2 * 60_000;

interface Entry {
  text: string;
  map: SourceMap;
}

export class ParsedMaps {
  /** In order of use, the least recently used first. */
  readonly #entries = new Map<string, Entry>();
  #chars = 0;
  #idle: NodeJS.Timeout | undefined;
  readonly #maxChars: number;

  constructor(maxChars = MAX_TEXT_CHARS) {
    this.#maxChars = maxChars;
  }

  /** The map parsed from exactly this text at this location, if kept. */
  get(location: string, text: string): SourceMap | undefined {
    const entry = this.#entries.get(location);
    if (!entry || entry.text !== text) return undefined;
    this.#entries.delete(location);
    this.#entries.set(location, entry);
    this.#touch();
    return entry.map;
  }

  set(location: string, text: string, map: SourceMap): void {
    this.#remove(location);
    if (text.length > this.#maxChars) return;
    this.#entries.set(location, { text, map });
    this.#chars += text.length;
    for (const [oldest] of this.#entries) {
      if (this.#chars <= this.#maxChars) break;
      this.#remove(oldest);
    }
    this.#touch();
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
    this.#chars = 0;
  }

  #remove(location: string): void {
    const entry = this.#entries.get(location);
    if (!entry) return;
    this.#entries.delete(location);
    this.#chars -= entry.text.length;
  }

  #touch(): void {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.clear(), IDLE_MS);
    this.#idle.unref();
  }
}

/** The maps of the event API (one process, one cache). */
export const parsedMaps = new ParsedMaps();
