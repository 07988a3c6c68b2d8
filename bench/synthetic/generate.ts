import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_HISTORY, emptyTally, generateHistory } from '../../tests/support/synthetic/history';
import { Rng } from '../../tests/support/synthetic/prng';
import { S3TreeWriter } from '../../tests/support/synthetic/writers';

/**
 * Writes a large synthetic CloudTrail history as CloudTrail delivers it to S3, for `trailguard replay` benchmarks:
 *
 *   npx esbuild bench/synthetic/generate.ts --bundle --platform=node --format=cjs --outfile=.tmp/generate.cjs
 *   node .tmp/generate.cjs --out bench/.data/history --records 200000 [--seed 1] [--records-per-file 250]
 *     [--inject-rate 0.002] [--unauthorized-rate 0.002] [--start 2026-11-02T00:00:00Z] [--json]
 *
 * The same seed gives the same files, byte for byte. `--out` is emptied first. Prints counts, sizes, speed and the
 * findings planted per category (what replay should report, given default stage params).
 */
const USAGE = 'usage: generate --out DIR [--records N] [--seed N] [--records-per-file N] [--inject-rate P] [--unauthorized-rate P] [--start ISO] [--json]';

const number = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative number, got ${value}`);
  return parsed;
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      records: { type: 'string' },
      seed: { type: 'string' },
      'records-per-file': { type: 'string' },
      'inject-rate': { type: 'string' },
      'unauthorized-rate': { type: 'string' },
      start: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.out) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const start = values.start ? Date.parse(values.start) : DEFAULT_HISTORY.start;
  if (Number.isNaN(start)) throw new Error(`--start must be an ISO date, got ${values.start}`);
  const options = {
    seed: number(values.seed, 1, 'seed'),
    records: number(values.records, 200_000, 'records'),
    recordsPerFile: Math.max(1, number(values['records-per-file'], DEFAULT_HISTORY.recordsPerFile, 'records-per-file')),
    start,
    injectRate: number(values['inject-rate'], DEFAULT_HISTORY.injectRate, 'inject-rate'),
    unauthorizedRate: number(values['unauthorized-rate'], DEFAULT_HISTORY.unauthorizedRate, 'unauthorized-rate'),
  };

  const began = process.hrtime.bigint();
  rmSync(values.out, { recursive: true, force: true });
  const writer = new S3TreeWriter(values.out, new Rng(`names:${options.seed}`));
  const tally = emptyTally();
  let first = Infinity;
  let last = -Infinity;
  for (const file of generateHistory(options, tally)) {
    for (const record of file.records) {
      const t = Date.parse(record.eventTime);
      if (t < first) first = t;
      if (t > last) last = t;
    }
    await writer.write(file);
  }
  const stats = await writer.close();
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;

  const summary = {
    out: values.out,
    seed: options.seed,
    files: stats.files,
    records: stats.records,
    rawBytes: stats.rawBytes,
    gzipBytes: stats.gzipBytes,
    from: new Date(first).toISOString(),
    to: new Date(last).toISOString(),
    injected: tally.injected,
    nearMisses: tally.nearMisses,
    expectedFindings: tally.expected,
    seconds: Math.round(seconds * 100) / 100,
  };
  if (values.json) {
    console.log(JSON.stringify(summary));
    return;
  }
  const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log(`wrote ${stats.files} files, ${stats.records} records to ${values.out}`);
  console.log(`  raw ${mb(stats.rawBytes)} (${Math.round(stats.rawBytes / stats.records)} B/record), gzipped ${mb(stats.gzipBytes)}`);
  console.log(`  events ${summary.from} .. ${summary.to}`);
  console.log(`  ${seconds.toFixed(1)} s, ${Math.round(stats.records / seconds)} records/s`);
  console.log(`  planted ${tally.injected} scenarios (${tally.nearMisses} near misses); expected findings by category:`);
  for (const [category, count] of Object.entries(tally.expected)) console.log(`    ${category.padEnd(24)} ${count}`);
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
