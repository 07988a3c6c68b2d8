import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

  test('the bundle links its source map instead of carrying it: every start reads and parses the bundle', () => {
    // Act: the command runs the bundle, building it first when stale.
    const result = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });

    // Assess
    expect(result.status).toBe(0);
    const bundle = join(__dirname, '..', '..', '.build', 'trailguard.cjs');
    const tail = readFileSync(bundle, 'utf8').slice(-200);
    expect(tail).toMatch(/\/\/# sourceMappingURL=trailguard\.cjs\.map\s*$/);
    expect(existsSync(`${bundle}.map`)).toBe(true);
  });

  test('the AWS SDK is not in the bundle every command loads: the S3 reader and --distributed have their own, loaded on use', () => {
    // Act
    const result = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });

    // Assess: esbuild names each bundled module in a comment; tests/history/s3-replay.test.ts runs the reader.
    expect(result.status).toBe(0);
    const build = join(__dirname, '..', '..', '.build');
    expect(readFileSync(join(build, 'trailguard.cjs'), 'utf8')).not.toMatch(/node_modules\/@aws-sdk\//);
    expect(readFileSync(join(build, 'history-s3.cjs'), 'utf8')).toMatch(/node_modules\/@aws-sdk\/client-s3\//);
    expect(readFileSync(join(build, 'replay-distributed.cjs'), 'utf8')).toMatch(/node_modules\/@aws-sdk\/client-sfn\//);
  });

  test('--distributed from its own bundle: an AWS failure is still a usage error (exit 2) naming the stage', () => {
    // Prepare: credentials that sign, and an endpoint on loopback that refuses the connection.
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' };

    // Act
    const result = spawnSync(process.execPath, [bin, 'replay', 's3://acme-org-cloudtrail/AWSLogs/', '--distributed', '--stage', 'prod'], { encoding: 'utf8', env });

    // Assess: the error crossed from replay-distributed.cjs as the CLI's own UsageError, not as a crash.
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^trailguard replay: --distributed \(stage prod\): /m);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
