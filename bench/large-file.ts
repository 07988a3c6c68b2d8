import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { apiCall } from '../tests/support/records';
import { writeResults } from './lib/history-data';

// Peak RSS of replay over one very large file, in a fresh process: memory must stay bounded by a constant, not by
// the file. Generates the files on the fly into a temp dir (deleted afterwards): an NDJSON file and a gzipped
// `{"Records":[…]}` log file on one line. Each record carries random bytes, so gzip compresses it about as
// much as real CloudTrail (3-4x), and every eventID is unique (no duplicate is dropped). Figures, not assertions.
const { values } = parseArgs({
  options: {
    'ndjson-mb': { type: 'string', default: '2048' },
    'gz-mb': { type: 'string', default: '1024' },
  },
  allowPositionals: true,
  strict: false,
});
const MB = 1024 * 1024;
const ndjsonBytes = Number(values['ndjson-mb']) * MB;
const gzBytes = Number(values['gz-mb']) * MB;

/** Every 1000th record opens SSH to the world: two findings each (sg-open-ingress, sg-change). */
const record = (i: number): string => {
  const id = randomBytes(16).toString('hex');
  const eventID = `${id.slice(0, 8)}-${id.slice(8, 12)}-4${id.slice(13, 16)}-8${id.slice(17, 20)}-${id.slice(20, 32)}`;
  const padding = randomBytes(192).toString('base64');
  if (i % 1000 === 0) {
    return JSON.stringify(
      apiCall({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupIngress',
        eventID,
        requestParameters: {
          groupId: 'sg-0123456789abcdef0',
          ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0', description: padding }] } }] },
        },
        responseElements: { _return: true, securityGroupRuleSet: { items: [{ groupId: 'sg-0123456789abcdef0', securityGroupRuleId: 'sgr-0aaaaaaaaaaaaaaa1', isEgress: false, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }] } },
      }),
    );
  }
  return JSON.stringify(apiCall({ eventSource: 's3.amazonaws.com', eventName: 'PutObject', eventID, requestParameters: { bucketName: 'logs', key: padding } }));
};

const writeNdjson = (path: string): number => {
  const fd = openSync(path, 'w');
  let written = 0;
  let n = 0;
  let batch: string[] = [];
  while (written < ndjsonBytes) {
    const line = `${record(n++)}\n`;
    written += line.length;
    batch.push(line);
    if (batch.length === 2000) {
      writeSync(fd, batch.join(''));
      batch = [];
    }
  }
  writeSync(fd, batch.join(''));
  closeSync(fd);
  return n;
};

const writeGzipLog = async (path: string): Promise<number> => {
  const gzip = createGzip({ level: 1 });
  const done = new Promise<void>((resolve, reject) => gzip.pipe(createWriteStream(path)).on('finish', resolve).on('error', reject));
  let n = 0;
  let compressed = 0;
  gzip.on('data', (chunk: Buffer) => (compressed += chunk.length));
  gzip.write('{"Records":[');
  while (compressed < gzBytes) {
    const batch: string[] = [];
    for (let k = 0; k < 2000; k++) batch.push(record(n++));
    if (!gzip.write(`${n > 2000 ? ',' : ''}${batch.join(',')}`)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end(']}');
  await done;
  return n;
};

const replayInChild = (path: string) => {
  const child = spawnSync(process.execPath, [join(__dirname, 'rss-child.cjs'), path], { encoding: 'utf8', maxBuffer: 16 * MB });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout) as { events: number; findings: number; invalid: number; maxRssKb: number; seconds: number };
};

const main = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-large-'));
  try {
    const rows: string[] = [];
    const results: { label: string; megabytes: number; records: number; rssMegabytes: number; seconds: number; correct: boolean }[] = [];
    const ndjson = join(dir, 'large.ndjson');
    const ndjsonRecords = writeNdjson(ndjson);
    const gz = join(dir, 'large.json.gz');
    const gzRecords = await writeGzipLog(gz);
    for (const [label, path, generated] of [
      ['NDJSON', ndjson, ndjsonRecords],
      ['{"Records":[…]} .json.gz, one line', gz, gzRecords],
    ] as const) {
      const run = replayInChild(path);
      const expectedFindings = 2 * Math.ceil(generated / 1000);
      const correct = run.events === generated && run.findings === expectedFindings && run.invalid === 0;
      results.push({ label, megabytes: statSync(path).size / MB, records: generated, rssMegabytes: run.maxRssKb / 1024, seconds: run.seconds, correct });
      rows.push(
        `  ${label.padEnd(36)} ${(statSync(path).size / MB).toFixed(0).padStart(6)} MB  ${String(generated).padStart(9)} records  ` +
          `peak RSS ${(run.maxRssKb / 1024).toFixed(0).padStart(4)} MB  ${run.seconds.toFixed(1).padStart(6)} s  ${correct ? 'all events and findings' : `WRONG: ${JSON.stringify(run)}`}`,
      );
    }
    writeResults('large-file', { files: results });
    process.stdout.write(`\nLarge single files (generated in a temp dir, one fresh process each):\n${rows.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
