#!/usr/bin/env node
// `npm run bench`: bundles the benchmark (TypeScript, with the same lib/ and rules/ as the CLI) and runs it.
// Extra arguments pass through, e.g. `npm run bench -- --records 400000 --rounds 7`.
const { buildSync } = require('esbuild');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const out = join(__dirname, '..', '.build');
for (const name of ['replay-bench', 'rss-child']) {
  buildSync({
    entryPoints: [join(__dirname, `${name}.ts`)],
    outfile: join(out, `${name}.cjs`),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // esbuild itself must stay a package: bundled, its sync API cannot find its own binary and hangs.
    external: ['esbuild'],
    logLevel: 'warning',
  });
}
const result = spawnSync(process.execPath, ['--expose-gc', join(out, 'replay-bench.cjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;
