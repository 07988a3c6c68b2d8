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

/** Tasks queued per worker: enough that it keeps busy while this thread replays a task of its own. */
const PER_WORKER = 4;
/**
 * Finished results held for an earlier task at most: enough for this thread to go on while a worker starts with
 * its first task. A result is what one input gave (8 bytes per event and its findings), not the input.
 */
const MAX_WAITING_RESULTS = 256;

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
 * This thread is one of the `workers`: it replays a task itself whenever no ready worker has room in its queue. So
 * it works from the start while the workers start up (a Node environment, their bundle, their engine's patterns:
 * about 300 ms of CPU each, profiled) instead of idling until they answer, and one worker fewer is started.
 */
const runOnWorkers = async (options: ParallelReplayOptions, script: string, here: (task: ReplayTask) => Promise<TaskResult>): Promise<void> => {
  const perWorker = PER_WORKER;
  const workers = Array.from({ length: options.workers - 1 }, () => new Worker(script, { workerData: { trailguardReplayWorker: options.spec, collectStage: options.collectStage } }));
  const load = workers.map(() => 0);
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
      load[i]!--;
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
  const until = async (ready: () => boolean) => {
    for (;;) {
      if (failure) throw failure;
      drain();
      if (ready()) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  try {
    let sent = 0;
    for await (const task of batched(options.tasks, workers.length)) {
      const index = sent++;
      if (task.stdin) {
        // A stream cannot cross threads: stdin is read here, once every earlier input has been released.
        await until(() => next === index);
        options.onResult(await here({ ...task, index }));
        next++;
        continue;
      }
      // Finished results wait only for an earlier task: bounded, so memory stays flat.
      await until(() => done.size < MAX_WAITING_RESULTS);
      let free = -1;
      for (let w = 0; w < workers.length; w++) {
        const room = ready[w] ? load[w]! < perWorker : load[w] === 0 && index < workers.length;
        if (room && (free === -1 || load[w]! < load[free]!)) free = w;
      }
      if (free >= 0) {
        load[free]!++;
        workers[free]!.postMessage({ ...task, index });
        continue;
      }
      done.set(index, await here({ ...task, index }));
      // One turn of the event loop: the workers' finished results come in (and their queues free up) before the
      // next task is placed.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await until(() => next === sent);
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
  const { trailguardReplayWorker: spec, collectStage } = workerData as { trailguardReplayWorker: EngineSpec; collectStage: boolean };
  const engine = buildEngine(spec, registry);
  const filter = buildFilter(spec);
  const port = parentPort;
  port.postMessage(READY);
  let queue = Promise.resolve();
  port.on('message', (task: ReplayTask) => {
    queue = queue.then(async () => port.postMessage(await runTask(engine, task, { ...(filter ? { filter } : {}), collectStage })));
  });
  return true;
};
