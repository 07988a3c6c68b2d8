import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { historyFiles } from '../lib/history/files';
import { RULES } from '../rules';
import { BUILD, ensureHistory, ROOT, writeResults } from './lib/history-data';
import { alternate, fmt, median, runChild } from './lib/stats';

// Replay against its floor (read + gunzip + JSON.parse of the same files). Both run in fresh processes, one core,
// alternated round by round, medians compared: replay does all of the floor's work, so it can only be slower.
// Not strict: `npm run bench` passes the same arguments to every bench, each reads its own.
const { values } = parseArgs({
  strict: false,
  options: {
    records: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    data: { type: 'string', default: join(ROOT, 'bench', '.data') },
  },
});
const rounds = Number(String(values.rounds));
const history = ensureHistory(String(values.data), Number(String(values.records)), String(values.seed));
const files = [...historyFiles([history])];
let gzBytes = 0;
for (const file of files) gzBytes += statSync(file).size;

interface Floor {
  seconds: number;
  records: number;
  bytes: number;
}
interface Replayed {
  seconds: number;
  records: number;
  findings: number;
}
const child = join(BUILD, 'replay-child.cjs');
const [floors, replays] = alternate<Floor | Replayed>(rounds, [
  () => runChild<Floor>(child, ['--mode', 'floor', '--history', history]),
  () => runChild<Replayed>(child, ['--mode', 'replay', '--history', history]),
]) as [Floor[], Replayed[]];
const floorSeconds = median(floors.map((r) => r.seconds));
const replaySeconds = median(replays.map((r) => r.seconds));
const records = floors[0]!.records;
const mb = floors[0]!.bytes / 1e6;
const { findings, records: replayed } = replays[0]!;

// Peak RSS in fresh processes over 1x and 4x the files (the same tree listed four times): flat means
// memory does not grow with the number of files.
const rss = (copies: number) => {
  const run = spawnSync(process.execPath, [join(BUILD, 'rss-child.cjs'), ...Array<string>(copies).fill(history)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { events: number; maxRssKb: number };
};
const rss1 = rss(1);
const rss4 = rss(4);

const floorRate = records / floorSeconds;
const replayRate = replayed / replaySeconds;
writeResults('replay', {
  rounds,
  files: files.length,
  records,
  gzMegabytes: gzBytes / 1e6,
  jsonMegabytes: mb,
  rules: RULES.length,
  floorPerSecond: floorRate,
  replayPerSecond: replayRate,
  ratio: replayRate / floorRate,
  findings,
  rssMegabytes: rss1.maxRssKb / 1024,
  rss4Megabytes: rss4.maxRssKb / 1024,
});
process.stdout.write(
  [
    `replay: ${fmt(files.length)} files, ${fmt(records)} records, ${fmt(gzBytes / 1e6, 1)} MB gzipped, ${fmt(mb, 1)} MB of JSON; ${rounds} alternated rounds of fresh processes, one core, medians`,
    `  floor  (read + gunzip + JSON.parse)  ${fmt(floorRate).padStart(9)} records/s  ${fmt(mb / floorSeconds, 1)} MB/s  (${fmt(floorSeconds, 3)} s)`,
    `  replay (${RULES.length} rules, ndjson output)     ${fmt(replayRate).padStart(9)} records/s  ${fmt(mb / replaySeconds, 1)} MB/s  (${fmt(replaySeconds, 3)} s, ${fmt(findings)} findings)`,
    `  replay / floor                        ${fmt((100 * replayRate) / floorRate, 1)} %`,
    `  peak RSS, fresh process: ${fmt(rss1.events)} events from ${fmt(files.length)} files: ${fmt(rss1.maxRssKb / 1024, 1)} MB;` +
      ` ${fmt(rss4.events)} events from ${fmt(files.length * 4)} files: ${fmt(rss4.maxRssKb / 1024, 1)} MB (x${fmt(rss4.maxRssKb / rss1.maxRssKb, 2)})`,
  ].join('\n') + '\n',
);
