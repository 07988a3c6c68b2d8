import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isObject, type CloudTrailRecord } from '../../lib/cloudtrail/record';

/**
 * Sanity checks for a generated history (the benchmark tree or tests/fixtures/sample-history), independent of
 * trailguard's own readers: every file decompresses and parses, sits where CloudTrail would put it, and every
 * record has the fields CloudTrail always writes; eventIDs are unique across all files.
 *
 *   node .tmp/check-history.cjs <dir>...   (exit 1 on any problem)
 */
const REQUIRED = ['eventVersion', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'eventID', 'eventType', 'recipientAccountId'] as const;
const KEY = /^AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/\1_CloudTrail_\2_(\d{8})T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/;

interface Tally {
  files: number;
  records: number;
  problems: string[];
  perFile: number[];
  sizes: number[];
  ids: Set<string>;
  sources: Map<string, number>;
  types: Map<string, number>;
  versions: Map<string, number>;
}

const bump = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1);

const checkRecord = (record: unknown, where: string, tally: Tally): void => {
  tally.records++;
  if (!isObject(record)) {
    tally.problems.push(`${where}: not an object`);
    return;
  }
  for (const field of REQUIRED) {
    if (typeof record[field] !== 'string' || record[field] === '') tally.problems.push(`${where}: missing ${field}`);
  }
  const r = record as CloudTrailRecord;
  if (tally.ids.has(r.eventID)) tally.problems.push(`${where}: duplicate eventID ${r.eventID}`);
  tally.ids.add(r.eventID);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(r.eventTime)) tally.problems.push(`${where}: eventTime ${r.eventTime}`);
  tally.sizes.push(JSON.stringify(record).length);
  bump(tally.sources, `${r.eventSource}`);
  bump(tally.types, `${r.eventType}`);
  bump(tally.versions, `${r.eventVersion}`);
};

/** Records held by any replay input shape: log file, lookup-events page, EventBridge events, NDJSON. */
const recordsOf = (text: string, file: string): unknown[] => {
  const trimmed = text.trim();
  if (file.endsWith('.ndjson') || file.endsWith('.jsonl')) {
    return trimmed.split('\n').map((line) => JSON.parse(line) as unknown).map((value) => (isObject(value) && 'detail' in value ? value.detail : value));
  }
  const document = JSON.parse(trimmed) as unknown;
  if (isObject(document) && Array.isArray(document.Records)) return document.Records;
  if (isObject(document) && Array.isArray(document.Events)) return document.Events.map((event) => JSON.parse(String((event as { CloudTrailEvent: string }).CloudTrailEvent)) as unknown);
  if (Array.isArray(document)) return document.map((value) => (isObject(value) && 'detail' in value ? value.detail : value));
  return [document];
};

const walk = (directory: string, visit: (path: string) => void): void => {
  for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) walk(path, visit);
    else if (/\.(json|json\.gz|ndjson|jsonl)$/.test(entry.name)) visit(path);
  }
};

const quantiles = (values: number[]): string => {
  const sorted = values.slice().sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `min ${at(0)} p10 ${at(0.1)} p50 ${at(0.5)} p90 ${at(0.9)} max ${sorted[sorted.length - 1] ?? 0}`;
};

const main = (): void => {
  const roots = process.argv.slice(2);
  if (roots.length === 0) {
    console.log('usage: check-history <dir>...');
    process.exitCode = 2;
    return;
  }
  const tally: Tally = { files: 0, records: 0, problems: [], perFile: [], sizes: [], ids: new Set(), sources: new Map(), types: new Map(), versions: new Map() };
  for (const root of roots) {
    walk(root, (path) => {
      tally.files++;
      const rel = relative(root, path).split(sep).join('/');
      try {
        let bytes = readFileSync(path);
        if (path.endsWith('.gz')) {
          if (!KEY.test(rel)) tally.problems.push(`${rel}: not a CloudTrail S3 key`);
          bytes = gunzipSync(bytes);
        }
        const records = recordsOf(bytes.toString('utf8'), path);
        tally.perFile.push(records.length);
        records.forEach((record, i) => checkRecord(record, `${rel}#${i}`, tally));
        if (path.endsWith('.gz')) {
          const [, account, region] = KEY.exec(rel) ?? [];
          for (const record of records as CloudTrailRecord[]) {
            if (record.recipientAccountId !== account || record.awsRegion !== region) tally.problems.push(`${rel}: holds a record of ${record.recipientAccountId}/${record.awsRegion}`);
          }
        }
      } catch (error) {
        tally.problems.push(`${rel}: ${(error as Error).message}`);
      }
    });
  }
  const top = (map: Map<string, number>, n = 12): string =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`${tally.files} files, ${tally.records} records, ${tally.ids.size} unique eventIDs`);
  console.log(`records per file: ${quantiles(tally.perFile)}`);
  console.log(`record bytes: ${quantiles(tally.sizes)}`);
  console.log(`eventType: ${top(tally.types)}`);
  console.log(`eventVersion: ${top(tally.versions)}`);
  console.log(`eventSource: ${top(tally.sources, 20)}`);
  for (const root of roots) {
    const size = (p: string): number => (statSync(p).isDirectory() ? readdirSync(p).reduce((sum, name) => sum + size(join(p, name)), 0) : statSync(p).size);
    console.log(`${basename(root)}: ${size(root)} bytes on disk`);
  }
  if (tally.problems.length > 0) {
    console.log(`${tally.problems.length} problems:`);
    for (const problem of tally.problems.slice(0, 30)) console.log(`  ${problem}`);
    process.exitCode = 1;
  } else {
    console.log('ok');
  }
};

main();
