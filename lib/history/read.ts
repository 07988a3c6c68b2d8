import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { normalizeExportedRecord, envelopeProblem, recordProblem, type EventBridgeEnvelope } from '../cloudtrail/envelope';
import { isObject, str, type CloudTrailRecord } from '../cloudtrail/record';

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
  /** A CloudTrail record, already checked to have what routing needs (recordProblem). */
  record(record: CloudTrailRecord, file: string, kind: Position['kind'], n: number): void;
  /** An EventBridge event; a CloudTrail one has a checked record as `detail`. */
  envelope(envelope: EventBridgeEnvelope<unknown>, file: string, kind: Position['kind'], n: number): void;
  invalid(source: string, reason: string, eventId?: string): void;
}

/**
 * Reads one history file of any supported shape (DESIGN.md "Replay input"), detected from its content, not its
 * name: gzip by magic bytes; then a CloudTrail log file (`{"Records":[…]}`), `aws cloudtrail lookup-events`
 * output (`{"Events":[{"CloudTrailEvent":"…"}]}`), one EventBridge event or record, a JSON array of either, or
 * newline-delimited JSON of either. Anything unusable is reported through `invalid` and skipped.
 */
export const readHistoryFile = (file: string, visitor: HistoryVisitor): void => {
  let text: string;
  try {
    let bytes = readFileSync(file);
    if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    text = bytes.toString('utf8');
  } catch (error) {
    visitor.invalid(file, `cannot read file: ${(error as Error).message}`);
    return;
  }
  readHistoryText(text, file, visitor);
};

export const readHistoryText = (raw: string, file: string, visitor: HistoryVisitor): void => {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const start = firstNonSpace(text);
  if (start === -1) {
    visitor.invalid(file, 'file is empty');
    return;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    if (text.indexOf('\n', start) !== -1) {
      readLines(text, file, visitor);
    } else {
      visitor.invalid(file, `not JSON: ${(error as Error).message}`);
    }
    return;
  }
  readDocument(document, file, visitor);
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
    visitor.invalid(file, 'CloudTrail digest file: it proves log integrity and holds no events');
    return;
  }
  readEntry(document, file, 'file', 0, visitor);
};

/** NDJSON: one record or EventBridge event per line; a bad line is reported and the rest still read. */
const readLines = (text: string, file: string, visitor: HistoryVisitor): void => {
  let line = 0;
  let from = 0;
  while (from < text.length) {
    let to = text.indexOf('\n', from);
    if (to === -1) to = text.length;
    line++;
    if (firstNonSpaceIn(text, from, to)) {
      const source = text.slice(from, to);
      let value: unknown;
      let parsed = true;
      try {
        value = JSON.parse(source);
      } catch (error) {
        parsed = false;
        visitor.invalid(`${file}:${line}`, `not JSON: ${(error as Error).message}`, eventIdIn(source));
      }
      if (parsed) readEntry(value, file, 'line', line, visitor);
    }
    from = to + 1;
  }
};

const firstNonSpaceIn = (text: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0d && c !== 0x09) return true;
  }
  return false;
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
  if (isObject(value)) normalizeExportedRecord(value);
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
  const problem = envelopeProblem(value);
  if (problem === undefined) {
    visitor.envelope(value as unknown as EventBridgeEnvelope<unknown>, file, kind, n);
  } else {
    const eventId = str((value.detail as Record<string, unknown> | undefined)?.eventID) ?? str(value.id);
    visitor.invalid(describePosition(file, kind, n), problem, eventId);
  }
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
    const problem = recordProblem(record);
    if (problem === undefined) visitor.record(record as CloudTrailRecord, file, 'lookup', i);
    else visitor.invalid(source, problem, isObject(event) ? str(event.EventId) : undefined);
  }
};
