import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Engine } from '../engine';
import { fileSkip, folderSkip } from '../history/files';
import { HistoryFilter } from '../history/filter';
import { readHistoryInput, type HistoryInput } from '../history/read';
import { fetchObjects } from '../history/s3';
import { replay } from '../replay';
import { PartialRecorder } from './partial';
import { partialKey, type WorkerEvent } from './layout';

export interface BatchResult {
  readonly partial: string;
  readonly files: number;
  readonly events: number;
  readonly findings: number;
}

/** A batch the state machine could not have built: said by field, so a wrong deployment shows in the map run. */
const checkEvent = (event: WorkerEvent): void => {
  const input = event?.BatchInput;
  if (!input || typeof input.run !== 'string' || input.run === '') throw new Error('backtest batch: BatchInput.run must be the execution name');
  if (!Number.isInteger(input.index) || input.index < 0) throw new Error('backtest batch: BatchInput.index must be a whole number');
  if (typeof input.bucket !== 'string' || input.bucket === '') throw new Error('backtest batch: BatchInput.bucket must be the CloudTrail bucket');
  if (!Array.isArray(event.Items) || event.Items.some((item) => typeof item?.Key !== 'string')) throw new Error('backtest batch: Items must be S3 listing entries with a Key');
};

/**
 * Replays one batch of CloudTrail objects with `engine` (the stage's, built once per container) and writes what
 * it found to the results bucket as a partial (lib/backtest/partial.ts). An object that cannot be read is an
 * invalid entry naming it, as in a local run; only a failure to write the partial fails the batch.
 */
export const runBatch = async (event: WorkerEvent, deps: { s3: S3Client; engine: Engine; resultsBucket: string }): Promise<BatchResult> => {
  checkEvent(event);
  const { run, index, bucket, spec } = event.BatchInput;
  const filter = spec?.filter ? new HistoryFilter(spec.filter) : undefined;
  const skipped: Record<string, number> = {};
  const keys: string[] = [];
  for (const { Key: key } of event.Items) {
    // A zero-byte "folder" object (consoles make them) is no file.
    if (key.endsWith('/')) continue;
    // A listing prefix above the region level may hold digest files, deep under their folder.
    const digest = /(^|\/)CloudTrail-Digest\//.test(key) ? 'CloudTrail-Digest folder' : undefined;
    const folder = key.slice(0, key.lastIndexOf('/') + 1);
    const skip = digest ?? (folder === '' ? undefined : folderSkip(folder, filter?.active ? filter : undefined)) ?? fileSkip(key.slice(key.lastIndexOf('/') + 1));
    if (skip === undefined) keys.push(key);
    else skipped[skip] = (skipped[skip] ?? 0) + 1;
  }
  const errors = new Map<string, string>();
  async function* inputs(): AsyncGenerator<HistoryInput> {
    // Sixteen GETs in flight: small objects are mostly latency, and parsing one overlaps fetching the next.
    for await (const object of fetchObjects(deps.s3, bucket, keys, { concurrency: 16 })) {
      if (object.error !== undefined) errors.set(object.name, object.error);
      yield { name: object.name, source: object.bytes ?? Buffer.alloc(0) };
    }
  }
  const recorder = new PartialRecorder();
  const summary = await replay({
    engine: deps.engine,
    files: inputs(),
    ...(filter?.active ? { filter } : {}),
    skipped,
    ...recorder.callbacks,
    read: async (input, visitor) => {
      const name = typeof input === 'string' ? input : input.name;
      const error = errors.get(name);
      if (error !== undefined) visitor.invalid(name, error);
      else await readHistoryInput(input, visitor);
    },
  });
  const key = partialKey(run, index, event.Items[0]?.Key ?? 'empty');
  await deps.s3.send(
    new PutObjectCommand({ Bucket: deps.resultsBucket, Key: key, Body: JSON.stringify(recorder.partial(summary)), ContentType: 'application/json' }),
  );
  return { partial: key, files: summary.files, events: summary.events, findings: summary.findings };
};
