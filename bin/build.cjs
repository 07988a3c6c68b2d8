#!/usr/bin/env node
// Bundles the CLI (TypeScript sources, rules included) into one CommonJS file: one file to load starts fast,
// and Node 20 runs it without a TypeScript loader. `npm ci` runs this through the `prepare` script.
const { buildSync } = require('esbuild');
const { join } = require('node:path');

const root = join(__dirname, '..');
const outfile = join(root, '.build', 'trailguard.cjs');
// Replay worker threads (lib/replay/workers.ts) load this smaller bundle: no CLI, no source map.
const workerfile = join(root, '.build', 'replay-worker.cjs');
// `replay s3://…` loads the S3 reader, and with it the AWS SDK (1.4 MB of the 1.8 MB the CLI bundle was), from its
// own bundle on first use (lib/cli/replay-parallel-option.ts registerS3Reader): every other command starts without
// reading and compiling it, about 60 ms of CPU.
const s3file = join(root, '.build', 'history-s3.cjs');
// `replay --distributed` (Step Functions and S3 clients) likewise (lib/cli/replay-command.ts registerDistributedReplay).
const distributedfile = join(root, '.build', 'replay-distributed.cjs');

// Every bundle: CommonJS for Node 20, error classes keeping their names (they name themselves from their
// constructor, lib/errors.ts, and the CLI tells its own errors apart by name across bundles).
const bundle = (entry, file, options = {}) =>
  buildSync({ entryPoints: [entry], outfile: file, bundle: true, platform: 'node', target: 'node20', format: 'cjs', keepNames: true, logLevel: 'warning', ...options });

const build = () => {
  bundle(join(__dirname, 'trailguard.ts'), outfile, {
    // A map beside the bundle, not inside it: Node reads it only under --enable-source-maps, while an inline map
    // (4 MB of base64 in a 6 MB file) was read and scanned at every start, about 100 ms of CPU per command.
    sourcemap: 'linked',
    // The reader's and --distributed's own imports, left to run time: the entry registers their bundles instead.
    external: ['../history/s3', './replay-distributed'],
  });
  bundle(join(root, 'lib', 'history', 's3.ts'), s3file);
  bundle(join(root, 'lib', 'cli', 'replay-distributed.ts'), distributedfile);
  bundle(join(__dirname, 'replay-worker.ts'), workerfile);
  return outfile;
};

module.exports = { build, outfile };
if (require.main === module) build();
