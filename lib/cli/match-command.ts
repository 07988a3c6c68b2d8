import { readFileSync } from 'node:fs';
import { STDIN, historyFiles, missingPaths } from '../history/files';
import { matchHistory } from '../match';
import { PatternSet, parsePattern, type EventPattern } from '../pattern';
import { isObject } from '../cloudtrail/record';
import { clean } from '../text';
import { UsageError, parse } from './args';
import { LineWriter, type CliIo } from './output';

export const MATCH_HELP = `Usage: trailguard match <pattern-or-@file> <history>... [--count] [--all-management-events]
       trailguard match --patterns FILE <history>... [--count]

Tests EventBridge event patterns offline over CloudTrail history (AWS's TestEventPattern takes one event at a
time). Records are converted to EventBridge events exactly as replay does; the matcher follows aws/event-ruler.

Options:
  --count                   print the number of matching events instead of the events
  --patterns FILE           a JSON object mapping names to patterns; with --count prints {"name": count, ...},
                            without it one {"patterns": [names], "event": {...}} line per matching event
  --all-management-events   also deliver read-only Describe/Get/List calls, as a rule in state
                            ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS receives them (default: not delivered)

Invalid input is reported on stderr and skipped. Exit codes: 0 ran, 2 usage error or invalid pattern.`;

const readPatternArg = (arg: string): EventPattern => {
  if (!arg.startsWith('@')) return parsePattern(arg, 'pattern argument');
  const file = arg.slice(1);
  return parsePattern(readText(file), file);
};

const readText = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new UsageError(`cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
};

const readPatternBank = (file: string): Map<string, EventPattern> => {
  let bank: unknown;
  try {
    bank = JSON.parse(readText(file));
  } catch (cause) {
    if (cause instanceof UsageError) throw cause;
    throw new UsageError(`${file}: not JSON: ${(cause as Error).message}`, { cause });
  }
  if (!isObject(bank) || Object.keys(bank).length === 0) {
    throw new UsageError(`${file}: must be a JSON object mapping names to event patterns`);
  }
  return new Map(Object.entries(bank).map(([name, pattern]) => [name, parsePattern(JSON.stringify(pattern), `${file} "${name}"`)]));
};

export const matchCommand = async (args: string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parse(args, {
    count: { type: 'boolean' },
    patterns: { type: 'string' },
    'all-management-events': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(`${MATCH_HELP}\n`);
    return 0;
  }
  const named = values.patterns !== undefined;
  const bank = named ? readPatternBank(values.patterns!) : new Map([['pattern', readPatternArg(positionals.shift() ?? usage())]]);
  if (positionals.length === 0) throw new UsageError('match needs at least one history file or directory');
  const missing = missingPaths(positionals);
  if (missing.length > 0) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);

  const patterns = new PatternSet([...bank].map(([name, pattern]) => [name, pattern] as const));
  const counts = new Map([...bank.keys()].map((name) => [name, 0]));
  const out = new LineWriter(io.stdout);
  const totals = await matchHistory({
    patterns,
    files: [...historyFiles(positionals, { onUnreadable: (path, message) => io.stderr(`trailguard match: skipped ${clean(path, 200)}: ${clean(message, 200)}\n`) })].map((path) =>
      path === STDIN ? { name: 'stdin', source: io.stdin ?? process.stdin } : path,
    ),
    allManagementEvents: values['all-management-events'] === true,
    onMatch(envelope, keys) {
      for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
      if (values.count) return;
      const serialized = JSON.stringify(envelope);
      out.line(named ? `{"patterns":${JSON.stringify(keys)},"event":${serialized}}` : serialized);
    },
    onInvalid(source, reason) {
      io.stderr(`trailguard match: skipped ${clean(source, 200)}: ${clean(reason, 200)}\n`);
    },
  });
  if (values.count) out.line(named ? JSON.stringify(Object.fromEntries(counts)) : String(totals.matched));
  out.flush();
  if (totals.oversize > 0) {
    io.stderr(`trailguard match: ${totals.oversize} matching event(s) are over 256 KB: EventBridge never delivers them\n`);
  }
  return 0;
};

const usage = (): never => {
  throw new UsageError('match needs a pattern (JSON text or @file) or --patterns FILE');
};
