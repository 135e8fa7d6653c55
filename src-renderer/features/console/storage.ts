/** The console's query history, kept in this browser's localStorage (most recent first). */
const KEY = 'faultline.snql.history';
const MAX = 50;

export interface HistoryEntry {
  query: string;
  at: string;
  ok: boolean;
}

export function readHistory(): HistoryEntry[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as HistoryEntry[]) : [];
  } catch {
    return [];
  }
}

export function pushHistory(entry: HistoryEntry): HistoryEntry[] {
  const next = [entry, ...readHistory().filter((e) => e.query !== entry.query)].slice(0, MAX);
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // A full or disabled storage only loses history.
  }
  return next;
}
