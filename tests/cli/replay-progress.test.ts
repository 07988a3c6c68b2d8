import { join } from 'node:path';
import { REGISTRY } from '../../bin/registry';
import { replayCommand } from '../../lib/cli/replay-command';
import { Engine } from '../../lib/engine';
import { historyFiles } from '../../lib/history/files';
import { replay } from '../../lib/replay';
import { RULES } from '../../rules';

// A long replay shows where it is; only on a terminal, so piped ndjson output stays clean.
const sample = join(__dirname, '..', 'fixtures', 'sample-history');

test('replay reports progress between files, counting files, events and findings', async () => {
  // Prepare
  const progress: { files: number; events: number; findings: number }[] = [];

  // Act
  const summary = await replay({
    engine: new Engine({ rules: RULES }),
    files: historyFiles([sample]),
    onFinding: () => {},
    onInvalid: () => {},
    onProgress: (p) => progress.push(p),
    progressEveryMs: 0,
  });

  // Assess
  expect(progress.length).toBeGreaterThan(100);
  expect(progress.map((p) => p.files)).toEqual(progress.map((_, i) => i + 1));
  expect(progress.at(-1)).toMatchObject({ events: summary.events, findings: summary.findings });
});

test('the command draws progress on stderr only when it is a terminal', async () => {
  // Prepare
  const run = async (stderrIsTty: boolean) => {
    let stderr = '';
    await replayCommand([sample, '--format', 'ndjson'], { stdout: () => {}, stderr: (t) => (stderr += t), stderrIsTty }, REGISTRY);
    return stderr;
  };

  // Act / Assess: the sample replays well under the 500 ms between progress lines, so a terminal only sees the line
  // cleared if anything was drawn; a pipe sees nothing at all.
  expect(await run(false)).toBe('');
  expect(await run(true)).not.toContain('\n');
});
