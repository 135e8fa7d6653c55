/**
 * The prepare threads run below the priority of the threads on the ack path (HTTP on the main
 * thread, the queue writer), so that grouping never delays a 200 on a busy machine; the pipeline
 * worker, which holds SQLite's write lock that ingest waits for, keeps the normal priority.
 * Per-thread nice values exist on Linux only; elsewhere these tests skip, saying so.
 */
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { defaultPrepareThreads } from '../../../src-main/core/pipeline/prepare-pool.ts';
import { currentThreadId, pipelineNice } from '../../../src-main/core/pipeline/thread-priority.ts';
import { startCore } from '../../support/core.ts';

const SAMPLE = new URL(
  '../../../resources/sample-envelopes/node-v11-event-exception.envelope',
  import.meta.url,
);
const linux = process.platform === 'linux';
/** The nice value this test runs at (0 unless it was started niced); threads start with it. */
const base = linux ? os.getPriority(Number(fs.readlinkSync('/proc/thread-self').split('/').pop())) : 0;
const lowered = (nice: number) => Math.max(base, nice);
if (!linux) console.log(`thread priority tests skipped: ${process.platform} has no per-thread nice value`);

interface Task {
  tid: number;
  name: string;
  nice: number;
}

/** Every thread of this process, with its name and nice value, from /proc. */
function tasks(): Task[] {
  return fs.readdirSync('/proc/self/task').flatMap((entry) => {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${entry}/stat`, 'utf8');
      // Fields after "(comm) ": state is field 3, nice field 19.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = fs.readFileSync(`/proc/self/task/${entry}/comm`, 'utf8').trim();
      return [{ tid: Number(entry), name, nice: Number(fields[16]) }];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
}

describe.runIf(linux)('thread priority', () => {
  it('lowers the calling thread only, and threads it starts inherit the lower priority', async () => {
    const moduleUrl = new URL('../../../src-main/core/pipeline/thread-priority.ts', import.meta.url).href;
    const code = `
      const { parentPort, Worker } = require('node:worker_threads');
      import(${JSON.stringify(moduleUrl)}).then((m) => {
        const nice = m.lowerThreadPriority(7);
        const child = new Worker(
          "const { parentPort } = require('node:worker_threads');" +
          "const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());" +
          "parentPort.postMessage({ tid, nice: require('node:os').getPriority(tid) });",
          { eval: true },
        );
        child.once('message', (inner) => parentPort.postMessage({ tid: m.currentThreadId(), nice, inner }));
      });`;
    const worker = new Worker(code, { eval: true });
    const reply = await new Promise<{ tid: number; nice: number; inner: { tid: number; nice: number } }>(
      (resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      },
    );
    await worker.terminate();
    const self = currentThreadId();
    expect(self).toBeDefined();
    expect(reply.tid).not.toBe(self);
    expect(reply.nice).toBe(lowered(7));
    expect(reply.inner.tid).not.toBe(reply.tid);
    expect(reply.inner.nice).toBe(lowered(7));
    // This thread kept its priority.
    expect(os.getPriority(self)).toBe(base);
  });

  it('never raises a priority already lower', async () => {
    const code = `
      const { parentPort } = require('node:worker_threads');
      import(${JSON.stringify(new URL('../../../src-main/core/pipeline/thread-priority.ts', import.meta.url).href)}).then((m) => {
        m.lowerThreadPriority(12);
        parentPort.postMessage(m.lowerThreadPriority(5));
      });`;
    const worker = new Worker(code, { eval: true });
    const nice = await new Promise((resolve) => worker.once('message', resolve));
    await worker.terminate();
    expect(nice).toBe(lowered(12));
  });

  describe('in a running core', () => {
    let core: Core | undefined;
    afterAll(() => core?.close());

    it('runs the prepare threads at nice 10 (FAULTLINE_PIPELINE_NICE); the pipeline worker and the ack path unchanged', async () => {
      const before = new Set(tasks().map((task) => task.tid));
      core = await startCore();
      // One event through ingest (which starts the queue writer) and the pipeline.
      const key = core.ctx.projects.list()[0]?.keys[0]?.publicKey;
      const response = await fetch(`${core.url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`, {
        method: 'POST',
        body: new Uint8Array(fs.readFileSync(SAMPLE)),
      });
      expect(response.status).toBe(200);
      await core.ctx.pipeline.call('pipeline.drain', {});
      expect(core.ctx.db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
      const started = tasks().filter((task) => !before.has(task.tid));
      const named = (name: string) => started.filter((task) => task.name.startsWith(name));
      const pipeline = named('fl-pipeline');
      expect(pipeline).toHaveLength(1);
      expect(pipeline[0]?.nice).toBe(base);
      const prepare = named('fl-prepare-');
      expect(prepare).toHaveLength(defaultPrepareThreads());
      for (const thread of prepare) expect(thread.nice).toBe(lowered(pipelineNice()));
      // The queue writer commits what ingest acknowledges: it keeps the normal priority.
      const writer = named('fl-queue-writer');
      expect(writer).toHaveLength(1);
      expect(writer[0]?.nice).toBe(base);
      expect(os.getPriority(currentThreadId())).toBe(base);
    });
  });
});
