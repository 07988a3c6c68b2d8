import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The installed command: `npx trailguard` runs bin/trailguard.cjs, which runs the bundle `npm ci` built.
const bin = join(__dirname, '..', '..', 'bin', 'trailguard.cjs');

describe('trailguard command', () => {
  test('--help lists every command', () => {
    const result = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    for (const command of ['replay', 'match', 'rules']) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  test('a closed pipe ends the output quietly', () => {
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" rules --format json | head -c 10`], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });
});
