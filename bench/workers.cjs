#!/usr/bin/env node
// `npm run bench` (after bench/run.cjs): replay throughput on one core and on all cores against the one-core
// floor (read + gunzip + JSON.parse of every file), each measured in its own process, the three alternated round
// by round, medians reported, with each process's peak RSS (worker threads included: they share the process).
// Usage: node bench/workers.cjs [--rounds 5] [--workers N] [--dir bench/.data/history-200000-seed1]
//                               [--large-records 600000] [--large-rounds 3]
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { readFileSync, readdirSync, existsSync, writeFileSync, writeSync } = require('node:fs');
const { availableParallelism } = require('node:os');
const { join } = require('node:path');
const { gunzipSync } = require('node:zlib');

const root = join(__dirname, '..');
const bundle = join(root, '.build', 'trailguard.cjs');

const files = (dir) =>
  readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : /\.json(\.gz)?$/.test(entry.name) ? [join(dir, entry.name)] : []));

/** The synthetic history bench/lib/history-data.ts's ensureHistory would write: generated once, then reused. */
const ensureHistory = (data, records, seed) => {
  const dir = join(data, `history-${records}-seed${seed}`);
  if (existsSync(join(dir, 'DONE'))) return dir;
  const generator = join(root, '.build', 'generate-history.cjs');
  require('esbuild').buildSync({ entryPoints: [join(root, 'bench', 'synthetic', 'generate.ts')], outfile: generator, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  process.stderr.write(`generating ${records} records into ${dir} …\n`);
  spawnSync(process.execPath, [generator, '--out', dir, '--records', String(records), '--seed', seed], { stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(join(dir, 'DONE'), '');
  return dir;
};

const report = (extra) => {
  // CPU time counts every thread of the process: how much work a run took, whatever else ran on the machine.
  const usage = process.resourceUsage();
  writeSync(2, `BENCH ${JSON.stringify({ maxRssKb: usage.maxRSS, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, ...extra })}\n`);
};

const [mode, ...rest] = process.argv.slice(2);
if (mode === '--child-floor') {
  // `--child-floor <dir> [share count]`: every file, or every count-th from the share-th (floors side by side).
  const [dir, share = '0', count = '1'] = rest;
  let records = 0;
  for (const file of files(dir).filter((_, i) => i % Number(count) === Number(share))) {
    let bytes = readFileSync(file);
    // Inflated into one buffer sized from the gzip trailer (ISIZE), as replay does (lib/history/read.ts
    // inflateChunkSize): the floor must be the cheapest way to do the work, not zlib's default 16 KB chunks.
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes, { chunkSize: Math.max(16 * 1024, bytes.readUInt32LE(bytes.length - 4) + 64) });
    records += JSON.parse(bytes.toString('utf8')).Records.length;
  }
  report({ records });
} else if (mode === '--child-replay') {
  // The CLI exactly as users run it, ndjson to /dev/null.
  process.argv = [process.argv[0], bundle, 'replay', rest[0], '--format', 'ndjson', '--workers', rest[1]];
  process.on('exit', () => report({}));
  require(bundle);
} else {
  const arg = (name, fallback) => {
    const at = process.argv.indexOf(`--${name}`);
    return at === -1 ? fallback : process.argv[at + 1];
  };
  const rounds = Number(arg('rounds', '5'));
  const cores = Number(arg('workers', String(availableParallelism())));
  // The history the replay bench generates (its defaults: 200,000 records, seed 1), so `npm run bench` runs this
  // step on a fresh checkout; `npm run bench:generate` writes bench/.data/history, used when that is all there is.
  const data = join(root, 'bench', '.data');
  const dir = arg('dir', [join(data, 'history-200000-seed1'), join(data, 'history')].find((candidate) => existsSync(candidate)) ?? join(data, 'history-200000-seed1'));
  if (!existsSync(dir)) {
    console.error(`no benchmark history in ${dir}: run \`npm run bench\` (its replay step generates it) first`);
    process.exit(1);
  }
  if (!existsSync(bundle)) {
    console.error('no CLI bundle: run `npm run build` first');
    process.exit(1);
  }
  const run = (args) => {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [__filename, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const line = child.stderr.split('\n').find((l) => l.startsWith('BENCH '));
    if (child.status !== 0 || !line) throw new Error(`${args.join(' ')} failed (${child.status}): ${child.stderr.slice(-2000)}`);
    return { seconds, ...JSON.parse(line.slice(6)) };
  };
  /**
   * One floor process per core, each over its share of the files, side by side: the wall time until the last ends.
   * What the cores give when the work splits perfectly and no thread talks to another: the ceiling for replay.
   */
  const runFloors = (history) =>
    new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      let left = cores;
      for (let share = 0; share < cores; share++) {
        const child = spawn(process.execPath, [__filename, '--child-floor', history, String(share), String(cores)], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('close', (status) => {
          if (status !== 0) reject(new Error(`floor share ${share} failed (${status}): ${stderr.slice(-2000)}`));
          else if (--left === 0) resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9 });
        });
      }
    });
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const measure = async (history, rounds) => {
    const variants = {
      floor: ['--child-floor', history],
      floors: null,
      one: ['--child-replay', history, '1'],
      all: ['--child-replay', history, String(cores)],
    };
    const results = { floor: [], floors: [], one: [], all: [] };
    let records = 0;
    for (let round = 0; round < rounds; round++) {
      // Alternated, and the order rotated each round, so a slow patch of a shared machine hits every variant.
      const order = Object.keys(variants);
      for (let i = 0; i < round % order.length; i++) order.push(order.shift());
      for (const name of order) {
        const result = name === 'floors' ? await runFloors(history) : run(variants[name]);
        if (name === 'floor') records = result.records;
        results[name].push(result);
      }
    }
    const floorRate = records / median(results.floor.map((r) => r.seconds));
    console.log(`\nworker threads: ${fmt(records)} records, ${rounds} rounds, each run its own process, medians (process start included)`);
    for (const [name, label] of [['floor', 'floor, 1 core (read+gunzip+parse)'], ['one', 'replay --workers 1'], ['all', `replay --workers ${cores}`]]) {
      const seconds = median(results[name].map((r) => r.seconds));
      const rss = median(results[name].map((r) => r.maxRssKb)) / 1024;
      const rate = records / seconds;
      const cpu = median(results[name].map((r) => r.cpuSeconds));
      console.log(`  ${label.padEnd(36)} ${fmt(rate).padStart(10)} records/s  ${fmt(rate / floorRate, 2)}x floor  ${fmt(seconds, 2)} s  CPU ${fmt(cpu, 2)} s  peak RSS ${fmt(rss)} MB`);
    }
    const floorsRate = records / median(results.floors.map((r) => r.seconds));
    console.log(`  ${`${cores} floor processes side by side`.padEnd(36)} ${fmt(floorsRate).padStart(10)} records/s  ${fmt(floorsRate / floorRate, 2)}x floor  (each over 1/${cores} of the files: what ${cores} cores give with a perfect split)`);
    const speedup = records / median(results.all.map((r) => r.seconds)) / floorRate;
    console.log(`  all cores / one-core floor: ${fmt(speedup, 2)}x (target >= 1.6x on 2 cores) ${speedup >= 1.6 ? 'MET' : 'NOT MET'}`);
    // Wall time only shows the speed-up when the cores are free: the load average says whether they were.
    console.log(`  load average at the end: ${require('node:os').loadavg().map((n) => fmt(n, 2)).join(', ')} on ${availableParallelism()} cores`);
  };
  (async () => {
    await measure(dir, rounds);
    // A larger history (default 600,000 records, 3 rounds, about 40 s): the fixed costs of a run (process and
    // worker start-up, the last task) weigh less, so this shows how the ratio grows with the history. 0 skips it.
    const largeRecords = Number(arg('large-records', '600000'));
    if (largeRecords > 0) await measure(ensureHistory(data, largeRecords, '1'), Number(arg('large-rounds', '3')));
  })().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
