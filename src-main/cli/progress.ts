/** Progress on stderr for long CLI commands: a redrawn bar on a terminal, a line now and then otherwise. */

const BAR_WIDTH = 30;
const PLAIN_EVERY_MS = 2000;

export interface ProgressLine {
  update(done: number, total: number | null, unit: string): void;
  /** Ends the bar's line (so the next message starts on its own line). */
  finish(): void;
}

export function progressLine(stream: NodeJS.WriteStream = process.stderr, quiet = false): ProgressLine {
  let last = 0;
  let drawn = false;
  return {
    update(done, total, unit) {
      if (quiet) return;
      const now = Date.now();
      const fraction = total ? Math.min(1, done / total) : null;
      const count = `${done.toLocaleString('en-US')}${total !== null ? ` / ${total.toLocaleString('en-US')}` : ''} ${unit}`;
      if (stream.isTTY) {
        const bar =
          fraction === null
            ? ''
            : `[${'#'.repeat(Math.round(fraction * BAR_WIDTH)).padEnd(BAR_WIDTH, ' ')}] ${Math.floor(fraction * 100)}% `;
        stream.write(`\r${bar}${count}\u001b[K`);
        drawn = true;
      } else if (now - last >= PLAIN_EVERY_MS) {
        last = now;
        stream.write(`${fraction === null ? '' : `${Math.floor(fraction * 100)}% `}${count}\n`);
      }
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
