import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BUILD, ensureEventLines, ensureHistory, ROOT, writeResults } from './lib/history-data';
import { alternate, fmt, median, runChild } from './lib/stats';

// The matcher against its floor: JSON.parse of the same NDJSON lines. Each figure is the median of rounds in
// which a parse-only process and a match process run alternately, so both are measured the same way.
// Not strict: `npm run bench` passes the same arguments to every bench, each reads its own.
const { values } = parseArgs({
  strict: false,
  options: {
    records: { type: 'string', default: '200000' },
    lines: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    banks: { type: 'string', default: 'rules,200,2000,5000' },
    data: { type: 'string', default: join(ROOT, 'bench', '.data') },
  },
});
const rounds = Number(String(values.rounds));
const history = ensureHistory(String(values.data), Number(String(values.records)), String(values.seed));
const linesFile = ensureEventLines(history, Number(String(values.lines)));
const child = join(BUILD, 'match-child.cjs');

interface Timed {
  seconds: number;
  lines: number;
}
interface Matched extends Timed {
  matchedLines: number;
  matches: number;
  compileSeconds: number;
  patterns: number;
}
interface Check {
  matches: number;
  differing: [string, number, number][];
  differingCount: number;
}

const rows = [];
const out: string[] = [`match: EventBridge events as NDJSON lines, JSON.parse alone vs JSON.parse + PatternSet.match, ${rounds} alternated rounds of fresh processes, medians`];
let failed = false;
for (const bank of String(values.banks).split(',')) {
  const args = ['--lines', linesFile, '--patterns', bank, '--seed', String(values.seed)];
  const [parses, matches] = alternate<Timed | Matched>(rounds, [
    () => runChild<Timed>(child, ['--mode', 'parse', ...args]),
    () => runChild<Matched>(child, ['--mode', 'match', ...args]),
  ]) as [Timed[], Matched[]];
  const check = runChild<Check>(child, ['--mode', 'check', ...args]);
  const last = matches[matches.length - 1]!;
  const floor = last.lines / median(parses.map((r) => r.seconds));
  const rate = last.lines / median(matches.map((r) => r.seconds));
  const identical = check.differingCount === 0 && check.matches === last.matches;
  failed ||= !identical;
  const label = bank === 'rules' ? `${last.patterns} deployed rules` : `${fmt(last.patterns)} patterns`;
    rows.push({ bank, patterns: last.patterns, label, lines: last.lines, floorPerSecond: floor, matchPerSecond: rate, ratio: rate / floor, matchedLines: last.matchedLines, matches: last.matches, bruteForceMatches: check.matches, identical, compileSeconds: median(matches.map((r) => r.compileSeconds)) });
  out.push(
    `  ${label.padEnd(30)} ${fmt(rate).padStart(9)} events/s vs floor ${fmt(floor).padStart(9)}/s = ${fmt((100 * rate) / floor, 1).padStart(5)} %` +
      `  ${fmt(last.matchedLines)} of ${fmt(last.lines)} events matched, ${fmt(last.matches)} matches` +
      `, brute force ${identical ? 'identical' : `DIFFERS (${check.matches} matches; ${JSON.stringify(check.differing)})`}` +
      `, compiled in ${fmt(rows[rows.length - 1]!.compileSeconds * 1000, 0)} ms`,
  );
}
writeResults('match', { rounds, lines: Number(String(values.lines)), records: Number(String(values.records)), rows });
process.stdout.write(`${out.join('\n')}\n`);
if (failed) process.exitCode = 1;
