import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, gunzipSync } from 'node:zlib';
import { normalizeExportedRecord, envelopeProblem, recordProblem, type EventBridgeEnvelope } from '../cloudtrail/envelope';
import { isObject, str, type CloudTrailRecord } from '../cloudtrail/record';
import { JsonValueSplitter, type JsonValueSink } from './json-values';

/**
 * Where an entry came from: `file#3` (index in Records or an array), `file#Events/3` (lookup-events output),
 * `file:12` (line of an NDJSON file) or the file itself (a file holding one event).
 */
export type Position = { readonly kind: 'index' | 'lookup' | 'line' | 'file'; readonly n: number };

export const describePosition = (file: string, kind: Position['kind'], n: number): string =>
  kind === 'file' ? file : kind === 'line' ? `${file}:${n}` : kind === 'lookup' ? `${file}#Events/${n}` : `${file}#${n}`;

/**
 * Receives what a history file holds, one entry at a time, so a caller never keeps a file's records after it
 * is done with them. `n` is the index (Records, Events, array) or 1-based line number, per `kind`.
 */
export interface HistoryVisitor {
  /**
   * Take every EventBridge event as given (source, detail-type and an object detail are all it needs), even a
   * CloudTrail detail-type whose detail is not a routable record: what a pattern tester wants.
   */
  readonly anyEnvelope?: boolean;
  /** A CloudTrail record, already checked to have what routing needs (recordProblem). */
  record(record: CloudTrailRecord, file: string, kind: Position['kind'], n: number): void;
  /** An EventBridge event; a CloudTrail one has a checked record as `detail`. */
  envelope(envelope: EventBridgeEnvelope<unknown>, file: string, kind: Position['kind'], n: number): void;
  invalid(source: string, reason: string, eventId?: string): void;
  /**
   * A CloudTrail Insights record (`eventType` AwsCloudTrailInsight): unusual API-rate activity CloudTrail itself
   * detected. It has no eventSource or eventName of its own (they sit in `insightDetails`), so no rule reads it.
   */
  insight?(record: Record<string, unknown>, file: string, kind: Position['kind'], n: number): void;
  /**
   * An input that holds no events by design, known by its content (a CloudTrail digest file read from stdin or
   * under another name): counted by reason, not reported as invalid. Without it, such an input is `invalid`.
   */
  skip?(source: string, reason: string): void;
}

const isInsight = (value: unknown): value is Record<string, unknown> =>
  isObject(value) && (value.eventType === 'AwsCloudTrailInsight' || (value.eventCategory === 'Insight' && isObject(value.insightDetails)));

/** The skip reason of a digest file known by its content; the same words as a digest known by its name. */
export const DIGEST_CONTENT = 'CloudTrail digest file';

/** Where history comes from: a whole buffer, or a byte stream (a file, stdin, an S3 object body). */
export type HistorySource = Buffer | Readable;

/** Inputs up to this size are parsed as one string (the fastest path); larger ones stream in bounded memory. */
export const WHOLE_LIMIT = 64 * 1024 * 1024;

/**
 * Reads one history file of any supported shape (see README "Inputs"), detected from its content, not its
 * name: gzip by magic bytes; then a CloudTrail log file (`{"Records":[…]}`), `aws cloudtrail lookup-events`
 * output (`{"Events":[{"CloudTrailEvent":"…"}]}`), one EventBridge event or record, a JSON array of either,
 * newline-delimited JSON, or JSON values one after another. Anything unusable is reported through `invalid` and
 * skipped; a stream that breaks off (a truncated .gz) keeps what was read before the break and is reported.
 */
export const readHistory = async (
  name: string,
  source: HistorySource,
  visitor: HistoryVisitor,
  /** Inputs over this many bytes stream; tests lower it to exercise the streaming path on small inputs. */
  wholeLimit = WHOLE_LIMIT,
  /** A stream known to hold more than wholeLimit bytes (a large local file) is split from its first byte. */
  knownLarge = false,
): Promise<void> => {
  try {
    if (Buffer.isBuffer(source)) {
      if (isGzip(source)) {
        let plain: Buffer | undefined;
        try {
          plain = gunzipSync(source, { maxOutputLength: Math.max(1, wholeLimit), chunkSize: inflateChunkSize(source, wholeLimit) });
        } catch {
          // Too large to inflate at once, or damaged: the stream keeps whatever comes before the damage.
        }
        if (plain) readHistoryText(decode(plain), name, visitor);
        else await readStream(Readable.from([source]), name, visitor, wholeLimit);
        return;
      }
      if (source.length <= wholeLimit) readHistoryText(decode(source), name, visitor);
      else await readStream(Readable.from([source]), name, visitor, wholeLimit);
      return;
    }
    await readStream(source, name, visitor, wholeLimit, knownLarge);
  } catch (error) {
    visitor.invalid(name, `cannot read: ${readError(error)}`);
  }
};

/** A local file: small ones are read in one go (the fastest path), large ones streamed. */
export const readHistoryFile = async (file: string, visitor: HistoryVisitor): Promise<void> => {
  let bytes: Buffer | undefined;
  try {
    const { size } = statSync(file);
    if (size <= WHOLE_LIMIT) bytes = readFileSync(file);
  } catch (error) {
    visitor.invalid(file, `cannot read file: ${readError(error)}`);
    return;
  }
  // A file over the limit holds more than that (gzip only grows it): no need to buffer a whole limit to learn so.
  await readHistory(file, bytes ?? createReadStream(file), visitor, WHOLE_LIMIT, bytes === undefined);
};

const isGzip = (bytes: Buffer): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** zlib's default output chunk, and the smallest gzip member (header and trailer). */
const DEFAULT_CHUNK = 16 * 1024;
const GZIP_MIN_BYTES = 18;
/** Deflate's largest compression ratio: no honest trailer states more than this many bytes out per byte in. */
const DEFLATE_MAX_RATIO = 1032;

/**
 * The output chunk gunzipSync fills for this input: the size its gzip trailer states (ISIZE, the last member's
 * length mod 2^32) plus a little, so a file inflates into one buffer instead of 16 KB chunks that zlib copies
 * together at the end (gunzip and decode of the bench history: 525 -> 435 ms of CPU). A damaged or lying trailer
 * only costs more chunks or a buffer bounded by deflate's ratio and the whole-input limit; the output is the same.
 */
export const inflateChunkSize = (gz: Buffer, limit: number): number => {
  if (gz.length < GZIP_MIN_BYTES) return DEFAULT_CHUNK;
  const stated = gz.readUInt32LE(gz.length - 4);
  // The slack keeps the buffer from filling exactly, which would make zlib allocate a second one to learn it is done.
  return Math.max(DEFAULT_CHUNK, Math.min(stated, gz.length * DEFLATE_MAX_RATIO, limit) + 64);
};

const decode = (bytes: Buffer): string => {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};

const readError = (error: unknown): string => {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/.test(message)) return 'truncated gzip data (unexpected end of file)';
  if (code === 'Z_DATA_ERROR') return `corrupt gzip data (${message})`;
  return message;
};

/**
 * A byte stream: gunzipped when it starts with gzip's magic bytes, parsed whole when it ends within WHOLE_LIMIT,
 * else split into values chunk by chunk (JsonValueSplitter), so memory stays bounded whatever the input's size.
 */
const readStream = async (source: Readable, name: string, visitor: HistoryVisitor, wholeLimit: number, knownLarge = false): Promise<void> => {
  const raw = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < 2) {
    const next = await raw.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    head.push(chunk);
    headBytes += chunk.length;
  }
  async function* rest(): AsyncGenerator<Buffer> {
    yield* head;
    if (done) return;
    for (;;) {
      const next = await raw.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  let chunks: AsyncIterable<Buffer> = rest();
  if (isGzip(Buffer.concat(head))) {
    const gunzip = createGunzip();
    const input = Readable.from(rest());
    input.on('error', (error) => gunzip.destroy(error));
    input.pipe(gunzip);
    chunks = gunzip;
  }

  const pending: Buffer[] = [];
  let pendingBytes = 0;
  let splitter: JsonValueSplitter | undefined = knownLarge ? new JsonValueSplitter(valueSink(name, visitor)) : undefined;
  const decoder = new StringDecoder('utf8');
  let first = true;
  const feed = (bytes: Buffer): void => {
    let text = decoder.write(bytes);
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    splitter!.push(text);
  };
  // Chunk by chunk, each let go once fed: the up to WHOLE_LIMIT bytes held so far are not all kept alive beside
  // the text made of them.
  const feedPending = (): void => {
    for (let bytes = pending.shift(); bytes !== undefined; bytes = pending.shift()) feed(bytes);
    pendingBytes = 0;
  };
  try {
    for await (const chunk of chunks) {
      if (splitter) {
        feed(chunk);
        continue;
      }
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes > wholeLimit) {
        splitter = new JsonValueSplitter(valueSink(name, visitor));
        feedPending();
      }
    }
  } catch (error) {
    // Everything before the break is still read (a truncated .gz keeps its first records); then the break is reported.
    if (!splitter) {
      splitter = new JsonValueSplitter(valueSink(name, visitor));
      feedPending();
    }
    splitter.push(decoder.end());
    splitter.end();
    throw error;
  }
  if (!splitter) {
    readHistoryText(decode(Buffer.concat(pending)), name, visitor);
    return;
  }
  splitter.push(decoder.end());
  splitter.end();
};

export const readHistoryText = (raw: string, file: string, visitor: HistoryVisitor): void => {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (firstNonSpace(text) === -1) {
    visitor.invalid(file, 'file is empty');
    return;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // Not one document: newline-delimited, or several values one after another.
    const splitter = new JsonValueSplitter(valueSink(file, visitor));
    splitter.push(text);
    splitter.end();
    return;
  }
  readDocument(document, file, visitor);
};

/**
 * Routes the values of a multi-value input: a single record or event is named by its line (`file:12`); a
 * container by its line too (`file:12#3`), except one starting on line 1 (`file#3`, as for a whole log file).
 */
const valueSink = (file: string, visitor: HistoryVisitor): JsonValueSink => {
  const containerName = (line: number): string => (line === 1 ? file : `${file}:${line}`);
  return {
    value(value, line) {
      if (Array.isArray(value) || (isObject(value) && ('Records' in value || 'Events' in value || 'digestStartTime' in value))) {
        readDocument(value, containerName(line), visitor);
      } else {
        readEntry(value, file, 'line', line, visitor);
      }
    },
    element(value, line, index, records) {
      if (records) readRecord(value, containerName(line), 'index', index, visitor);
      else readEntry(value, containerName(line), 'index', index, visitor);
    },
    invalid(line, reason, text, index) {
      const source = index === undefined ? `${file}:${line}` : describePosition(containerName(line), 'index', index);
      visitor.invalid(source, reason, eventIdIn(text));
    },
  };
};

const firstNonSpace = (text: string): number => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
  }
  return -1;
};

const readDocument = (document: unknown, file: string, visitor: HistoryVisitor): void => {
  if (Array.isArray(document)) {
    for (let i = 0; i < document.length; i++) readEntry(document[i], file, 'index', i, visitor);
    return;
  }
  if (!isObject(document)) {
    visitor.invalid(file, 'not a CloudTrail log file, lookup-events output, EventBridge event or record');
    return;
  }
  if ('Records' in document) {
    const records = document.Records;
    if (!Array.isArray(records)) {
      visitor.invalid(file, 'Records is not an array');
      return;
    }
    for (let i = 0; i < records.length; i++) readRecord(records[i], file, 'index', i, visitor);
    return;
  }
  if ('Events' in document) {
    readLookupEvents(document.Events, file, visitor);
    return;
  }
  if ('digestStartTime' in document || 'digestPublicKeyFingerprint' in document) {
    if (visitor.skip) visitor.skip(file, DIGEST_CONTENT);
    else visitor.invalid(file, 'CloudTrail digest file: it proves log integrity and holds no events');
    return;
  }
  readEntry(document, file, 'file', 0, visitor);
};

/**
 * An id for a record CloudTrail wrote without one, from its content: the same record read twice (an organization
 * trail and an account trail) gets the same id, so it counts once. Shaped like a name-based UUID (version 5).
 */
const contentEventId = (record: Record<string, unknown>): string => {
  const hex = createHash('sha1').update(JSON.stringify(record)).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** Best effort: the eventID of a line too broken to parse, so the report can name it. */
const eventIdIn = (source: string): string | undefined =>
  /"eventID"\s*:\s*"([0-9a-fA-F-]{8,64})"/.exec(source)?.[1];

const readEntry = (value: unknown, file: string, kind: Position['kind'], n: number, visitor: HistoryVisitor): void => {
  if (isObject(value) && ('detail-type' in value || ('detail' in value && 'source' in value))) {
    readEnvelope(value, file, kind, n, visitor);
  } else {
    readRecord(value, file, kind, n, visitor);
  }
};

const readRecord = (value: unknown, file: string, kind: Position['kind'], n: number, visitor: HistoryVisitor): void => {
  if (isInsight(value)) {
    visitor.insight?.(value, file, kind, n);
    return;
  }
  if (isObject(value)) {
    normalizeExportedRecord(value);
    // CloudTrail added eventID in eventVersion 1.01: a 1.0 record (2013-2014) is named by its content instead.
    if (value.eventID === undefined && value.eventVersion === '1.0') value.eventID = contentEventId(value);
  }
  const problem = recordProblem(value);
  if (problem === undefined) {
    visitor.record(value as CloudTrailRecord, file, kind, n);
  } else {
    visitor.invalid(describePosition(file, kind, n), problem, isObject(value) ? str(value.eventID) : undefined);
  }
};

const readEnvelope = (
  value: Record<string, unknown>,
  file: string,
  kind: Position['kind'],
  n: number,
  visitor: HistoryVisitor,
): void => {
  if (visitor.anyEnvelope) {
    const problem = anyEnvelopeProblem(value);
    if (problem === undefined) visitor.envelope(value as unknown as EventBridgeEnvelope<unknown>, file, kind, n);
    else visitor.invalid(describePosition(file, kind, n), problem, str(value.id));
    return;
  }
  if (isInsight(value.detail)) {
    visitor.insight?.(value.detail, file, kind, n);
    return;
  }
  const problem = envelopeProblem(value);
  if (problem === undefined) {
    visitor.envelope(value as unknown as EventBridgeEnvelope<unknown>, file, kind, n);
  } else {
    const eventId = str((value.detail as Record<string, unknown> | undefined)?.eventID) ?? str(value.id);
    visitor.invalid(describePosition(file, kind, n), problem, eventId);
  }
};

const anyEnvelopeProblem = (value: Record<string, unknown>): string | undefined => {
  if (typeof value['detail-type'] !== 'string') return 'EventBridge event has no detail-type string';
  if (typeof value.source !== 'string') return 'EventBridge event has no source string';
  if (!isObject(value.detail)) return 'EventBridge event has no detail object';
  return undefined;
};

/** `aws cloudtrail lookup-events` output: each event carries the record as a JSON string. */
const readLookupEvents = (events: unknown, file: string, visitor: HistoryVisitor): void => {
  if (!Array.isArray(events)) {
    visitor.invalid(file, 'Events is not an array');
    return;
  }
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const raw = isObject(event) ? event.CloudTrailEvent : undefined;
    const source = describePosition(file, 'lookup', i);
    if (typeof raw !== 'string') {
      visitor.invalid(source, 'lookup-events entry has no CloudTrailEvent string', isObject(event) ? str(event.EventId) : undefined);
      continue;
    }
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch (error) {
      visitor.invalid(source, `CloudTrailEvent is not JSON: ${(error as Error).message}`, isObject(event) ? str(event.EventId) : undefined);
      continue;
    }
    if (isInsight(record)) {
      visitor.insight?.(record, file, 'lookup', i);
      continue;
    }
    const problem = recordProblem(record);
    if (problem === undefined) visitor.record(record as CloudTrailRecord, file, 'lookup', i);
    else visitor.invalid(source, problem, isObject(event) ? str(event.EventId) : undefined);
  }
};

/**
 * One history input: a local path (`-` is stdin), or a named source another reader opened (an S3 object body,
 * a buffer handed to a worker).
 */
export type HistoryInput = string | { readonly name: string; readonly source: HistorySource };

export const readHistoryInput = (input: HistoryInput, visitor: HistoryVisitor, stdin: Readable = process.stdin): Promise<void> =>
  typeof input !== 'string' ? readHistory(input.name, input.source, visitor) : input === '-' ? readHistory('stdin', stdin, visitor) : readHistoryFile(input, visitor);
