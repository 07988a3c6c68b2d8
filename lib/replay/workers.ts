import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Engine } from '../engine';
import type { RuleRegistry } from '../rule-registry';
import { buildEngine, buildFilter, runTask, type EngineSpec, type ReplayTask, type TaskResult } from './task';

/** The file a worker thread runs: the CLI bundle registers .build/replay-worker.cjs; absent under ts tests. */
let workerScript: string | undefined;
export const registerWorkerScript = (file: string): void => {
  // A bundle from before worker threads existed has no worker script: replay then runs on one thread.
  if (existsSync(file)) workerScript = file;
};
export const workersAvailable = (): boolean => workerScript !== undefined;
export const defaultWorkers = (): number => (workerScript === undefined ? 1 : availableParallelism());

export interface ParallelReplayOptions {
  /** The rules this thread replays; worker threads bind the same registry in their own bundle (bin/replay-worker.ts). */
  readonly registry: RuleRegistry;
  readonly spec: EngineSpec;
  readonly tasks: AsyncIterable<ReplayTask> | Iterable<ReplayTask>;
  readonly workers: number;
  /** Receives each task's result in task order, whichever worker finished first. */
  readonly onResult: (result: TaskResult) => void;
  readonly collectStage: boolean;
  /** What a `stdin` task reads (default process.stdin); such a task runs on this thread. */
  readonly stdin?: Readable;
}

/**
 * Replays tasks over `workers` threads: this one and `workers - 1` worker threads (1: this thread alone). Each
 * thread compiles its own engine and replays whole files; results are released strictly in task order, so the
 * caller can merge them as one pass would. At most PER_WORKER tasks wait per worker and finished results wait
 * only for an earlier task, so memory stays flat.
 */
export const replayParallel = async (options: ParallelReplayOptions): Promise<void> => {
  let engine: Engine | undefined;
  const filter = buildFilter(options.spec);
  const here = (task: ReplayTask) => runTask((engine ??= buildEngine(options.spec, options.registry)), task, { ...(filter ? { filter } : {}), collectStage: options.collectStage, ...(options.stdin ? { stdin: options.stdin } : {}) });
  if (options.workers <= 1 || workerScript === undefined) {
    for await (const task of options.tasks) options.onResult(await here(task));
    return;
  }
  await runOnWorkers(options, workerScript, here);
};

/** What a worker thread posts once its engine is built, before any result. */
const READY = { ready: true } as const;

/**
 * Tasks queued per worker: enough that it keeps busy while this thread replays one of its own, or is off the CPU
 * a while on a shared machine. A deep queue costs no imbalance at the end: this thread takes back the oldest tasks
 * a worker has not started (see `claims`).
 */
const PER_WORKER = 8;
/**
 * Finished results held for an earlier task at most: enough for this thread to go on while a worker starts with
 * its first task. A result is what one input gave (8 bytes per event and its findings), not the input.
 */
const MAX_WAITING_RESULTS = 256;
/**
 * Claim slots shared with the workers, task index modulo this: more than tasks can be in flight at once (between
 * the oldest unreleased result and the newest task), so a slot is reused only once its task has been released.
 */
const CLAIM_SLOTS = 4096;

/**
 * Task `index` posted to a worker and not yet started holds index + 1 in its slot; whichever thread swaps that for
 * -(index + 1) replays it. A worker swaps before it starts a task; this thread, to take back a task a busy worker
 * has not started. A slot only ever holds values of the task it was last given, so a stale attempt fails.
 */
const claim = (claims: Int32Array, index: number): boolean =>
  Atomics.compareExchange(claims, index % CLAIM_SLOTS, index + 1, -(index + 1)) === index + 1;

/**
 * Consecutive local files go to one task up to this many bytes on disk or BATCH_FILES files: a task costs a
 * message each way, a structured clone of its result, a replay's set-up and an event-loop turn on this thread
 * (about 40 us of CPU altogether), which CloudTrail's many small files (a few KB each) otherwise pay per file. The
 * byte cap keeps a task of large files to one file, so the threads still finish close together.
 */
const BATCH_BYTES = 256 * 1024;
const BATCH_FILES = 32;

/** A local file's size, or Infinity when it cannot be stat'ed (it then goes alone; its reader reports why). */
const sizeOf = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return Infinity;
  }
};

/**
 * The tasks, consecutive plain local files joined into one (ReplayTask.more); the first `alone` go one file each,
 * so every worker thread starts on a single file while this thread goes on with the next ones.
 */
async function* batched(tasks: AsyncIterable<ReplayTask> | Iterable<ReplayTask>, alone: number): AsyncGenerator<ReplayTask> {
  let first: ReplayTask | undefined;
  let more: string[] = [];
  let bytes = 0;
  const close = (): ReplayTask => {
    const task = more.length > 0 ? { ...first!, more } : first!;
    first = undefined;
    more = [];
    return task;
  };
  let seen = 0;
  for await (const task of tasks) {
    const plain = task.bytes === undefined && task.error === undefined && task.unreadable === undefined && !task.stdin;
    if (!plain || seen++ < alone) {
      if (first) yield close();
      yield task;
      continue;
    }
    const size = sizeOf(task.name);
    if (first && bytes + size > BATCH_BYTES) yield close();
    if (first) more.push(task.name);
    else {
      first = task;
      bytes = 0;
    }
    bytes += size;
    if (bytes >= BATCH_BYTES || more.length + 1 >= BATCH_FILES) yield close();
  }
  if (first) yield close();
}

/**
 * This thread is one of the `workers`: it replays a task itself whenever no ready worker has room in its queue,
 * taking back the oldest task a worker has not started if there is one (its result is the next one due), else the
 * new one. So it works from the start while the workers start up (a Node environment, their bundle, their
 * engine's patterns: about 50 ms of CPU each, measured) instead of idling until they answer, one worker fewer is
 * started, and at the end both drain what is left instead of this thread waiting on a worker's queue.
 */
const runOnWorkers = async (options: ParallelReplayOptions, script: string, here: (task: ReplayTask) => Promise<TaskResult>): Promise<void> => {
  const claims = new Int32Array(new SharedArrayBuffer(CLAIM_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const workers = Array.from(
    { length: options.workers - 1 },
    () => new Worker(script, { workerData: { trailguardReplayWorker: options.spec, collectStage: options.collectStage, claims: claims.buffer } }),
  );
  // Per worker, the tasks posted to it that it has not answered and this thread has not taken back, oldest first.
  // An object fetched from S3 is queued here without its bytes (the worker has its own copy): this thread does
  // not hold them twice, and leaves such a task to its worker.
  const queued: { readonly index: number; readonly task?: ReplayTask }[][] = workers.map(() => []);
  // A worker gets one task at once and more once it says its engine is built: a queue on a worker still starting
  // would hold up every later result this thread produces (results are released in order).
  const ready = workers.map(() => false);
  const done = new Map<number, TaskResult>();
  let next = 0;
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  workers.forEach((worker, i) => {
    worker.on('message', (result: TaskResult | typeof READY) => {
      if (!('index' in result)) {
        ready[i] = true;
        signal();
        return;
      }
      const queue = queued[i]!;
      const at = queue.findIndex((task) => task.index === result.index);
      if (at >= 0) queue.splice(at, 1);
      done.set(result.index, result);
      signal();
    });
    worker.on('error', (error) => {
      failure ??= error;
      signal();
    });
    worker.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`replay worker ${i} exited with code ${code}`);
      signal();
    });
  });
  const drain = () => {
    for (let result = done.get(next); result !== undefined; result = done.get(next)) {
      done.delete(next);
      next++;
      options.onResult(result);
    }
  };
  /** The oldest task queued on a worker that no worker has started, now this thread's; undefined when none is. */
  const takeBack = (): ReplayTask | undefined => {
    for (;;) {
      let oldest: { queue: (typeof queued)[number]; at: number } | undefined;
      for (const queue of queued) {
        // Started tasks stay queued until answered: skip to the first whose claim is still open.
        const at = queue.findIndex((entry) => entry.task && Atomics.load(claims, entry.index % CLAIM_SLOTS) === entry.index + 1);
        if (at >= 0 && (!oldest || queue[at]!.index < oldest.queue[oldest.at]!.index)) oldest = { queue, at };
      }
      if (!oldest) return undefined;
      const { index, task } = oldest.queue[oldest.at]!;
      if (!claim(claims, index)) continue; // the worker started it just now: look again
      oldest.queue.splice(oldest.at, 1);
      return task;
    }
  };
  const runHere = async (task: ReplayTask) => {
    done.set(task.index, await here(task));
    // One turn of the event loop: the workers' finished results come in (and their queues free up) before more.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  /** Waits until `ready()`, replaying meanwhile the tasks workers have not started when `help` says so. */
  const until = async (ready: () => boolean, help = false) => {
    for (;;) {
      if (failure) throw failure;
      drain();
      if (ready()) return;
      const task = help ? takeBack() : undefined;
      if (task) await runHere(task);
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  try {
    let sent = 0;
    for await (const task of batched(options.tasks, workers.length)) {
      const index = sent++;
      if (task.stdin) {
        // A stream cannot cross threads: stdin is read here, once every earlier input has been released.
        await until(() => next === index, true);
        options.onResult(await here({ ...task, index }));
        next++;
        continue;
      }
      // Finished results wait only for an earlier task, and tasks in flight fit the claim slots: memory stays flat.
      await until(() => done.size < MAX_WAITING_RESULTS && index - next < CLAIM_SLOTS);
      const room = (w: number) => (ready[w] ? queued[w]!.length < PER_WORKER : queued[w]!.length === 0 && index < workers.length);
      for (;;) {
        let free = -1;
        for (let w = 0; w < workers.length; w++) if (room(w) && (free === -1 || queued[w]!.length < queued[free]!.length)) free = w;
        if (free >= 0) {
          Atomics.store(claims, index % CLAIM_SLOTS, index + 1);
          queued[free]!.push(task.bytes ? { index } : { index, task: { ...task, index } });
          workers[free]!.postMessage({ ...task, index });
          break;
        }
        // No room: this thread replays a worker's oldest unstarted task (its result is due first, and it frees room
        // for the new one), else the new one.
        const taken = takeBack();
        if (!taken) {
          await runHere({ ...task, index });
          break;
        }
        await runHere(taken);
      }
    }
    await until(() => next === sent, true);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
};

/**
 * The worker side: build the engine once over `registry`'s rules, then replay the tasks it is sent one after
 * another. False when this is not a replay worker thread.
 */
export const startReplayWorkerIfAny = (registry: RuleRegistry): boolean => {
  if (isMainThread || !parentPort || !(workerData && typeof workerData === 'object' && 'trailguardReplayWorker' in workerData)) return false;
  const { trailguardReplayWorker: spec, collectStage, claims: shared } = workerData as { trailguardReplayWorker: EngineSpec; collectStage: boolean; claims: SharedArrayBuffer };
  const claims = new Int32Array(shared);
  const engine = buildEngine(spec, registry);
  const filter = buildFilter(spec);
  const port = parentPort;
  port.postMessage(READY);
  let queue = Promise.resolve();
  port.on('message', (task: ReplayTask) => {
    queue = queue.then(async () => {
      // The main thread may have taken it back while it waited here: then it is not this thread's to replay.
      if (claim(claims, task.index)) port.postMessage(await runTask(engine, task, { ...(filter ? { filter } : {}), collectStage }));
    });
  });
  return true;
};
