import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The generator is the plain CommonJS script `npm run bench:readme` runs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { START, END, renderPerformance, replaceBetweenMarkers } = require('../../bench/readme-table.cjs') as {
  START: string;
  END: string;
  renderPerformance(results: object): string;
  replaceBetweenMarkers(readme: string, body: string): string;
};

const RESULTS = {
  machine: { date: '2026-12-05', cpu: '2 x Example CPU', memoryGb: 24, os: 'linux x64', node: 'v20.20.2' },
  replay: { rounds: 5, files: 2870, records: 200533, gzMegabytes: 42.5, jsonMegabytes: 319, rules: 18, floorPerSecond: 121966.4, replayPerSecond: 100000, ratio: 0.8199, findings: 478, rssMegabytes: 115.2, rss4Megabytes: 118.5 },
  match: {
    rounds: 5,
    lines: 50000,
    rows: [
      { bank: 'rules', patterns: 18, floorPerSecond: 190000, matchPerSecond: 170000, ratio: 0.8947, matchedLines: 120, matches: 130, identical: true },
      { bank: '2000', patterns: 2000, floorPerSecond: 190000, matchPerSecond: 95000, ratio: 0.5, matchedLines: 40000, matches: 180000, identical: true },
    ],
  },
  largeFile: {
    files: [{ label: 'NDJSON', megabytes: 2048.2, records: 1681167, rssMegabytes: 200.4, seconds: 20.23, correct: true }],
  },
  coldStart: {
    rounds: 10,
    node: 'v22.23.5',
    pinned: true,
    emptyMs: 61.25,
    functions: [{ function: 'securityGroup', bundleKb: 1194.4, readyMs: 400, overEmptyMs: 338.75, loadMs: 320.5, firstEventMs: 95.04 }],
  },
};

const between = (text: string): string => text.slice(text.indexOf(START) + START.length, text.indexOf(END));

describe('README performance table', () => {
  test('renders the machine, the date and every figure of the results', () => {
    // Prepare
    const results = RESULTS;

    // Act
    const body = renderPerformance(results);

    // Assess
    expect(body).toContain('Measured 2026-12-05 on 2 x Example CPU (24 GB, linux x64), Node 20.20.2.');
    expect(body).toContain('| floor: read + gunzip + `JSON.parse` of every file | 121,966 records/s |');
    expect(body).toContain('| `replay`, all 18 rules, ndjson output | 100,000 records/s (478 findings) |');
    expect(body).toContain('| replay / floor | **82.0 %** |');
    expect(body).toContain('| 18 (the deployed rules) | 190,000/s | 170,000/s | **89.5 %** | 120 | 130 |');
    expect(body).toContain('| 2,000 | 190,000/s | 95,000/s | **50.0 %** | 40,000 | 180,000 |');
    expect(body).toContain('under Node.js 22.23.5');
    expect(body).toContain('The empty process is ready in 61.3 ms.');
    expect(body).toContain('| NDJSON | 2,048 MB | 1,681,167 | **200 MB** | 20.2 s | every event and finding |');
    expect(body).toContain('| `securityGroup` | 1,194 KB | +338.8 ms | 320.5 ms | 95.0 ms |');
  });

  test('replaces only what lies between the markers, the same way every time', () => {
    // Prepare
    const readme = `# x\n\nbefore\n${START}\nold figures\n${END}\nafter\n`;

    // Act
    const once = replaceBetweenMarkers(readme, renderPerformance(RESULTS));
    const twice = replaceBetweenMarkers(once, renderPerformance(RESULTS));

    // Assess
    expect(once).not.toContain('old figures');
    expect(once.startsWith('# x\n\nbefore\n')).toBe(true);
    expect(once.endsWith(`${END}\nafter\n`)).toBe(true);
    expect(twice).toBe(once);
  });

  test('the README holds a generated table of every bench figure', () => {
    // Prepare
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

    // Act
    const block = between(readme);

    // Assess: the shape only; the figures are whatever the last run measured.
    expect(readme.split(START)).toHaveLength(2);
    expect(block).toMatch(/^Measured \d{4}-\d\d-\d\d on .+, Node \d+\.\d+\.\d+\.$/m);
    for (const measure of ['floor: read + gunzip', '`replay`, all', 'replay / floor', 'peak RSS']) expect(block).toContain(`| ${measure}`);
    const matchRows = block.split('\n').filter((line) => /^\| [\d,]+( \(the deployed rules\))? \|/.test(line));
    const { RULES } = require('../../rules') as { RULES: readonly unknown[] };
    expect(matchRows.map((line) => line.split(' | ')[0])).toEqual([`| ${RULES.length} (the deployed rules)`, '| 200', '| 2,000', '| 5,000']);
    for (const row of matchRows) expect(row).toMatch(/\| \*\*[\d.]+ %\*\* \| [\d,]+ \| [\d,]+ \|$/);
  });
});
