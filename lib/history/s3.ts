import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { fileSkip, folderSkip, type WalkOptions } from './files';
import { parseS3Url, type S3Location } from './s3-location';

export type { S3Location };

/** The SDK's default credential chain and AWS_ENDPOINT_URL; path-style when an endpoint is given (moto, MinIO). */
export const historyS3Client = (): S3Client =>
  new S3Client({
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    followRegionRedirects: true,
    ...(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL ? { forcePathStyle: true } : {}),
  });

/** What a listing leaves out, as a local directory walk does: pruned AWSLogs folders, digests, other names. */
export type ListOptions = Pick<WalkOptions, 'filter' | 'onSkip'>;

/**
 * Object keys under a prefix in name order, walking one level at a time (delimiter `/`) so that the accounts,
 * regions and days the filter excludes (lib/history/filter.ts, the same pruning as on disk) and digest folders are
 * never listed. A generator: a bucket of a million objects is never held.
 */
export async function* listHistoryKeys(client: S3Client, location: S3Location, options: ListOptions = {}): AsyncGenerator<string> {
  // A prefix that ends inside a name (s3://b/AWSLogs/1234) lists as given; a folder prefix may be pruned whole.
  if (location.prefix === '' || location.prefix.endsWith('/')) {
    const skip = location.prefix === '' ? undefined : folderSkip(location.prefix, options.filter);
    if (skip !== undefined) {
      options.onSkip?.(`s3://${location.bucket}/${location.prefix}`, skip);
      return;
    }
  }
  yield* walk(client, location.bucket, location.prefix, options);
}

async function* walk(client: S3Client, bucket: string, prefix: string, options: ListOptions): AsyncGenerator<string> {
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
        const skip = folderSkip(entry.key, options.filter);
        if (skip === undefined) yield* walk(client, bucket, entry.key, options);
        else options.onSkip?.(`s3://${bucket}/${entry.key}`, skip);
      } else if (!entry.key.endsWith('/')) {
        const skip = fileSkip(entry.key.slice(entry.key.lastIndexOf('/') + 1));
        if (skip === undefined) yield entry.key;
        else options.onSkip?.(`s3://${bucket}/${entry.key}`, skip);
      }
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** An object's body as it is stored (gzip or not: the reader tells by the magic bytes, in the worker). */
export const readObjectBytes = async (body: Readable): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(parts);
};

export interface S3Progress {
  readonly listed: number;
  readonly fetched: number;
  readonly bytes: number;
}

/** One object of a history bucket as fetched: its stored bytes, or why it could not be read. */
export interface FetchedObject {
  /** `s3://bucket/key`. */
  readonly name: string;
  readonly bytes?: Buffer;
  readonly error?: string;
}

/**
 * Objects of one bucket fetched `concurrency` at a time and handed on in the order of `keys`. An object that
 * cannot be fetched comes with its error (replay reports it as invalid); the run goes on.
 */
export async function* fetchObjects(
  client: S3Client,
  bucket: string,
  keys: AsyncIterable<string> | Iterable<string>,
  options: { concurrency?: number; onListed?: () => void; onFetched?: (bytes: number) => void } = {},
): AsyncGenerator<FetchedObject> {
  const concurrency = options.concurrency ?? 8;
  const fetch = async (key: string): Promise<FetchedObject> => {
    const name = `s3://${bucket}/${key}`;
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = await readObjectBytes(object.Body as Readable);
      options.onFetched?.(bytes.length);
      return { name, bytes };
    } catch (error) {
      return { name, error: `cannot read object: ${(error as Error).message}` };
    }
  };
  const window: Promise<FetchedObject>[] = [];
  for await (const key of keys) {
    options.onListed?.();
    window.push(fetch(key));
    if (window.length >= concurrency) yield await window.shift()!;
  }
  while (window.length > 0) yield await window.shift()!;
}

/**
 * The objects under an s3:// URL: listed with pruning, fetched `concurrency` at a time, handed on in listing
 * order. An object that cannot be fetched comes with its error (replay reports it as invalid); the run goes on.
 */
export async function* s3Objects(
  client: S3Client,
  url: string,
  options: ListOptions & { concurrency?: number; onProgress?: (progress: S3Progress) => void } = {},
): AsyncGenerator<FetchedObject> {
  const progress = { listed: 0, fetched: 0, bytes: 0 };
  const location = parseS3Url(url);
  yield* fetchObjects(client, location.bucket, listHistoryKeys(client, location, options), {
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    onListed: () => {
      progress.listed++;
    },
    onFetched: (bytes) => {
      progress.fetched++;
      progress.bytes += bytes;
      options.onProgress?.({ ...progress });
    },
  });
}
