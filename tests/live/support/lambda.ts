import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Template } from '../../deploy/packaged';
import { listZip } from '../../deploy/zip';
import type { CreatedResources } from './template';
import { CREDENTIALS, REGION } from './world';

/*
 * A packaged function as Lambda would run it: its zip unpacked into a task root, its handler loaded by Node.js 22
 * in a child process (runner.cjs), with exactly the environment the template gives it (Refs and GetAtts resolved
 * against what the suite created in moto), the variables the Lambda runtime adds, and the SDK pointed at moto
 * through AWS_ENDPOINT_URL. Nothing from the test process's environment leaks in.
 */

export interface FunctionSpec {
  /** The function's key in serverless.yml (securityGroup, trail, alert). */
  readonly key: string;
  readonly logicalId: string;
  readonly functionName: string;
  readonly handler: string;
  readonly memorySize: number;
  readonly timeout: number;
  /** The template's Environment.Variables, resolved. */
  readonly environment: Readonly<Record<string, string>>;
  readonly zip: string;
}

/** The functions of a packaged stage, keyed by their serverless.yml name. */
export const functionsOf = (template: Template, packageDir: string, created: CreatedResources): Record<string, FunctionSpec> => {
  const specs: Record<string, FunctionSpec> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const properties = resource.Properties;
    const zip = basename(String(properties.Code.S3Key));
    const key = zip.replace(/\.zip$/, '');
    const variables = created.resolve(properties.Environment?.Variables ?? {}) as Record<string, unknown>;
    specs[key] = {
      key,
      logicalId,
      functionName: String(properties.FunctionName),
      handler: String(properties.Handler),
      memorySize: Number(properties.MemorySize ?? 128),
      timeout: Number(properties.Timeout ?? 3),
      environment: Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, String(value)])),
      zip: join(packageDir, zip),
    };
  }
  return specs;
};

/** Unpacks a function zip once per package directory; returns the task root. */
const unpack = (spec: FunctionSpec, workDir: string): string => {
  const root = join(workDir, spec.key);
  const marker = join(root, '.unpacked');
  if (existsSync(marker)) return root;
  for (const entry of listZip(readFileSync(spec.zip))) {
    if (entry.name.endsWith('/')) continue;
    const target = join(root, entry.name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.read());
  }
  writeFileSync(marker, '');
  return root;
};

/** What one invocation came to, as Lambda would report it. */
export interface Invocation {
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: { readonly name: string; readonly message: string; readonly stack?: string; readonly cause?: { name: string; message: string } };
  readonly awsRequestId: string;
  readonly coldStart: boolean;
  readonly initMs: number;
  readonly durationMs: number;
  /** Every line the invocation wrote (the cold start's too, on the first invocation). */
  readonly logs: readonly string[];
  /** The logs that are JSON objects (Powertools log lines and EMF documents), parsed. */
  readonly records: readonly Record<string, any>[];
}

const parseLines = (lines: readonly string[]): Record<string, any>[] =>
  lines.flatMap((line) => {
    try {
      const value = JSON.parse(line) as unknown;
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? [value as Record<string, any>] : [];
    } catch {
      return [];
    }
  });

export interface ContainerOptions {
  readonly node22: string;
  readonly endpoint: string;
  readonly workDir: string;
  /** Variables to set or override on top of the template's (a test that needs another stage's behaviour). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Longest an invocation may run before the container is killed (default: the function's timeout, capped at 30 s). */
  readonly invokeTimeoutMs?: number;
}

let containerSequence = 0;

/** One warm execution environment of one function: a Node 22 process that keeps its cold-start state between events. */
export class LambdaContainer {
  private sequence = 0;
  private readonly pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  private exitError: Error | undefined;

  private constructor(
    public readonly spec: FunctionSpec,
    private readonly child: ChildProcess,
    private readonly invokeTimeoutMs: number,
    public readonly nodeVersion: string,
  ) {
    child.on('message', (message: any) => {
      if (message?.type !== 'result') return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      clearTimeout(waiting.timer);
      this.pending.delete(message.id);
      waiting.resolve(message);
    });
    child.once('exit', (code, signal) => {
      this.exitError = new Error(`${spec.key} container exited (code ${code}, signal ${signal})`);
      for (const waiting of this.pending.values()) {
        clearTimeout(waiting.timer);
        waiting.reject(this.exitError);
      }
      this.pending.clear();
    });
  }

  public static async start(spec: FunctionSpec, options: ContainerOptions): Promise<LambdaContainer> {
    const taskRoot = unpack(spec, options.workDir);
    const stream = `2026/01/01/[$LATEST]live${++containerSequence}`;
    const env: Record<string, string> = {
      // What the Lambda runtime sets (a subset: nothing here reads the others).
      PATH: '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      LAMBDA_TASK_ROOT: taskRoot,
      _HANDLER: spec.handler,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySize),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${spec.functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: stream,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      // The role's session credentials, here moto's fake ones, and every SDK client pointed at moto.
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_SESSION_TOKEN: CREDENTIALS.sessionToken,
      AWS_ENDPOINT_URL: options.endpoint,
      ...spec.environment,
      ...options.environment,
    };
    const child = fork(join(__dirname, 'runner.cjs'), [taskRoot, spec.handler, spec.functionName, String(spec.memorySize), String(spec.timeout)], {
      execPath: options.node22,
      execArgv: [],
      cwd: taskRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    // The runner copies every line into its replies; the pipes only need draining.
    child.stdout?.resume();
    child.stderr?.resume();
    const ready = await new Promise<{ nodeVersion: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${spec.key}: Node 22 runner did not start within 20 s`)), 20_000);
      child.once('message', (message: any) => {
        clearTimeout(timer);
        resolve(message);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${spec.key}: Node 22 runner exited during start (code ${code})`));
      });
    });
    const invokeTimeoutMs = options.invokeTimeoutMs ?? Math.min(spec.timeout * 1000, 30_000);
    return new LambdaContainer(spec, child, invokeTimeoutMs, ready.nodeVersion);
  }

  /** Runs one event through the handler, as one Lambda invocation. */
  public async invoke(event: unknown): Promise<Invocation> {
    if (this.exitError) throw this.exitError;
    const id = ++this.sequence;
    const reply = await new Promise<any>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.stop();
        reject(new Error(`${this.spec.key}: invocation did not finish within ${this.invokeTimeoutMs} ms (container killed)`));
      }, this.invokeTimeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.child.send({ type: 'invoke', id, event });
    });
    const { type: _type, id: _id, ...invocation } = reply;
    return { ...invocation, records: parseLines(reply.logs) } as Invocation;
  }

  /** Kills the container's process by its pid. */
  public stop(): void {
    if (this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null) process.kill(this.child.pid, 'SIGKILL');
  }
}
