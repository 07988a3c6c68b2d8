import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { toEnvelope } from '../lib/cloudtrail/envelope';
import type { CloudTrailRecord } from '../lib/cloudtrail/record';
import { Engine } from '../lib/engine';
import { historyFiles } from '../lib/history/files';
import { PatternSet, type EventPattern } from '../lib/pattern';
import { replay } from '../lib/replay';
import { RULES } from '../rules';
import { EXTRA_PATTERNS } from './pattern-bank';

// Figures, never assertions: every variant runs interleaved with the others in one process, several rounds,
// and the medians are compared, because these machines are shared and noisy.
const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    data: { type: 'string', default: join(__dirname, '..', 'bench', '.data') },
  },
});
const records = Number(values.records);
const rounds = Number(values.rounds);
// This file runs bundled from .build/: the project root is one level up.
const root = join(__dirname, '..');
const dataDir = join(values.data!, `history-${records}-seed${values.seed}`);

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const time = (fn: () => void): number => {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

const ensureHistory = (): void => {
  if (existsSync(join(dataDir, 'DONE'))) return;
  const generator = join(root, '.build', 'generate-history.cjs');
  buildSync({ entryPoints: [join(root, 'bench', 'synthetic', 'generate.ts')], outfile: generator, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  process.stderr.write(`generating ${fmt(records)} records into ${dataDir} …\n`);
  execFileSync(process.execPath, [generator, '--out', dataDir, '--records', String(records), '--seed', values.seed!], { stdio: ['ignore', 'inherit', 'inherit'] });
  execFileSync('touch', [join(dataDir, 'DONE')]);
};

ensureHistory();
const files = [...historyFiles([dataDir])];
let gzBytes = 0;
for (const file of files) gzBytes += statSync(file).size;

// The floor: what any replay must do at least — read, gunzip and parse every file.
let floorRecords = 0;
let rawBytes = 0;
const floor = (): void => {
  floorRecords = 0;
  rawBytes = 0;
  for (const file of files) {
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    rawBytes += text.length;
    floorRecords += (JSON.parse(text) as { Records: unknown[] }).Records.length;
  }
};

// Replay exactly as `trailguard replay --format ndjson` does it, output serialised and discarded.
const engine = new Engine({ rules: RULES });
let replayEvents = 0;
let replayFindings = 0;
const replayAll = async (): Promise<void> => {
  let out = 0;
  const summary = await replay({
    engine,
    files,
    onFinding: (evaluated) => (out += JSON.stringify(evaluated.finding).length),
    onInvalid: (entry) => (out += JSON.stringify(entry).length),
  });
  replayEvents = summary.events;
  replayFindings = summary.findings;
};

const timeAsync = async (fn: () => Promise<void>): Promise<number> => {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

// replay is async (it reads streams); the rest of the bench runs after it.
void (async () => {
const floorTimes: number[] = [];
const replayTimes: number[] = [];
for (let round = 0; round < rounds; round++) {
  floorTimes.push(time(floor));
  replayTimes.push(await timeAsync(replayAll));
}
const floorSeconds = median(floorTimes);
const replaySeconds = median(replayTimes);
const mb = rawBytes / 1e6;

// Peak RSS in fresh processes over 1x and 4x the files (the same tree listed four times): flat means
// memory does not grow with the number of files.
const rss = (copies: number) => {
  const child = spawnSync(process.execPath, [join(root, '.build', 'rss-child.cjs'), ...Array<string>(copies).fill(dataDir)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout) as { events: number; maxRssKb: number };
};
const rss1 = rss(1);
const rss4 = rss(4);

// match: a bank of patterns (every rule's plus typical hand-written ones) over EventBridge events, one per
// line, against JSON.parse alone of the same lines.
const lines: string[] = [];
for (const file of files) {
  for (const record of (JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { Records: CloudTrailRecord[] }).Records) {
    lines.push(JSON.stringify(toEnvelope(record)));
  }
  if (lines.length >= 100_000) break;
}
const bank: [string, EventPattern][] = [...RULES.map((rule) => [rule.id, rule.pattern] as [string, EventPattern]), ...EXTRA_PATTERNS];
const patterns = new PatternSet(bank);
let parsedOnly = 0;
let matchedLines = 0;
const parseLines = (): void => {
  parsedOnly = 0;
  for (const line of lines) if (JSON.parse(line) !== null) parsedOnly++;
};
const matchLines = (): void => {
  matchedLines = 0;
  for (const line of lines) if (patterns.match(JSON.parse(line)).length > 0) matchedLines++;
};
const parseTimes: number[] = [];
const matchTimes: number[] = [];
for (let round = 0; round < rounds; round++) {
  parseTimes.push(time(parseLines));
  matchTimes.push(time(matchLines));
}

const report = [
  `trailguard benchmark — node ${process.version}, ${rounds} interleaved rounds, medians`,
  `history: ${fmt(files.length)} files, ${fmt(floorRecords)} records, ${fmt(gzBytes / 1e6, 1)} MB gzipped, ${fmt(mb, 1)} MB of JSON`,
  '',
  `floor  (read + gunzip + JSON.parse)   ${fmt(floorRecords / floorSeconds)} records/s  ${fmt(mb / floorSeconds, 1)} MB/s  (${fmt(floorSeconds, 3)} s)`,
  `replay (${RULES.length} rules, ndjson output)      ${fmt(replayEvents / replaySeconds)} records/s  ${fmt(mb / replaySeconds, 1)} MB/s  (${fmt(replaySeconds, 3)} s, ${fmt(replayFindings)} findings)`,
  `replay / floor                         ${fmt((100 * floorSeconds) / replaySeconds, 1)} % of the floor's records/s (target >= 70 %)`,
  '',
  `peak RSS, replay in a fresh process:   ${fmt(rss1.events)} events from ${fmt(files.length)} files: ${fmt(rss1.maxRssKb / 1024, 1)} MB;` +
    ` ${fmt(rss4.events)} events from ${fmt(files.length * 4)} files: ${fmt(rss4.maxRssKb / 1024, 1)} MB (x${fmt(rss4.maxRssKb / rss1.maxRssKb, 2)})`,
  '',
  `match: ${bank.length} patterns over ${fmt(lines.length)} EventBridge events (NDJSON lines), ${fmt(matchedLines)} matching`,
  `JSON.parse alone                       ${fmt(lines.length / median(parseTimes))} lines/s`,
  `JSON.parse + PatternSet.match          ${fmt(lines.length / median(matchTimes))} lines/s  (${fmt((100 * median(parseTimes)) / median(matchTimes), 1)} % of parse alone)`,
];
process.stdout.write(`${report.join('\n')}\n`);
})();
