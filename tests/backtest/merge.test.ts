import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { REGISTRY } from '../../bin/registry';
import { mergePartials } from '../../lib/backtest/merge';
import { PartialRecorder, type Partial } from '../../lib/backtest/partial';
import type { Finding, InvalidEntry } from '../../lib/finding';
import { historyFiles } from '../../lib/history/files';
import { HistoryFilter } from '../../lib/history/filter';
import type { HistoryInput } from '../../lib/history/read';
import { replay, type ReplaySummary } from '../../lib/replay';
import { buildEngine } from '../../lib/replay/task';
import { scratch } from '../support/cli';

// The merge step on fixtures: batches replayed one by one and merged give what one local pass over the same
// files in the same order gives.
const TREE = 'tests/fixtures/sample-history';
const files = [...historyFiles([TREE])];
const engine = buildEngine({}, REGISTRY);

type Line = Finding | InvalidEntry;

const local = async (inputs: readonly HistoryInput[], filter?: HistoryFilter) => {
  const lines: Line[] = [];
  const summary = await replay({
    engine,
    files: inputs,
    ...(filter ? { filter } : {}),
    onFinding: (evaluated) => lines.push(evaluated.finding),
    onInvalid: (entry) => lines.push(entry),
  });
  return { lines, summary };
};

const batch = async (inputs: readonly HistoryInput[], filter?: HistoryFilter): Promise<Partial> => {
  const recorder = new PartialRecorder();
  const summary = await replay({ engine, files: inputs, ...(filter ? { filter } : {}), ...recorder.callbacks });
  return recorder.partial(summary);
};

/** `inputs` cut into batches of `size`, each replayed alone, then merged. */
const distributed = async (inputs: readonly HistoryInput[], size: number, filter?: HistoryFilter) => {
  const partials: { source: string; text: string }[] = [];
  for (let at = 0; at < inputs.length; at += size) {
    partials.push({ source: `batch ${at / size}`, text: JSON.stringify(await batch(inputs.slice(at, at + size), filter)) });
  }
  const { lines } = mergePartials(partials, 0);
  const parsed = lines.map((line) => JSON.parse(line) as Line | ReplaySummary);
  return { lines: parsed.slice(0, -1) as Line[], summary: parsed.at(-1) as ReplaySummary };
};

const withoutSeconds = (summary: ReplaySummary) => ({ ...summary, seconds: 0 });

describe('backtest merge step', () => {
  const dir = scratch('backtest-merge');

  it('gives the summary and the lines of one local pass over the same files', async () => {
    // Act
    const one = await local(files);
    const merged = await distributed(files, 7);

    // Assess
    expect(one.summary.findings).toBeGreaterThan(50);
    expect(withoutSeconds(merged.summary)).toEqual(withoutSeconds(one.summary));
    expect(merged.lines).toEqual(one.lines);
  });

  it('drops the findings of an event a rule selected when an earlier batch had it (an organization trail and an account trail)', async () => {
    // Prepare: a later file repeats, alone, the selected records of the first log file (and one broken file).
    let first = '';
    let selected = new Set<string>();
    for (const file of files.filter((f) => f.endsWith('.json.gz'))) {
      first = file;
      selected = new Set(((await local([file])).lines as Finding[]).filter((l) => l.type === 'finding').map((f) => f.eventId));
      if (selected.size > 0) break;
    }
    expect(selected.size).toBeGreaterThan(0);
    const records = (JSON.parse(gunzipSync(readFileSync(first)).toString('utf8')) as { Records: { eventID: string }[] }).Records;
    const repeat = dir.write('org-trail.json', JSON.stringify({ Records: records.filter((r) => selected.has(r.eventID)) }));
    const broken = dir.write('broken.json', '{"Records": [');
    const inputs = [...files, repeat, broken];

    // Act
    const one = await local(inputs);
    const merged = await distributed(inputs, 10);

    // Assess
    expect(one.summary.duplicates).toBe(selected.size);
    expect(withoutSeconds(merged.summary)).toEqual(withoutSeconds(one.summary));
    expect(merged.lines).toEqual(one.lines);
  });

  it('counts an event no rule selects twice when two batches hold it (the one difference from a local pass)', async () => {
    // Prepare: the same log file in two batches.
    const first = files.find((file) => file.endsWith('.json.gz'))!;
    const inputs = [first, ...files.filter((file) => file !== first), first];
    const one = await local(inputs);
    const repeated = (await local([first])).summary;

    // Act
    const merged = await distributed(inputs, 50);

    // Assess: selected events are exact, unselected repeats are counted as events, not duplicates.
    const unselected = repeated.events - repeated.matched;
    expect(unselected).toBeGreaterThan(0);
    expect(merged.summary.events).toBe(one.summary.events + unselected);
    expect(merged.summary.duplicates).toBe(one.summary.duplicates - unselected);
    expect({ ...withoutSeconds(merged.summary), events: 0, duplicates: 0 }).toEqual({ ...withoutSeconds(one.summary), events: 0, duplicates: 0 });
    expect(merged.lines).toEqual(one.lines);
  });

  it('applies the same --start/--end/--account/--region filter in every batch', async () => {
    const filter = new HistoryFilter({ accounts: ['111122223333'], start: Date.parse('2026-11-05T12:00:00Z') });
    const one = await local(files, filter);
    const merged = await distributed(files, 5, filter);
    expect(Object.keys(one.summary.filtered).sort()).toEqual(['account', 'time']);
    expect(withoutSeconds(merged.summary)).toEqual(withoutSeconds(one.summary));
  });

  it('refuses a partial of another format version, naming it', () => {
    const text = JSON.stringify({ type: 'partial', version: 99, summary: {}, matched: '', entries: [] });
    expect(() => mergePartials([{ source: 's3://results/runs/r/partials/0000000/a.partial.json', text }], 0)).toThrow(
      /s3:\/\/results\/runs\/r\/partials\/0000000\/a.partial.json is not a version 1 backtest partial/,
    );
    expect(() => mergePartials([{ source: 'batch 3', text: '{' }], 0)).toThrow(/batch 3 is not JSON/);
  });
});
