import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ReplaySummary } from '../replay';
import { addSummary, buildEngine, runTask, type EngineSpec, type ReplayTask, type TaskResult } from './task';

/** The file a worker thread runs: the CLI bundle registers .build/replay-worker.cjs; absent under ts tests. */
let workerScript: string | undefined;
export const registerWorkerScript = (file: string): void => {
  // A bundle from before worker threads existed has no worker script: replay then runs on one thread.
  if (existsSync(file)) workerScript = file;
};
export const workersAvailable = (): boolean => workerScript !== undefined;
export const defaultWorkers = (): number => (workerScript === undefined ? 1 : availableParallelism());

export interface ParallelReplayOptions {
  readonly spec: EngineSpec;
  readonly tasks: AsyncIterable<ReplayTask> | Iterable<ReplayTask>;
  readonly workers: number;
  /** Receives each task's result in task order, whichever worker finished first. */
  readonly onResult: (result: TaskResult) => void;
  readonly collectEvents: boolean;
}

/**
 * Replays tasks over `workers` threads (1: on this thread). Each worker compiles its own engine and replays whole
 * files; results are released strictly in task order, so the output is byte for byte what one core prints. At
 * most two tasks wait per worker and finished results wait only for an earlier task, so memory stays flat.
 */
export const replayParallel = async (options: ParallelReplayOptions): Promise<ReplaySummary> => {
  const started = performance.now();
  let total: ReplaySummary | undefined;
  const take = (result: TaskResult) => {
    total = addSummary(total, result.summary);
    options.onResult(result);
  };

  if (options.workers <= 1 || workerScript === undefined) {
    const engine = buildEngine(options.spec);
    for await (const task of options.tasks) take(runTask(engine, task, options.collectEvents));
  } else {
    await runOnWorkers(options, workerScript, take);
  }
  const empty: ReplaySummary = { type: 'summary', events: 0, matched: 0, findings: 0, invalid: 0, byCategory: {}, seconds: 0 };
  return { ...(total ?? empty), seconds: Math.round(performance.now() - started) / 1000 };
};

const runOnWorkers = async (options: ParallelReplayOptions, script: string, take: (result: TaskResult) => void): Promise<void> => {
  const perWorker = 2;
  const workers = Array.from({ length: options.workers }, () => new Worker(script, { workerData: { trailguardReplayWorker: options.spec, collectEvents: options.collectEvents } }));
  const load = workers.map(() => 0);
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
    worker.on('message', (result: TaskResult) => {
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
      take(result);
    }
  };
  const waitForSpace = async () => {
    for (;;) {
      if (failure) throw failure;
      drain();
      const free = load.indexOf(Math.min(...load));
      if (load[free]! < perWorker && done.size < workers.length * perWorker * 2) return free;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  try {
    let sent = 0;
    for await (const task of options.tasks) {
      const free = await waitForSpace();
      load[free]!++;
      workers[free]!.postMessage({ ...task, index: sent });
      sent++;
    }
    while (next < sent) {
      if (failure) throw failure;
      drain();
      if (next < sent) await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
};

/** The worker side: build the engine once, then replay each task it is sent. */
export const startReplayWorkerIfAny = (): boolean => {
  if (isMainThread || !parentPort || !(workerData && typeof workerData === 'object' && 'trailguardReplayWorker' in workerData)) return false;
  const { trailguardReplayWorker: spec, collectEvents } = workerData as { trailguardReplayWorker: EngineSpec; collectEvents: boolean };
  const engine = buildEngine(spec);
  const port = parentPort;
  port.on('message', (task: ReplayTask) => port.postMessage(runTask(engine, task, collectEvents)));
  return true;
};
