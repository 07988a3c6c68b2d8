import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compilePattern, PatternSet, type EventPattern } from '../lib/pattern';
import { RULES } from '../rules';
import { generatePatterns } from './generated-patterns';
import { EXTRA_PATTERNS } from './pattern-bank';
import { time } from './lib/stats';

/**
 * One measurement in a fresh process over an NDJSON file of EventBridge events:
 *   --mode parse   JSON.parse of every line (the floor any matcher over lines pays)
 *   --mode match   JSON.parse + PatternSet.match of every line
 *   --mode check   per-pattern match counts from PatternSet and from every pattern tried alone (brute force)
 * Prints one JSON line. A warm-up pass over the lines runs first in every mode, so both are timed warm.
 */
const { values } = parseArgs({
  options: {
    mode: { type: 'string' },
    lines: { type: 'string' },
    patterns: { type: 'string', default: 'rules' },
    seed: { type: 'string', default: '1' },
  },
});

/**
 * `rules`: the deployed rules' patterns. A number N: those, a dozen hand-written ones, and generated ones up to N
 * in all, as an organisation's bank grows around what it deploys.
 */
function patternBank(which: string, seed: number): [string, EventPattern][] {
  const deployed = RULES.map((rule) => [rule.id, rule.pattern] as [string, EventPattern]);
  if (which === 'rules') return deployed;
  const size = Number(which);
  if (!Number.isInteger(size) || size < deployed.length + EXTRA_PATTERNS.length) throw new Error(`--patterns must be rules or a count of at least ${deployed.length + EXTRA_PATTERNS.length}, got ${which}`);
  return [...deployed, ...EXTRA_PATTERNS, ...generatePatterns(size - deployed.length - EXTRA_PATTERNS.length, seed)];
}

const lines = readFileSync(values.lines!, 'utf8').split('\n').filter((line) => line.length > 0);
const bank = patternBank(values.patterns!, Number(values.seed));

if (values.mode === 'parse') {
  let parsed = 0;
  const pass = (): void => {
    parsed = 0;
    for (const line of lines) if (JSON.parse(line) !== null) parsed++;
  };
  pass();
  process.stdout.write(`${JSON.stringify({ seconds: time(pass), lines: parsed })}\n`);
} else if (values.mode === 'match') {
  let set: PatternSet<string> | undefined;
  const compileSeconds = time(() => (set = new PatternSet(bank)));
  let matchedLines = 0;
  let matches = 0;
  const pass = (): void => {
    matchedLines = 0;
    matches = 0;
    for (const line of lines) {
      const keys = set!.match(JSON.parse(line));
      if (keys.length > 0) matchedLines++;
      matches += keys.length;
    }
  };
  pass();
  process.stdout.write(`${JSON.stringify({ seconds: time(pass), lines: lines.length, matchedLines, matches, compileSeconds, patterns: bank.length })}\n`);
} else if (values.mode === 'check') {
  const set = new PatternSet(bank.map(([, pattern], i) => [i, pattern] as const));
  const compiled = bank.map(([, pattern]) => compilePattern(pattern));
  const fromSet = new Array<number>(bank.length).fill(0);
  const alone = new Array<number>(bank.length).fill(0);
  for (const line of lines) {
    const event: unknown = JSON.parse(line);
    for (const i of set.match(event)) fromSet[i]!++;
    for (let i = 0; i < compiled.length; i++) if (compiled[i]!.matches(event)) alone[i]!++;
  }
  const differing = bank.map(([name], i) => [name, fromSet[i], alone[i]] as const).filter(([, a, b]) => a !== b);
  process.stdout.write(`${JSON.stringify({ matches: alone.reduce((a, b) => a + b, 0), differing: differing.slice(0, 10), differingCount: differing.length })}\n`);
} else {
  throw new Error(`--mode must be parse, match or check, got ${values.mode}`);
}
