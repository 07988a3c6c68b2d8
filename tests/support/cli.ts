import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { REGISTRY } from '../../bin/registry';
import { main } from '../../lib/cli/main';

/** Runs the CLI in-process over the rules the `trailguard` command binds, capturing what it writes. */
export const runCli = async (...argv: string[]) => runCliWith({}, ...argv);

/** The same, with a stdin (for `-`) or a terminal width. */
export const runCliWith = async (io: { stdin?: Readable; columns?: number }, ...argv: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTty: false, ...io }, REGISTRY);
  return { code, stdout, stderr, lines: stdout.split('\n').filter(Boolean) };
};

/** A scratch directory for one test file, removed afterwards. */
export const scratch = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `trailguard-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name: string, content: string | Buffer): string {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      return path;
    },
  };
};
