import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { needsAllManagementEvents } from '../../lib/cloudtrail/delivery';
import { toEnvelope } from '../../lib/cloudtrail/envelope';
import { isObject, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { historyFiles } from '../../lib/history/files';
import { readHistoryFile } from '../../lib/history/read';
import { compilePattern } from '../../lib/pattern';
import { CATEGORIES } from '../../lib/rule';
import { RULES } from '../../rules';
import { runCli } from '../support/cli';

// The READMEs quote figures from the sample history; regenerating the history (or changing a rule's pattern) must
// not leave them stale. Each claim is found by its sentence, so a reworded claim fails here until this test is
// pointed at the new wording, rather than passing with nothing checked.
const root = join(__dirname, '..', '..');
const sample = join(root, 'tests', 'fixtures', 'sample-history');
const readme = readFileSync(join(root, 'README.md'), 'utf8').replace(/\s+/g, ' ');
const sampleReadme = readFileSync(join(sample, 'README.md'), 'utf8');

/** The numbers a README sentence holds, in order; fails naming the sentence when it is gone. */
const figures = (text: string, claim: RegExp): number[] => {
  const found = claim.exec(text);
  expect({ claim: claim.source, found: found !== null }).toEqual({ claim: claim.source, found: true });
  return found!.slice(1).map((n) => Number(n.replace(/,/g, '')));
};

interface RuleStats {
  readonly id: string;
  readonly selected: number;
  readonly findings: number;
}
interface Summary {
  readonly events: number;
  readonly matched: number;
  readonly byCategory: Record<string, number>;
}

let stats: { events: number; rules: RuleStats[] };
let summary: Summary;
const records: CloudTrailRecord[] = [];
const eventsIn = async (path: string): Promise<number> =>
  (JSON.parse((await runCli('replay', path, '--format', 'ndjson')).lines.at(-1)!) as Summary).events;

beforeAll(async () => {
  // Act
  stats = JSON.parse((await runCli('rules', '--stats', sample, '--format', 'json')).stdout) as typeof stats;
  summary = JSON.parse((await runCli('replay', sample, '--format', 'ndjson')).lines.at(-1)!) as Summary;
  for (const file of historyFiles([sample])) {
    await readHistoryFile(file, {
      record: (record) => void records.push(record),
      envelope: (envelope) => {
        if (isObject(envelope.detail) && typeof envelope.detail.eventID === 'string') records.push(envelope.detail as CloudTrailRecord);
      },
      invalid: (source, reason) => {
        throw new Error(`${source}: ${reason}`);
      },
    });
  }
});

const ruleStats = (predicate: (id: string) => boolean) => {
  const rules = stats.rules.filter((rule) => predicate(rule.id));
  expect(rules.length).toBeGreaterThan(0);
  return {
    rules: rules.length,
    selected: rules.reduce((sum, rule) => sum + rule.selected, 0),
    findings: rules.reduce((sum, rule) => sum + rule.findings, 0),
  };
};
const idsWhere = (predicate: (rule: (typeof RULES)[number]) => boolean): Set<string> => new Set(RULES.filter(predicate).map((rule) => rule.id));

describe('README.md figures from the sample history', () => {
  test('every record of the history was read, once', () => {
    // Assess
    expect(records.length).toBe(summary.events);
    expect(new Set(records.map((record) => record.eventID)).size).toBe(records.length);
  });

  test('the read-only opt-in rules: how many read-only events they select', () => {
    // Prepare
    const [selected, readOnly] = figures(readme, /in the sample history they select (\d+) of its (\d+) read-only Describe\/Get\/List events/);
    // "These rules" are the attack-technique rules, the ones beyond the CIS set (the CIS root-activity and
    // unauthorized-call rules opt in too, to see every call root or a denied caller makes).
    const optIn = idsWhere((rule) => rule.allManagementEvents === true && (rule.references.cis ?? []).length === 0);
    expect(readme).toContain('Four of these rules need read-only calls');

    // Assess
    expect(ruleStats((id) => optIn.has(id))).toEqual({ rules: 4, selected, findings: expect.any(Number) });
    expect(records.filter(needsAllManagementEvents).length).toBe(readOnly);
  });

  test("the key-tampering pattern's extra selections, dropped by the classifier", () => {
    // Prepare
    const [selected, events] = figures(readme, /\((\d+) of the sample history's (\d+) events, dropped by the classifier\)/);

    // Assess
    expect(ruleStats((id) => id === 'kms.responder-key-tampering')).toMatchObject({ selected, findings: 0 });
    expect(summary.events).toBe(events);
  });

  test('the self-protection rules: events selected and findings', () => {
    // Prepare
    const [selected, events, findings] = figures(readme, /On the sample history the \w+ rules select (\d+) of (\d+) events, (\d+) of them findings/);
    const word = /On the sample history the (\w+) rules select/.exec(readme)?.[1] ?? '';
    const stated = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].indexOf(word) + 1 || Number(word);
    const tampering = idsWhere((rule) => rule.category === 'responder-tampering');

    // Assess
    expect(ruleStats((id) => tampering.has(id))).toEqual({ rules: stated, selected, findings });
    expect(summary.events).toBe(events);
  });

  test('the cost section: invocations against events, and the share that are findings', () => {
    // Prepare
    const [selected, events, percent] = figures(readme, /shows how many: (\d+) of (\d+) in the sample history, (\d+)% of them findings/);
    const all = ruleStats(() => true);

    // Assess
    expect(all.selected).toBe(selected);
    expect(stats.events).toBe(events);
    expect(Math.round((100 * all.findings) / all.selected)).toBe(percent);
  });

  test('the performance section: events no rule pattern wants', () => {
    // Prepare
    const [unwanted, events] = figures(readme, /In the sample history, (\d+) of the (\d+) events are wanted by no rule/);
    const patterns = RULES.map((rule) => compilePattern(rule.pattern));

    // Act
    const wanted = records.filter((record) => patterns.some((pattern) => pattern.matches(toEnvelope(record))));

    // Assess
    expect(records.length - wanted.length).toBe(unwanted);
    expect(summary.events).toBe(events);
  });
});

describe("the sample history's own README", () => {
  test('its record count and per-file counts', async () => {
    // Prepare
    const [total] = figures(sampleReadme, /\(deterministic; do not edit by hand\)\. (\d+) records/);
    const [logs] = figures(sampleReadme, /\| `AWSLogs\/[^|]+\|[^|]+\| (\d+) \|/);
    const perExport = await Promise.all(
      ['console-lookup-events.json', 'eventbridge-archive.ndjson', 'shipper-records.ndjson'].map(async (file) => ({
        stated: figures(sampleReadme, new RegExp(`\\| \`exports/${file.replace('.', '\\.')}\` \\|[^|]+\\| (\\d+) \\|`))[0],
        replayed: await eventsIn(join(sample, 'exports', file)),
      })),
    );

    // Assess
    expect(summary.events).toBe(total);
    expect(await eventsIn(join(sample, 'AWSLogs'))).toBe(logs);
    for (const { stated, replayed } of perExport) expect(replayed).toBe(stated);
  });

  test('its expected findings per category and their total', () => {
    // Prepare
    const stated = Object.fromEntries(CATEGORIES.map((category) => [category, figures(sampleReadme, new RegExp(`^\\| ${category} \\| (\\d+) \\|$`, 'm'))[0]]));
    const [total] = figures(sampleReadme, /^\| \*\*total\*\* \| (\d+) \|$/m);

    // Assess
    expect(Object.fromEntries(CATEGORIES.map((category) => [category, summary.byCategory[category] ?? 0]))).toEqual(stated);
    expect(Object.values(summary.byCategory).reduce((a, b) => a + b, 0)).toBe(total);
  });
});
