import { STDIN, historyFiles, type WalkOptions } from '../history/files';
import type { S3Progress } from '../history/s3';
import { isS3Url, parseS3Url, S3UrlError } from '../history/s3-location';
import type { EngineSpec, ReplayTask, TaskResult } from '../replay/task';
import { defaultWorkers, replayParallel, workersAvailable } from '../replay/workers';
import type { RuleRegistry } from '../rule-registry';
import { UsageError } from './args';
import type { CliIo } from './output';

export interface ParallelReplay {
  /** True when the run must go the task way: several workers, or objects in S3. */
  readonly tasks: boolean;
  /** Replays every input as tasks; `walk` counts what the walk and the listings leave out. */
  readonly run: (spec: EngineSpec, walk: WalkOptions, onResult: (result: TaskResult) => void, collectStage: boolean) => Promise<void>;
}

type S3Reader = typeof import('../history/s3');
/**
 * The S3 reader (and with it the AWS SDK), loaded on first use. The CLI bundle registers its own bundle of it
 * (bin/build.cjs): left inside the CLI's, the SDK was three quarters of what every command read and compiled.
 */
let s3Reader = (): Promise<S3Reader> => import('../history/s3');
export const registerS3Reader = (file: string): void => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  s3Reader = async () => require(file) as S3Reader;
};

const workersFlag = (value: string | undefined): number => {
  if (value === undefined) return defaultWorkers();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--workers must be a whole number from 1 to 256 (got ${JSON.stringify(value)})`);
  if (n > 1 && !workersAvailable()) throw new UsageError('--workers above 1 needs the built CLI (npx trailguard; npm run build)');
  return n;
};

/**
 * `replay --workers N` and `s3://` arguments: every argument in the order given (a local path as walked, `-`,
 * an S3 prefix as listed) becomes tasks spread over worker threads; the walk and the listings prune with the
 * command's --start/--end/--account/--region filter.
 */
export const parallelReplay = (workersValue: string | undefined, paths: readonly string[], io: CliIo, registry: RuleRegistry): ParallelReplay => {
  const workers = workersFlag(workersValue);
  const urls = paths.filter(isS3Url);
  for (const url of urls) {
    try {
      parseS3Url(url);
    } catch (cause) {
      if (cause instanceof S3UrlError) throw new UsageError(cause.message, { cause });
      throw cause;
    }
  }
  return {
    tasks: workers > 1 || urls.length > 0,
    run: async (spec, walk, onResult, collectStage) => {
      let done: S3Progress = { listed: 0, fetched: 0, bytes: 0 };
      let s3 = done;
      let lastDrawn = 0;
      const line = () => `replay s3: ${s3.listed} objects listed, ${s3.fetched} fetched, ${(s3.bytes / 1e6).toFixed(1)} MB`;
      const draw = () => {
        const now = performance.now();
        if (now - lastDrawn < 500) return;
        lastDrawn = now;
        io.stderr(`\r${line()}`);
      };
      let client: import('@aws-sdk/client-s3').S3Client | undefined;
      async function* tasks(): AsyncGenerator<ReplayTask> {
        for (const path of paths) {
          if (!isS3Url(path)) {
            // The walk reports an unreadable path through a callback: queue it, so it keeps its place in the order.
            const unreadable: ReplayTask[] = [];
            const files = historyFiles([path], {
              ...walk,
              onUnreadable: (name, message) => unreadable.push({ index: 0, name, unreadable: message }),
            });
            for (const file of files) {
              yield* unreadable.splice(0);
              yield file === STDIN ? { index: 0, name: 'stdin', stdin: true } : { index: 0, name: file };
            }
            yield* unreadable.splice(0);
            continue;
          }
          // Loaded only now: the SDK costs every other replay (and every worker thread) its start-up time.
          const { historyS3Client, s3Objects } = await s3Reader();
          client ??= historyS3Client();
          const before = done;
          const objects = s3Objects(client, path, {
            ...walk,
            onProgress: (p) => {
              s3 = { listed: before.listed + p.listed, fetched: before.fetched + p.fetched, bytes: before.bytes + p.bytes };
              if (io.stderrIsTty) draw();
            },
          });
          for await (const object of objects) yield { index: 0, ...object };
          done = s3;
        }
      }
      try {
        await replayParallel({ registry, spec, tasks: tasks(), workers, onResult, collectStage, ...(io.stdin ? { stdin: io.stdin } : {}) });
      } catch (cause) {
        // Listing failures (no such bucket, no credentials) stop the run: nothing could be read from there.
        if (urls.length > 0 && (cause as { $metadata?: unknown }).$metadata !== undefined) {
          throw new UsageError(`cannot list ${urls.join(', ')}: ${(cause as Error).name}: ${(cause as Error).message}`, { cause });
        }
        throw cause;
      } finally {
        client?.destroy();
        // Always said once at the end, so a log shows what was read from where.
        if (urls.length > 0) io.stderr(`${io.stderrIsTty ? '\r\x1b[K' : ''}${line()}\n`);
      }
    },
  };
};
