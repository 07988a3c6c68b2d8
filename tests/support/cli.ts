import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../lib/cli/main';

/** Runs the CLI in-process, capturing what it writes. */
export const runCli = (...argv: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTty: false });
  // An asynchronous run (S3, worker threads) writes after returning: read it through stdoutNow/stderrNow.
  return { code, stdout, stderr, lines: stdout.split('\n').filter(Boolean), stdoutNow: () => stdout, stderrNow: () => stderr };
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
