import { UsageError } from '../cli/args';
import type { CliIo } from '../cli/output';
import { historyFiles } from '../history/files';
import type { S3Progress } from '../history/s3';
import { isS3Url, parseS3Url, S3UrlError, type HistoryFilter } from '../history/s3-location';
import type { ReplaySummary } from '../replay';
import type { EngineSpec, ReplayTask, TaskResult } from './task';
import { defaultWorkers, replayParallel, workersAvailable } from './workers';

export interface ParallelReplay {
  /** True when the run must go the asynchronous way: several workers, or objects in S3. */
  readonly async: boolean;
  readonly run: (spec: EngineSpec, onResult: (result: TaskResult) => void, collectEvents: boolean) => Promise<ReplaySummary>;
}

const workersFlag = (value: string | undefined): number => {
  if (value === undefined) return defaultWorkers();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--workers must be a whole number from 1 to 256 (got ${JSON.stringify(value)})`);
  if (n > 1 && !workersAvailable()) throw new UsageError('--workers above 1 needs the built CLI (npx trailguard; npm run build)');
  return n;
};

/**
 * `replay --workers N` and `s3://` arguments: local files first, then each S3 prefix, as tasks spread over worker
 * threads. `filter` prunes S3 listings on the AWSLogs layout (the CLI's --start/--end/--account/--region).
 */
export const parallelReplay = (workersValue: string | undefined, paths: readonly string[], io: CliIo, filter: HistoryFilter = {}): ParallelReplay => {
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
  const local = paths.filter((path) => !isS3Url(path));
  return {
    async: workers > 1 || urls.length > 0,
    run: async (spec, onResult, collectEvents) => {
      let s3: S3Progress = { listed: 0, fetched: 0, bytes: 0 };
      let lastDrawn = 0;
      const line = () => `replay s3: ${s3.listed} objects listed, ${s3.fetched} fetched, ${(s3.bytes / 1e6).toFixed(1)} MB`;
      const draw = () => {
        const now = performance.now();
        if (now - lastDrawn < 500) return;
        lastDrawn = now;
        io.stderr(`\r${line()}`);
      };
      async function* tasks(): AsyncGenerator<ReplayTask> {
        let index = 0;
        for (const file of historyFiles(local)) yield { index: index++, name: file };
        if (urls.length === 0) return;
        // Loaded only now: the SDK costs every other replay (and every worker thread) its start-up time.
        const { historyS3Client, s3Tasks } = await import('../history/s3');
        const client = historyS3Client();
        try {
          for await (const task of s3Tasks(client, urls, filter, { onProgress: (p) => ((s3 = p), io.stderrIsTty && draw()) })) {
            yield { ...task, index: index++ };
          }
        } finally {
          client.destroy();
        }
      }
      try {
        return await replayParallel({ spec, tasks: tasks(), workers, onResult, collectEvents });
      } catch (cause) {
        // Listing failures (no such bucket, no credentials) stop the run: nothing could be read from there.
        if (urls.length > 0 && (cause as { $metadata?: unknown }).$metadata !== undefined) {
          throw new UsageError(`cannot list ${urls.join(', ')}: ${(cause as Error).name}: ${(cause as Error).message}`, { cause });
        }
        throw cause;
      } finally {
        // Always said once at the end, so a log shows what was read from where.
        if (urls.length > 0) io.stderr(`${io.stderrIsTty ? '\r\x1b[K' : ''}${line()}\n`);
      }
    },
  };
};
