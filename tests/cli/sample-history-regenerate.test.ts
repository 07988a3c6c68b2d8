import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { scratch } from '../support/cli';

// `npm run fixtures:sample-history` must give no diff when nothing in the story changed, also on a machine whose
// zlib compresses the same records to other bytes: the checked-in tree is the test oracle for replay, and a
// regeneration that rewrites it hides what really changed.
const root = join(__dirname, '..', '..');
const sample = join(root, 'tests', 'fixtures', 'sample-history');
const work = scratch('sample-history');

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();

test('regenerating the sample history over itself changes no file, even where zlib wrote other bytes', () => {
  // Prepare
  const copy = join(work.dir, 'sample-history');
  cpSync(sample, copy, { recursive: true });
  const logFile = filesUnder(copy).find((file) => file.endsWith('.json.gz'))!;
  const otherBytes = gzipSync(gunzipSync(readFileSync(join(copy, logFile))), { level: 1 });
  expect(otherBytes.equals(readFileSync(join(sample, logFile)))).toBe(false);
  writeFileSync(join(copy, logFile), otherBytes);
  const stale = join(copy, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', 'stale_CloudTrail_x.json.gz');
  writeFileSync(stale, gzipSync('{"Records":[]}'));
  const generator = join(work.dir, 'make-sample-history.cjs');
  buildSync({ entryPoints: [join(sample, '..', 'make-sample-history.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: generator, logLevel: 'warning' });

  // Act
  execFileSync(process.execPath, [generator, copy], { cwd: root, stdio: 'pipe' });

  // Assess
  expect(filesUnder(copy)).toEqual(filesUnder(sample));
  const changed = filesUnder(sample).filter((file) => file !== logFile && !readFileSync(join(copy, file)).equals(readFileSync(join(sample, file))));
  expect(changed).toEqual([]);
  expect(readFileSync(join(copy, logFile)).equals(otherBytes)).toBe(true);
});
