import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { readObjectBytes } from '../history/s3';
import { PartialMerger, type Partial } from './partial';
import { partialsPrefix, resultsKey, type MergeEvent, type MergeOutput } from './layout';

/** Keys under a prefix in S3's order (UTF-8 binary, the order partialKey makes listing order). */
async function* keysUnder(s3: S3Client, bucket: string, prefix: string): AsyncGenerator<string> {
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** Merges partial texts (in batch order) into the lines `replay --format ndjson` prints: entries, then the summary. */
export const mergePartials = (partials: Iterable<{ source: string; text: string }>, seconds: number): { lines: string[]; merger: PartialMerger } => {
  const lines: string[] = [];
  const merger = new PartialMerger({
    finding: (finding) => lines.push(JSON.stringify(finding)),
    invalid: (entry) => lines.push(JSON.stringify(entry)),
  });
  for (const { source, text } of partials) {
    let partial: Partial;
    try {
      partial = JSON.parse(text) as Partial;
    } catch (cause) {
      throw new Error(`${source} is not JSON: ${(cause as Error).message}`, { cause });
    }
    merger.add(partial, source);
  }
  lines.push(JSON.stringify(merger.summary(seconds)));
  return { lines, merger };
};

/**
 * The merge step: every partial of the run, in key order, into one results.ndjson in the results bucket. Holds the
 * merged lines in memory (findings, not events: a few hundred bytes each).
 */
export const mergeRun = async (event: MergeEvent, deps: { s3: S3Client; resultsBucket: string; now?: () => number }): Promise<MergeOutput> => {
  if (typeof event?.run !== 'string' || event.run === '') throw new Error('backtest merge: run must be the execution name');
  const texts: { source: string; text: string }[] = [];
  for await (const key of keysUnder(deps.s3, deps.resultsBucket, partialsPrefix(event.run))) {
    const object = await deps.s3.send(new GetObjectCommand({ Bucket: deps.resultsBucket, Key: key }));
    texts.push({ source: `s3://${deps.resultsBucket}/${key}`, text: (await readObjectBytes(object.Body as Readable)).toString('utf8') });
  }
  const started = event.started === undefined ? NaN : Date.parse(event.started);
  const seconds = Number.isNaN(started) ? 0 : Math.max(0, Math.round((deps.now ?? Date.now)() - started) / 1000);
  const { lines, merger } = mergePartials(texts, seconds);
  const key = resultsKey(event.run);
  await deps.s3.send(new PutObjectCommand({ Bucket: deps.resultsBucket, Key: key, Body: `${lines.join('\n')}\n`, ContentType: 'application/x-ndjson' }));
  return { bucket: deps.resultsBucket, key, batches: merger.count, lines: lines.length - 1 };
};
