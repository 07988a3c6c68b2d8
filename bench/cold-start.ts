import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageStages, type Template } from '../tests/deploy/packaged';
import { listZip } from '../tests/deploy/zip';
import { CreatedResources } from '../tests/live/support/template';
import { BUILD, ROOT, writeResults } from './lib/history-data';
import { fmt, median } from './lib/stats';

// Cold start of every packaged prod function under Node.js 22 (the nodejs22.x runtime), each in fresh processes
// with the environment its template gives it: the time from spawning the process to the handler being loaded,
// against the same process loading nothing (the empty baseline), then the first event handled with AWS stubbed on
// loopback (every call answered at once, so the figure is our code's, not the network's). Rounds alternate the
// empty baseline and each function; medians. Pinned to one core when `taskset` exists: Lambda at 256 MB gets a
// fraction of one, so these are lower bounds. Not strict: `npm run bench` passes the same arguments to every bench.
const { values } = parseArgs({
  strict: false,
  options: {
    rounds: { type: 'string', default: '10' },
    cpu: { type: 'string', default: '1' },
  },
});
const rounds = Number(String(values.rounds));

/** The first event each function gets: one its rules match, and that makes it act (revoke, restart, alert). */
const FIRST_EVENTS: Readonly<Record<string, string>> = {
  securityGroup: 'sg-open-ingress.json',
  trail: 'stop-logging.json',
  alert: 'root-login.json',
  // Its own EventBridge rule disabled: DescribeRule (the stub answers with no state, so nothing to re-enable), alert.
  selfProtection: 'disable-rule.json',
  // A snapshot shared with another account: DescribeSnapshotAttribute (the stub lists no share left), alert.
  sharing: 'snapshot-shared.json',
};

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

/** Every resource of the template as CloudFormation would name it, so each function's environment resolves. */
const placeholders = (template: Template): CreatedResources => {
  const created = new CreatedResources(template, { region: REGION, account: ACCOUNT, partition: 'aws', urlSuffix: 'amazonaws.com', stackName: 'trailguard-prod' });
  let n = 0;
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const service = resource.Type.split('::')[1]!.toLowerCase();
    // Names may be built with Fn::Join / Fn::Sub over the stack's pseudo parameters: resolve them as CloudFormation would.
    const declared: unknown = resource.Properties?.RoleName ?? resource.Properties?.FunctionName ?? resource.Properties?.TableName ?? logicalId;
    const name = String(typeof declared === 'string' ? declared : created.resolve(declared));
    const resourcePart =
      service === 'iam' ? `role/${name}` : resource.Type === 'AWS::KMS::Key' ? `key/1234abcd-12ab-34cd-56ef-${String(++n).padStart(12, '0')}` : name;
    const arn = `arn:aws:${service}:${service === 'iam' ? '' : REGION}:${ACCOUNT}:${resourcePart}`;
    const ref = resource.Type === 'AWS::SNS::Topic' || resource.Type === 'AWS::SQS::Queue' ? arn : name;
    created.set(logicalId, ref, { Arn: arn, RoleId: `AROAZZZZZZZZZZZZZZ${String(++n).padStart(3, '0')}`, QueueName: name, TopicName: name });
  }
  return created;
};

/** An AWS endpoint that says yes to everything, in each protocol's shape (query XML, JSON), without delay. */
const startStub = async (): Promise<{ url: string; calls: string[]; close: () => void }> => {
  const calls: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = request.headers['x-amz-target'];
      if (typeof target === 'string') {
        calls.push(target.split('.').pop()!);
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'stub' });
        response.end(target.endsWith('.Publish') ? '{"MessageId":"stub-message"}' : '{}');
        return;
      }
      const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1] ?? 'Unknown';
      calls.push(action);
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(
        action === 'Publish'
          ? '<PublishResponse><PublishResult><MessageId>stub-message</MessageId></PublishResult><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></PublishResponse>'
          : `<${action}Response><requestId>stub</requestId><return>true</return></${action}Response>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, close: () => server.close() };
};

interface Run {
  readyMs: number;
  loadMs: number;
  firstEventMs?: number;
  ok?: boolean;
  error?: string;
}

/** One fresh process: wall time from spawn to its ready line, then (for a function) its first event. */
const runOnce = (command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> =>
  new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    let stderr = '';
    let run: Run | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (!line.startsWith('{"type":"bench')) continue;
        const message = JSON.parse(line) as { type: string; loadMs?: number; firstEventMs?: number; ok?: boolean; error?: string };
        if (message.type === 'bench-ready') run = { readyMs: Number(process.hrtime.bigint() - started) / 1e6, loadMs: message.loadMs ?? 0 };
        else if (run) run = { ...run, firstEventMs: message.firstEventMs, ok: message.ok, ...(message.error ? { error: message.error } : {}) };
      }
    });
    child.on('error', reject);
    child.on('close', (code) => (run && code === 0 ? resolve(run) : reject(new Error(`cold-start child exited ${code}: ${stderr.slice(0, 2000)}`))));
  });

/** Unpacks a function's zip once per content: a marker holding the zip's hash, so a new package is never run stale. */
const unpack = (zip: string, into: string): string => {
  const bytes = readFileSync(zip);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const marker = join(into, '.unpacked');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === hash) return into;
  rmSync(into, { recursive: true, force: true });
  for (const entry of listZip(bytes)) {
    if (entry.name.endsWith('/')) continue;
    mkdirSync(dirname(join(into, entry.name)), { recursive: true });
    writeFileSync(join(into, entry.name), entry.read());
  }
  writeFileSync(marker, hash);
  return into;
};

void (async () => {
  const node22 = spawnSync(process.execPath, [join(ROOT, 'tests', 'live', 'node22.cjs')], { encoding: 'utf8' }).stdout.trim();
  if (!node22) throw new Error('Node.js 22 could not be installed (tests/live/node22.cjs)');
  const pinned = spawnSync('taskset', ['--version']).status === 0;
  const launcher = (args: string[]): [string, string[]] => (pinned ? ['taskset', ['-c', String(values.cpu), node22, ...args]] : [node22, args]);
  const child = join(ROOT, 'bench', 'cold-start-child.cjs');

  const { prod } = await packageStages();
  const created = placeholders(prod.template);
  const stub = await startStub();
  const work = join(BUILD, 'cold-start');
  const functions = Object.entries(prod.template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .map(([, resource]) => {
      const zip = String(resource.Properties.Code.S3Key).split('/').pop()!;
      const key = zip.replace(/\.zip$/, '');
      const event = FIRST_EVENTS[key];
      if (!event) throw new Error(`cold-start bench: no first event for function ${key}: add one to FIRST_EVENTS`);
      const variables = created.resolve(resource.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
      return {
        key,
        bytes: prod.zips.find((z) => z.name === zip)?.entries.find((e) => e.name.endsWith(".js"))?.bytes ?? 0,
        root: unpack(join(prod.dir, zip), join(work, key)),
        handler: String(resource.Properties.Handler),
        event: join(ROOT, 'tests', 'fixtures', 'events', event),
        env: {
          PATH: process.env.PATH,
          TZ: ':UTC',
          AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
          AWS_REGION: REGION,
          AWS_DEFAULT_REGION: REGION,
          AWS_LAMBDA_FUNCTION_NAME: String(resource.Properties.FunctionName),
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(resource.Properties.MemorySize ?? 128),
          AWS_ACCESS_KEY_ID: 'AKIDCOLDSTARTBENCH',
          AWS_SECRET_ACCESS_KEY: 'cold-start-bench',
          AWS_SESSION_TOKEN: 'cold-start-bench',
          AWS_ENDPOINT_URL: stub.url,
          ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, String(value)])),
        } as NodeJS.ProcessEnv,
      };
    });

  const empty: Run[] = [];
  const runs = new Map<string, Run[]>(functions.map((f) => [f.key, []]));
  for (let round = 0; round < rounds; round++) {
    const order = [undefined, ...functions];
    if (round % 2 === 1) order.reverse();
    for (const fn of order) {
      if (fn === undefined) {
        const [command, args] = launcher([child, '--empty']);
        empty.push(await runOnce(command, args, { PATH: process.env.PATH }, ROOT));
      } else {
        const [command, args] = launcher([child, fn.root, fn.handler, fn.event]);
        const run = await runOnce(command, args, fn.env, fn.root);
        if (!run.ok) throw new Error(`${fn.key}: the first event failed: ${run.error}`);
        runs.get(fn.key)!.push(run);
      }
    }
  }
  stub.close();

  const baseline = median(empty.map((r) => r.readyMs));
  const rows = functions.map((fn) => {
    const of = runs.get(fn.key)!;
    const ready = median(of.map((r) => r.readyMs));
    return {
      function: fn.key,
      bundleKb: fn.bytes / 1024,
      readyMs: ready,
      overEmptyMs: ready - baseline,
      loadMs: median(of.map((r) => r.loadMs)),
      firstEventMs: median(of.map((r) => r.firstEventMs ?? NaN)),
    };
  });
  writeResults('cold-start', { rounds, node: spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim(), pinned, emptyMs: baseline, functions: rows, awsCalls: [...new Set(stub.calls)].sort() });
  const lines = [
    `cold start: packaged prod functions under Node.js ${spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim()}, ${rounds} alternated rounds of fresh processes${pinned ? ` pinned to cpu ${String(values.cpu)}` : ''}, medians; AWS stubbed on loopback (${[...new Set(stub.calls)].sort().join(', ')})`,
    `  empty process (spawn to ready)  ${fmt(baseline, 1)} ms`,
    ...rows.map(
      (r) =>
        `  ${r.function.padEnd(14)} bundle ${fmt(r.bundleKb).padStart(5)} KB  spawn to ready ${fmt(r.readyMs, 1).padStart(6)} ms  (+${fmt(r.overEmptyMs, 1)} ms over empty; module load ${fmt(r.loadMs, 1)} ms)  first event ${fmt(r.firstEventMs, 1)} ms`,
    ),
    `  targets: within 60 ms of the empty process, first event within 150 ms more`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
})().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
