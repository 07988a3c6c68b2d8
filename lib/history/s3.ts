import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { keepsPrefix, parseS3Url, type HistoryFilter, type S3Location } from './s3-location';
import type { ReplayTask } from '../replay/task';

export type { HistoryFilter, S3Location };

/** The SDK's default credential chain and AWS_ENDPOINT_URL; path-style when an endpoint is given (moto, MinIO). */
export const historyS3Client = (): S3Client =>
  new S3Client({
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    followRegionRedirects: true,
    ...(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL ? { forcePathStyle: true } : {}),
  });

/**
 * Object keys under a prefix in name order, walking one level at a time (delimiter `/`) so that accounts, regions
 * and days the filter excludes are never listed. A generator: a bucket of a million objects is never held.
 */
export async function* listHistoryKeys(client: S3Client, location: S3Location, filter: HistoryFilter = {}): AsyncGenerator<string> {
  // A prefix that ends inside a name (s3://b/AWSLogs/1234) lists as given; below it, one level at a time.
  yield* walk(client, location.bucket, location.prefix, filter);
}

async function* walk(client: S3Client, bucket: string, prefix: string, filter: HistoryFilter): AsyncGenerator<string> {
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }));
    // Keys and sub-prefixes merged in name order, as a local directory walk goes.
    const entries: { key: string; folder: boolean }[] = [
      ...(page.Contents ?? []).map((o) => ({ key: o.Key!, folder: false })),
      ...(page.CommonPrefixes ?? []).map((p) => ({ key: p.Prefix!, folder: true })),
    ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const entry of entries) {
      if (entry.folder) {
        if (keepsPrefix(entry.key.split('/').filter(Boolean), filter)) yield* walk(client, bucket, entry.key, filter);
      } else if (!entry.key.endsWith('/') && keepsPrefix(entry.key.split('/').slice(0, -1), filter)) {
        yield entry.key;
      }
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** An object's body as text, gunzipped while it streams in when it is gzip (by its magic bytes, not its name). */
export const readObjectText = async (body: Readable): Promise<{ text: string; bytes: number }> => {
  const iterator = body[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return { text: '', bytes: 0 };
  const head = Buffer.from(first.value as Uint8Array);
  let bytes = head.length;
  const whole = Readable.from(
    (async function* () {
      yield head;
      for (let chunk = await iterator.next(); !chunk.done; chunk = await iterator.next()) {
        bytes += (chunk.value as Uint8Array).length;
        yield chunk.value as Uint8Array;
      }
    })(),
  );
  const source = head[0] === 0x1f && head[1] === 0x8b ? whole.pipe(createGunzip()) : whole;
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(chunk as Buffer);
  return { text: Buffer.concat(parts).toString('utf8'), bytes };
};

export interface S3Progress {
  readonly listed: number;
  readonly fetched: number;
  readonly bytes: number;
}

/**
 * Replay tasks for the objects under s3:// URLs: listed with pruning, fetched `concurrency` at a time, handed on
 * in listing order. An object that cannot be fetched or gunzipped becomes an invalid entry; the run goes on.
 */
export async function* s3Tasks(
  client: S3Client,
  urls: readonly string[],
  filter: HistoryFilter,
  options: { concurrency?: number; onProgress?: (progress: S3Progress) => void } = {},
): AsyncGenerator<ReplayTask> {
  const concurrency = options.concurrency ?? 8;
  const progress = { listed: 0, fetched: 0, bytes: 0 };
  const fetch = async (bucket: string, key: string): Promise<ReplayTask> => {
    const name = `s3://${bucket}/${key}`;
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const { text, bytes } = await readObjectText(object.Body as Readable);
      progress.fetched++;
      progress.bytes += bytes;
      options.onProgress?.({ ...progress });
      return { index: 0, name, text };
    } catch (error) {
      return { index: 0, name, error: `cannot read object: ${(error as Error).message}` };
    }
  };
  const window: Promise<ReplayTask>[] = [];
  for (const url of urls) {
    const location = parseS3Url(url);
    for await (const key of listHistoryKeys(client, location, filter)) {
      progress.listed++;
      window.push(fetch(location.bucket, key));
      if (window.length >= concurrency) yield await window.shift()!;
    }
  }
  while (window.length > 0) yield await window.shift()!;
}
