import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { renderDeployData } from '../../lib/deploy';
import { RULES } from '../../rules';
import { asDeployed, resolve } from './cfn';
import { PACKAGE_TIMEOUT_MS, ROOT, packageStages, resource, type PackagedStage, type Stage } from './packaged';

/** A sane ceiling for one function's zip: today's (SDK clients included, minified) are 196-226 KiB. */
const MAX_ZIP_BYTES = 512 * 1024;
/**
 * One function's bundle, which V8 compiles at every cold start (the cold start grows with it, bench/cold-start.ts):
 * today's are 549-662 KiB, down from 592-761 KiB before lib/build's static-import, client-version and error-class
 * plugins. A bundle past this has gained a client or a dependency it should be asked about.
 */
const MAX_BUNDLE_BYTES = 720 * 1024;

let stages: Readonly<Record<Stage, PackagedStage>>;
beforeAll(async () => {
  stages = await packageStages();
  for (const { stage, seconds, reused, zips } of Object.values(stages)) {
    console.log(
      `sls package ${stage}: ${seconds.toFixed(1)} s${reused ? ' (reused, same inputs)' : ''}; ` +
        zips.map((z) => `${z.name} ${(z.bytes / 1024).toFixed(0)} KiB (bundle ${(z.entries[0]!.bytes / 1024).toFixed(0)} KiB)`).join(', '),
    );
  }
}, PACKAGE_TIMEOUT_MS);

const deployed = renderDeployData(RULES).functions;

describe.each(['dev', 'prod'] as const)('function packages (%s)', (stage) => {
  test('one zip per function, each holding only that function\'s bundle (no source map, no node_modules)', () => {
    const { zips } = stages[stage];
    expect(zips.map((z) => z.name)).toEqual(Object.keys(deployed).map((name) => `${name}.zip`).sort());
    for (const zip of zips) {
      const fn = deployed[zip.name.replace(/\.zip$/, '')]!;
      expect(zip.entries.map((e) => e.name)).toEqual([fn.handler.replace(/\.handler$/, '.js')]);
    }
  });

  test.each(Object.keys(deployed))('%s.zip stays under 512 KiB, its bundle under 720 KiB', (name) => {
    const zip = stages[stage].zips.find((z) => z.name === `${name}.zip`)!;
    expect(zip.bytes).toBeGreaterThan(10 * 1024);
    expect(zip.bytes).toBeLessThan(MAX_ZIP_BYTES);
    expect(zip.entries[0]!.bytes).toBeLessThan(MAX_BUNDLE_BYTES);
  });

  test('the template deploys each function from its own zip', () => {
    for (const [name, fn] of Object.entries(deployed)) {
      expect(String(resource(stages[stage].template, fn.functionLogicalId).Properties.Code.S3Key)).toMatch(new RegExp(`/${name}\\.zip$`));
    }
  });
});

describe('packaged bundles run', () => {
  const run = promisify(execFile);
  const dir = join(ROOT, '.tmp', 'deploy-test', `bundles-${process.pid}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each(Object.entries(deployed))('%s: loads with its deployed environment and answers an invalid event offline', async (name, fn) => {
    const { template, zips } = stages.dev;
    const entry = zips.find((z) => z.name === `${name}.zip`)!.entries[0]!;
    const file = join(dir, name, entry.name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, entry.read());
    const variables = asDeployed(resolve(resource(template, fn.functionLogicalId).Properties.Environment.Variables) as Record<string, string>);
    const script = `
      const { handler } = require(${JSON.stringify(file)});
      const context = { functionName: 'trailguard-dev-${name}', functionVersion: '$LATEST', awsRequestId: 'req-1',
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:trailguard-dev-${name}', memoryLimitInMB: '256',
        logGroupName: '/aws/lambda/trailguard-dev-${name}', logStreamName: 's', callbackWaitsForEmptyEventLoop: true,
        getRemainingTimeInMillis: () => 60000, done() {}, fail() {}, succeed() {} };
      handler({ not: 'an EventBridge event' }, context).then((r) => process.stdout.write(JSON.stringify(r)));
    `;
    const { stdout } = await run(process.execPath, ['-e', script], {
      env: {
        PATH: process.env.PATH ?? '',
        ...variables,
        TRAILGUARD_ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:trailguard-dev-alerts',
        STATE_TABLE: 'trailguard-dev-state',
        AWS_REGION: 'us-east-1',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        POWERTOOLS_METRICS_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toMatchObject({ status: 'invalid' });
  }, 60_000);

  // The bundles do not keep class names (serverless.yml keepNames): the error states its own (tests/build/class-names.test.ts).
  test.each(Object.entries(deployed))('%s: a cold-start error keeps its real name through minification', async (name) => {
    const { zips } = stages.prod;
    const entry = zips.find((z) => z.name === `${name}.zip`)!.entries[0]!;
    const file = join(dir, `${name}-prod`, entry.name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, entry.read());
    // No TRAILGUARD_* variables: loading the bundle must fail with the config error the code throws.
    const script = `
      try { require(${JSON.stringify(file)}); process.stdout.write('loaded'); }
      catch (error) { process.stdout.write(JSON.stringify({ name: error.name, stack: error.stack.split(':')[0], json: JSON.parse(JSON.stringify(error)).name })); }
    `;
    const { stdout } = await run(process.execPath, ['-e', script], {
      env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toEqual({ name: 'ConfigError', stack: 'ConfigError', json: 'ConfigError' });
  }, 60_000);
});
