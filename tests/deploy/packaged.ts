import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { listZip, type ZipEntry } from './zip';

/*
 * Runs `sls package` (osls, offline, no AWS account) once per stage and shares the result between the test files
 * of tests/deploy. Jest gives every test file its own module registry and often its own worker process, so the
 * sharing is on disk, under the git-ignored .tmp/deploy-test/:
 * - one directory per stage and input fingerprint (a hash of serverless.yml, the generated data, the params
 *   resolver, package.json/package-lock.json and every file under handlers/, lib/ and rules/): the first test file
 *   packages, the others (and later runs with the same inputs) reuse the output;
 * - a lock directory, because two packagings at once would share serverless-esbuild's .esbuild/ work folder;
 * - TMPDIR points inside it, so serverless-esbuild's per-function temp folders do not pile up in the OS temp
 *   directory; they are deleted after each packaging. osls's schema-validator cache goes there too.
 */

export type Stage = 'dev' | 'prod';

/** The project root, found upwards from here: this module also runs bundled from .build/ (the cold-start bench). */
export const ROOT = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'serverless.yml')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
const BASE = join(ROOT, '.tmp', 'deploy-test');
const LOCK = join(BASE, 'lock');
const OSLS = join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');

/** Generous: packaging takes 5–10 s alone, more on a loaded 2-core machine, and a file may wait for another's. */
export const PACKAGE_TIMEOUT_MS = 240_000;
const LOCK_STALE_MS = 10 * 60_000;
/** A failed packaging is reported to the test files of the same run that wait on it, and retried by a later run. */
const FAILURE_REUSE_MS = 60_000;

export const PROD_ALERT_EMAIL = 'secops@example.com';
export const PROD_ALERT_SMS = '+15555550123';
/** Two deployment principals, given as `--param` gives a list: one comma-separated string. */
export const PROD_DEPLOYMENT_PRINCIPALS = ['arn:aws:iam::123456789012:role/deploy/terraform-apply', 'arn:aws:iam::123456789012:user/ci-deployer'];

/**
 * The two packagings issue #5 asks for: dev with the default params, prod with both alert subscriptions (and
 * deployment principals, so the list param is seen reaching the functions).
 */
export const STAGE_ARGS: Readonly<Record<Stage, readonly string[]>> = {
  dev: ['--stage', 'dev'],
  prod: [
    '--stage',
    'prod',
    '--param',
    `alertEmail=${PROD_ALERT_EMAIL}`,
    '--param',
    `alertSms=${PROD_ALERT_SMS}`,
    '--param',
    `deploymentPrincipals=${PROD_DEPLOYMENT_PRINCIPALS.join(',')}`,
  ],
};

/** Packagings besides the two stages: dev with the distributed backtest on (tests/deploy/backtest.test.ts), and
 * the organization topology's central stage, prod's params plus topology central (tests/deploy/organization.test.ts). */
export const BACKTEST_TRAIL_BUCKET = 'acme-org-trail';
export const CENTRAL_ORGANIZATION_ID = 'o-a1b2c3d4e5';
export const CENTRAL_ACCOUNT_NAMES = { '111122223333': 'payments-prod' } as const;
/**
 * The flowLogs param of the `flow-logs` packaging (prod's params plus these): one S3 destination and three log
 * groups, two of them delivered by the same role (tests/deploy/iam.test.ts).
 */
export const FLOW_LOGS_DECLARED = [
  { resourceId: 'vpc-0a1b2c3d4e5f67890', destination: 'arn:aws:s3:::flow-logs-123456789012/vpc', trafficType: 'ALL' },
  {
    resourceId: 'vpc-0fedcba987654321f',
    destination: 'arn:aws:logs:us-east-1:123456789012:log-group:/vpc/flow-logs',
    deliverLogsRoleArn: 'arn:aws:iam::123456789012:role/flow-logs-delivery',
  },
  {
    resourceId: 'subnet-0a1b2c3d4e5f67890',
    destination: 'arn:aws:logs:us-east-1:123456789012:log-group:/vpc/flow-logs',
    trafficType: 'REJECT',
    deliverLogsRoleArn: 'arn:aws:iam::123456789012:role/network/flow-logs-delivery',
  },
  {
    resourceId: 'eni-0a1b2c3d4e5f67890',
    destination: 'arn:aws:logs:us-east-1:123456789012:log-group:/eni/flow-logs',
    deliverLogsRoleArn: 'arn:aws:iam::123456789012:role/flow-logs-delivery',
  },
] as const;
/**
 * What is packaged: a stage's own packaging, `dev-backtest`, `central` (the prod stage with topology central) or
 * `flow-logs` (prod with log-group flow logs declared).
 */
export type Packaging = Stage | 'dev-backtest' | 'central' | 'flow-logs';
const PACKAGING_ARGS: Readonly<Record<Packaging, readonly string[]>> = {
  ...STAGE_ARGS,
  'dev-backtest': ['--stage', 'dev', '--param', 'backtest=true', '--param', `backtestTrailBucket=${BACKTEST_TRAIL_BUCKET}`, '--param', 'backtestConcurrency=200'],
  central: [
    ...STAGE_ARGS.prod,
    '--param',
    'topology=central',
    '--param',
    `organizationId=${CENTRAL_ORGANIZATION_ID}`,
    '--param',
    `accountNames=${JSON.stringify(CENTRAL_ACCOUNT_NAMES)}`,
  ],
  'flow-logs': [...STAGE_ARGS.prod, '--param', `flowLogs=${JSON.stringify(FLOW_LOGS_DECLARED)}`],
};
const STAGE_OF: Readonly<Record<Packaging, Stage>> = { dev: 'dev', prod: 'prod', 'dev-backtest': 'dev', central: 'prod', 'flow-logs': 'prod' };

export interface CfnResource {
  readonly Type: string;
  readonly Condition?: string;
  readonly DependsOn?: string | string[];
  readonly Properties: Record<string, any>;
}

export interface Template {
  readonly Resources: Record<string, CfnResource>;
  readonly Conditions?: Record<string, unknown>;
  readonly Outputs?: Record<string, unknown>;
}

export interface PackagedStage {
  readonly stage: Stage;
  readonly dir: string;
  readonly template: Template;
  readonly zips: readonly { readonly name: string; readonly bytes: number; readonly entries: readonly ZipEntry[] }[];
  /** The organization member template `sls package` wrote beside the stack's (central packagings only). */
  readonly memberTemplate?: Template & { readonly Parameters: Record<string, any>; readonly Conditions: Record<string, any> };
  /** How long `sls package` took, and whether this run reused an earlier identical packaging. */
  readonly seconds: number;
  readonly reused: boolean;
}

const run = promisify(execFile);

const INPUT_FILES = ['serverless.yml', 'package.json', 'package-lock.json', 'tsconfig.json'];
const INPUT_DIRS = ['handlers', 'lib', 'rules'];
const TOOL_PACKAGES = ['osls', 'serverless-esbuild', 'esbuild'];

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(path) : [path];
    });

const fingerprint = (stage: Packaging): string => {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([PACKAGING_ARGS[stage], process.version]));
  const files = [...INPUT_FILES.map((f) => join(ROOT, f)), ...INPUT_DIRS.flatMap((d) => filesUnder(join(ROOT, d)))];
  for (const file of files) {
    if (!existsSync(file)) continue;
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const name of TOOL_PACKAGES) {
    const manifest = join(ROOT, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) hash.update(`${name}@${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`);
  }
  return hash.digest('hex').slice(0, 16);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const acquireLock = async (deadline: number): Promise<void> => {
  mkdirSync(BASE, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'owner'), String(process.pid));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    try {
      const owner = Number(readFileSync(join(LOCK, 'owner'), 'utf8'));
      const age = Date.now() - statSync(LOCK).mtimeMs;
      if ((owner > 0 && !processAlive(owner)) || age > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
    } catch {
      // The owner file is not written yet, or the lock was just released: try again.
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${relative(ROOT, LOCK)} (another sls package run)`);
    await sleep(250);
  }
};

const releaseLock = (): void => rmSync(LOCK, { recursive: true, force: true });

const readStage = (packaging: Packaging, dir: string, seconds: number, reused: boolean): PackagedStage => {
  const stage = STAGE_OF[packaging];
  const template = JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  const memberFile = join(dir, 'trailguard-member.json');
  const memberTemplate = existsSync(memberFile) ? (JSON.parse(readFileSync(memberFile, 'utf8')) as PackagedStage['memberTemplate']) : undefined;
  const zips = readdirSync(dir)
    .filter((name) => name.endsWith('.zip'))
    .sort()
    .map((name) => ({ name, bytes: statSync(join(dir, name)).size, entries: listZip(readFileSync(join(dir, name))) }));
  return { stage, dir, template, zips, seconds, reused, ...(memberTemplate ? { memberTemplate } : {}) };
};

const packageStage = async (stage: Packaging, dir: string): Promise<number> => {
  const tmp = join(BASE, `tmp-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const started = process.hrtime.bigint();
  try {
    await run(process.execPath, [OSLS, 'package', ...PACKAGING_ARGS[stage], '--region', 'us-east-1', '--package', dir], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: tmp, SLS_SCHEMA_CACHE_BASE_DIR: BASE, FORCE_COLOR: '0', NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
      timeout: PACKAGE_TIMEOUT_MS,
    });
  } catch (error) {
    const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`sls package ${PACKAGING_ARGS[stage].join(' ')} failed:\n${stderr || stdout || message}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
};

const ensureStage = async (stage: Packaging, deadline: number): Promise<PackagedStage> => {
  const id = fingerprint(stage);
  const dir = join(BASE, `${stage}-${id}`);
  const done = join(BASE, `${stage}-${id}.json`);
  const failed = join(BASE, `${stage}-${id}.failed`);
  const finished = (): PackagedStage | undefined => {
    if (existsSync(done)) {
      const { seconds } = JSON.parse(readFileSync(done, 'utf8')) as { seconds: number };
      return readStage(stage, dir, seconds, true);
    }
    if (existsSync(failed) && Date.now() - statSync(failed).mtimeMs < FAILURE_REUSE_MS) throw new Error(readFileSync(failed, 'utf8'));
    return undefined;
  };

  const earlier = finished();
  if (earlier) return earlier;
  await acquireLock(deadline);
  try {
    const meanwhile = finished();
    if (meanwhile) return meanwhile;
    // Older packagings of this stage (other inputs) are of no further use.
    // Only this packaging's own (dev must not take dev-backtest's with it).
    const own = new RegExp(`^${stage}-[0-9a-f]{16}(\\.json|\\.failed)?$`);
    for (const name of readdirSync(BASE)) if (own.test(name)) rmSync(join(BASE, name), { recursive: true, force: true });
    try {
      const seconds = await packageStage(stage, dir);
      writeFileSync(done, JSON.stringify({ seconds }));
      return readStage(stage, dir, seconds, false);
    } catch (error) {
      writeFileSync(failed, (error as Error).message);
      throw error;
    }
  } finally {
    releaseLock();
  }
};

/** Both stages, packaged once (see above). Call from beforeAll with PACKAGE_TIMEOUT_MS. */
export const packageStages = async (): Promise<Readonly<Record<Stage, PackagedStage>>> => {
  const deadline = Date.now() + PACKAGE_TIMEOUT_MS - 5_000;
  const dev = await ensureStage('dev', deadline);
  const prod = await ensureStage('prod', deadline);
  return { dev, prod };
};

/** dev packaged with backtest: true (see PACKAGING_ARGS), once, like the stages. */
export const packageBacktest = async (): Promise<PackagedStage> => ensureStage('dev-backtest', Date.now() + PACKAGE_TIMEOUT_MS - 5_000);

/** prod with log-group flow logs declared (FLOW_LOGS_DECLARED), packaged once like the stages. */
export const packageFlowLogs = async (): Promise<PackagedStage> => ensureStage('flow-logs', Date.now() + PACKAGE_TIMEOUT_MS - 5_000);

/** The central packaging (prod with topology central), packaged once like the stages. */
export const packageCentral = async (): Promise<PackagedStage> => ensureStage('central', Date.now() + PACKAGE_TIMEOUT_MS - 5_000);

/**
 * Runs `sls package` expecting it to fail (a bad param), under the same lock, and returns its output. The
 * packaging is written to a throw-away directory in case it unexpectedly succeeds.
 */
export const packageExpectingFailure = async (args: readonly string[]): Promise<{ failed: boolean; output: string }> => {
  const deadline = Date.now() + PACKAGE_TIMEOUT_MS - 5_000;
  const dir = join(BASE, `failing-${process.pid}`);
  const tmp = join(BASE, `tmp-${process.pid}`);
  await acquireLock(deadline);
  mkdirSync(tmp, { recursive: true });
  try {
    await run(process.execPath, [OSLS, 'package', ...args, '--region', 'us-east-1', '--package', dir], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: tmp, SLS_SCHEMA_CACHE_BASE_DIR: BASE, FORCE_COLOR: '0', NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
      timeout: PACKAGE_TIMEOUT_MS,
    });
    return { failed: false, output: '' };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { failed: true, output: `${stdout}\n${stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
    releaseLock();
  }
};

/** Resources of one CloudFormation type, by logical id. */
export const resourcesOfType = (template: Template, type: string): [string, CfnResource][] =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

export const resource = (template: Template, logicalId: string): CfnResource => {
  const found = template.Resources[logicalId];
  if (!found) throw new Error(`template has no resource ${logicalId}`);
  return found;
};

/**
 * `sls invoke local -f <fn> -p <event> --stage <stage>` (dev unless told), under the same lock as packaging (both
 * use serverless-esbuild's .esbuild/ work folder). Returns what the command printed; throws with its output if it
 * fails.
 */
export const invokeLocal = async (
  functionName: string,
  eventFile: string,
  { stage = 'dev', env = {} }: { stage?: string; env?: Record<string, string> } = {},
): Promise<string> => {
  await acquireLock(Date.now() + PACKAGE_TIMEOUT_MS - 5_000);
  const tmp = join(BASE, `tmp-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const { stdout, stderr } = await run(process.execPath, [OSLS, 'invoke', 'local', '-f', functionName, '-p', eventFile, '--stage', stage], {
      cwd: ROOT,
      // This machine has no AWS credentials: in dry-run nothing needs them, and a call that tried would fail loudly.
      env: { ...process.env, TMPDIR: tmp, SLS_SCHEMA_CACHE_BASE_DIR: BASE, FORCE_COLOR: '0', NO_COLOR: '1', ...env },
      maxBuffer: 16 * 1024 * 1024,
      timeout: PACKAGE_TIMEOUT_MS,
    });
    return `${stdout}\n${stderr}`;
  } catch (error) {
    const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`sls invoke local -f ${functionName} failed:\n${stdout ?? ''}\n${stderr || message}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    releaseLock();
  }
};
