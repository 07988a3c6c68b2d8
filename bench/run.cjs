#!/usr/bin/env node
// `npm run bench`: bundles every bench script and its children (TypeScript, with the same lib/ and rules/ as the
// CLI) and runs the benches in turn. Each writes its figures to .build/bench-results/<name>.json, from which
// `npm run bench:readme` regenerates the README's performance table.
//   npm run bench                                  every bench, default sizes
//   npm run bench -- --only match --rounds 3       one bench; other arguments pass through to every bench run
// A new bench: add an entry below (its script, the children it spawns, its default arguments).
const { buildSync } = require('esbuild');
const { spawnSync } = require('node:child_process');
const { mkdirSync, writeFileSync } = require('node:fs');
const { cpus, totalmem, platform, arch } = require('node:os');
const { join } = require('node:path');

const BENCHES = [
  { name: 'replay', script: 'replay-bench', children: ['replay-child', 'rss-child'] },
  { name: 'match', script: 'match-bench', children: ['match-child'] },
  // Peak RSS over one very large file (`--ndjson-mb N`, `--gz-mb N`), generated into a temp dir and deleted after.
  { name: 'large-file', script: 'large-file', children: ['rss-child'] },
  // Every packaged function's cold start and first event under Node.js 22, against an empty process.
  { name: 'cold-start', script: 'cold-start', children: [] },
];

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1].split(',') : null;
const unknown = only?.filter((name) => !BENCHES.some((b) => b.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(', ')}; benches: ${BENCHES.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

const out = join(__dirname, '..', '.build');
const build = (name) =>
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

const selected = BENCHES.filter((b) => only === null || only.includes(b.name));
for (const bench of selected) for (const name of [bench.script, ...bench.children]) build(name);

const cpu = cpus();
const machine = {
  date: new Date().toISOString().slice(0, 10),
  cpu: `${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  os: `${platform()} ${arch()}`,
  node: process.version,
};
mkdirSync(join(out, 'bench-results'), { recursive: true });
writeFileSync(join(out, 'bench-results', 'machine.json'), `${JSON.stringify(machine, null, 2)}\n`);
console.log(`trailguard benchmark — ${machine.date}, ${machine.cpu}, ${machine.memoryGb} GB, ${machine.os}, node ${machine.node}`);

let status = 0;
for (const bench of selected) {
  console.log('');
  const result = spawnSync(process.execPath, ['--expose-gc', join(out, `${bench.script}.cjs`), ...args], { stdio: 'inherit' });
  if (result.status !== 0) status = result.status ?? 1;
}
process.exitCode = status;
