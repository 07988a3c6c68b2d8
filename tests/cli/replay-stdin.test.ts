import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { runCliWith } from '../support/cli';
import { rootSignIn, worldOpenSsh } from '../support/history-records';

// `-` reads stdin: `zcat … | trailguard replay -`, `jq '.Records[]' … | trailguard replay -`.
test('replay - reads pretty records from stdin', async () => {
  // Prepare
  const text = [worldOpenSsh(), rootSignIn()].map((r) => JSON.stringify(r, null, 2)).join('\n');

  // Act
  const { code, lines } = await runCliWith({ stdin: Readable.from([Buffer.from(text)]) }, 'replay', '-', '--format', 'ndjson');

  // Assess
  expect(code).toBe(0);
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ files: 1, events: 2, invalid: 0 });
});

test('replay - reads a gzipped log file from stdin', async () => {
  const { lines } = await runCliWith({ stdin: Readable.from([gzipSync(JSON.stringify({ Records: [worldOpenSsh()] }))]) }, 'replay', '-', '--format', 'ndjson');
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ events: 1, findings: 2 });
});

test('an empty stdin exits 3, naming stdin', async () => {
  const { code, stderr } = await runCliWith({ stdin: Readable.from([]) }, 'replay', '-');
  expect(code).toBe(3);
  expect(stderr).toContain('stdin: file is empty');
});
