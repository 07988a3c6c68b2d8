import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { toEnvelope } from '../../lib/cloudtrail/envelope';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { historyFiles } from '../../lib/history/files';
import { fmt } from './stats';

// Bench scripts run bundled from .build/: the project root is one level up.
export const ROOT = join(__dirname, '..');
export const BUILD = join(ROOT, '.build');
export const RESULTS = join(BUILD, 'bench-results');

/** The synthetic S3 tree of `records` CloudTrail records for `seed`, generated once and reused. */
export function ensureHistory(dataRoot: string, records: number, seed: string): string {
  const dir = join(dataRoot, `history-${records}-seed${seed}`);
  if (existsSync(join(dir, 'DONE'))) return dir;
  const generator = join(BUILD, 'generate-history.cjs');
  buildSync({ entryPoints: [join(ROOT, 'bench', 'synthetic', 'generate.ts')], outfile: generator, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  process.stderr.write(`generating ${fmt(records)} records into ${dir} …\n`);
  execFileSync(process.execPath, [generator, '--out', dir, '--records', String(records), '--seed', seed], { stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(join(dir, 'DONE'), '');
  return dir;
}

/** The history's records as EventBridge events, one per line (at most `limit`), written once beside it. */
export function ensureEventLines(historyDir: string, limit: number): string {
  const file = `${historyDir}-events-${limit}.ndjson`;
  if (existsSync(file)) return file;
  const lines: string[] = [];
  for (const path of historyFiles([historyDir])) {
    for (const record of (JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as { Records: CloudTrailRecord[] }).Records) {
      if (lines.length < limit) lines.push(JSON.stringify(toEnvelope(record)));
    }
    if (lines.length >= limit) break;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

export function writeResults(name: string, results: unknown): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
}
