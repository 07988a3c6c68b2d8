import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORIES } from '../../lib/rule';
import { runCli } from '../support/cli';

// The main job a newcomer runs (`npm start`): the sample history's findings are exactly the ones it was written to
// contain (expected-findings.csv, made with the history), across all four input formats, with nothing invalid.
const sample = join(__dirname, '..', 'fixtures', 'sample-history');

const expected = readFileSync(join(sample, 'expected-findings.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [category, eventId] = line.split(',');
    return `${category} ${eventId}`;
  })
  .sort();

describe('replay of the sample history', () => {
  let code: number;
  let parsed: { type: string; category?: string; eventId?: string; [k: string]: unknown }[];
  beforeAll(async () => {
    const result = await runCli('replay', sample, '--format', 'ndjson');
    code = result.code;
    parsed = result.lines.map((line) => JSON.parse(line) as { type: string; category?: string; eventId?: string; [k: string]: unknown });
  });

  test('finds exactly the findings the history was written to contain', async () => {
    expect(code).toBe(0);
    const found = parsed.filter((p) => p.type === 'finding').map((p) => `${p.category} ${p.eventId}`).sort();
    expect(found).toEqual(expected);
  });

  test('has a positive for every category and no invalid input', async () => {
    const summary = parsed.at(-1)!;
    expect(summary).toMatchObject({ type: 'summary', invalid: 0 });
    expect(Object.keys(summary.byCategory as object).sort()).toEqual([...CATEGORIES].sort());
  });

  test('reads every input format it ships: the S3 tree, lookup-events, an EventBridge archive and shipper NDJSON', async () => {
    const { lines: exportLines } = await runCli('replay', join(sample, 'exports'), '--format', 'ndjson');
    const summary = JSON.parse(exportLines.at(-1)!) as { events: number; invalid: number };
    expect(summary.invalid).toBe(0);
    const perFile: number[] = [];
    for (const file of ['console-lookup-events.json', 'eventbridge-archive.ndjson', 'shipper-records.ndjson']) {
      perFile.push((JSON.parse((await runCli('replay', join(sample, 'exports', file), '--format', 'ndjson')).lines.at(-1)!) as { events: number }).events);
    }
    expect(perFile.every((events) => events > 0)).toBe(true);
    expect(perFile.reduce((a, b) => a + b, 0)).toBe(summary.events);
  });

  test('the table report leads with the CRITICAL findings', async () => {
    const { stdout } = await runCli('replay', sample);
    const firstRow = stdout.split('\n').find((row) => /^(CRITICAL|HIGH|MEDIUM|LOW) /.test(row));
    expect(firstRow).toMatch(/^CRITICAL /);
  });
});
