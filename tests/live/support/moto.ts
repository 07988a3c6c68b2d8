import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/*
 * The moto server (an open-source implementation of the AWS APIs) on loopback, one per live test file. It is
 * started as `python3 -m moto.server -H 127.0.0.1 -p <free port>` with moto's request recorder on, so a test can
 * read every request the functions sent; it is stopped by its pid whatever happens (afterAll, and a process-exit
 * hook for a test run that dies first). Python is `python3` unless TRAILGUARD_LIVE_PYTHON names another.
 */

export const PYTHON = process.env.TRAILGUARD_LIVE_PYTHON ?? 'python3';
/** Longest wait for the server to answer after it was spawned. */
const READY_TIMEOUT_MS = 30_000;

export type MotoAvailability =
  | { readonly available: true; readonly version: string; readonly executable: string }
  | { readonly available: false; readonly reason: string };

const PROBE_CACHE = join(__dirname, '..', '..', '..', '.tmp', 'live', 'moto-probe.json');
const PROBE_CACHE_MS = 10 * 60_000;

/**
 * Whether `python3 -m moto.server` can run here: moto and its server extras (flask, flask-cors) are installed.
 * Looks the packages up without importing them (importing moto takes seconds; a broken install still fails
 * loudly when the server starts) and returns the interpreter's real path, so the server starts without going
 * through a version manager's shim. A positive answer is reused for ten minutes by the other test files.
 */
export const motoAvailability = (): MotoAvailability => {
  try {
    const cached = JSON.parse(readFileSync(PROBE_CACHE, 'utf8')) as { python: string; at: number; executable: string; version: string };
    if (cached.python === PYTHON && Date.now() - cached.at < PROBE_CACHE_MS && existsSync(cached.executable)) {
      return { available: true, version: cached.version, executable: cached.executable };
    }
  } catch {
    // No usable cache: probe.
  }
  const script = [
    'import importlib.util as u, importlib.metadata as m, sys',
    "missing = [n for n in ('moto', 'flask', 'flask_cors') if u.find_spec(n) is None]",
    "print(sys.executable + '\\n' + m.version('moto') if not missing else 'missing ' + ' '.join(missing))",
    'sys.exit(1 if missing else 0)',
  ].join('\n');
  const probe = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error) return { available: false, reason: `${PYTHON} cannot be run (${probe.error.message})` };
  if (probe.status !== 0) {
    const last = (probe.stdout.trim() || probe.stderr.trim().split('\n').pop()) ?? `exit code ${probe.status}`;
    return { available: false, reason: `${PYTHON} has no moto server (${last})` };
  }
  const [executable = PYTHON, version = 'unknown'] = probe.stdout.trim().split('\n');
  mkdirSync(dirname(PROBE_CACHE), { recursive: true });
  writeFileSync(PROBE_CACHE, JSON.stringify({ python: PYTHON, at: Date.now(), executable, version }));
  return { available: true, version, executable };
};

/** One request moto received, from its recorder. */
export interface RecordedRequest {
  /** The signing name in the request's credential scope: ec2, sns, cloudtrail, dynamodb, sqs, s3, iam, kms… */
  readonly service: string;
  /** The API operation (`RevokeSecurityGroupIngress`, `Publish`), or `<METHOD> <path>` for REST calls moto records without one. */
  readonly operation: string;
  /** Query-protocol parameters (form body) or the JSON body; undefined for other bodies. */
  readonly params: Readonly<Record<string, unknown>> | undefined;
  readonly userAgent: string;
}

export interface MotoServer {
  readonly endpoint: string;
  readonly pid: number;
  readonly version: string;
  /** Every request recorded since the server started, oldest first (moto-api calls excluded). */
  requests(): RecordedRequest[];
  /** Stops the server (SIGTERM, then SIGKILL) and removes its recording. Safe to call twice. */
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const header = (headers: Record<string, string>, name: string): string => {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? '' : String(headers[key]);
};

interface RecorderEntry {
  readonly headers: Record<string, string>;
  readonly method: string;
  readonly url: string;
  readonly body?: string | null;
  readonly body_encoded?: boolean;
}

const parseEntry = (entry: RecorderEntry): RecordedRequest => {
  const headers = entry.headers ?? {};
  const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(header(headers, 'Authorization'))?.[1] ?? 'unknown';
  const text = entry.body ? (entry.body_encoded ? Buffer.from(entry.body, 'base64').toString('utf8') : entry.body) : '';
  const target = header(headers, 'X-Amz-Target');
  const contentType = header(headers, 'Content-Type');
  const path = new URL(entry.url).pathname;
  let params: Record<string, unknown> | undefined;
  if (contentType.includes('x-www-form-urlencoded')) params = Object.fromEntries(new URLSearchParams(text));
  else if (contentType.includes('json') && text !== '') {
    try {
      params = JSON.parse(text) as Record<string, unknown>;
    } catch {
      params = undefined;
    }
  }
  const operation =
    (target ? target.slice(target.lastIndexOf('.') + 1) : undefined) ??
    (typeof params?.Action === 'string' ? params.Action : undefined) ??
    /\/operation\/([A-Za-z]+)$/.exec(path)?.[1] ??
    `${entry.method} ${path}`;
  return { service, operation: operation || `${entry.method} ${path}`, params, userAgent: header(headers, 'User-Agent') };
};

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
});

/** Starts moto on a free loopback port and waits until it answers. */
export const startMoto = async (python: { executable: string; version: string }): Promise<MotoServer> => {
  const { executable, version } = python;
  const dir = mkdtempSync(join(tmpdir(), 'trailguard-moto-'));
  const recording = join(dir, 'requests.jsonl');
  writeFileSync(recording, '');
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(executable, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: dir,
    env: { ...process.env, MOTO_ENABLE_RECORDING: 'true', MOTO_RECORDER_FILEPATH: recording, PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      // SIGKILL if it has not exited 5 s after SIGTERM.
      const timer = setTimeout(() => {
        if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
      }, 5_000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`moto server exited before it answered (port ${port}):\n${stderr}`);
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/recorder/download-recording`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto server did not answer on ${endpoint} within ${READY_TIMEOUT_MS / 1000} s:\n${stderr}`);
    }
    await sleep(100);
  }

  return {
    endpoint,
    pid: child.pid!,
    version,
    requests: () =>
      readFileSync(recording, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as RecorderEntry)
        .filter((entry) => !new URL(entry.url).pathname.startsWith('/moto-api/'))
        .map(parseEntry),
    stop,
  };
};
