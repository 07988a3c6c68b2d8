#!/usr/bin/env node
// `npm run bench`: bundles the benchmark (TypeScript, with the same lib/ and rules/ as the CLI) and runs it.
// Extra arguments pass through, e.g. `npm run bench -- --records 400000 --rounds 7`.
const { buildSync } = require('esbuild');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const out = join(__dirname, '..', '.build');
for (const name of ['replay-bench', 'rss-child', 'large-file']) {
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
// `--ndjson-mb N` and `--gz-mb N` size the large-file figure (defaults 2048 and 1024); the rest go to replay-bench.
const args = process.argv.slice(2);
const largeArgs = [];
const benchArgs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--ndjson-mb' || args[i] === '--gz-mb') largeArgs.push(args[i], args[++i]);
  else benchArgs.push(args[i]);
}
const result = spawnSync(process.execPath, ['--expose-gc', join(out, 'replay-bench.cjs'), ...benchArgs], { stdio: 'inherit' });
// Peak RSS over one very large file, generated into a temp dir and deleted afterwards.
const large = spawnSync(process.execPath, [join(out, 'large-file.cjs'), ...largeArgs], { stdio: 'inherit' });
process.exitCode = result.status || large.status || 0;
