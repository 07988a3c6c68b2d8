import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDeployData } from '../../lib/deploy';
import { RESPONDERS, RESPONDER_IDS } from '../../lib/functions';
import { Metric, METRICS_NAMESPACE, SERVICE } from '../../lib/names';
import { RULES } from '../../rules';
import { ROOT } from './packaged';

/* Static checks of serverless.yml itself: what packaging alone cannot show. */

const yml = readFileSync(join(ROOT, 'serverless.yml'), 'utf8');
const PARAMS = ['mode', 'alertEmail', 'alertSms', 'smsMinSeverity', 'publicPorts', 'exceptions', 'ownPrincipals', 'deploymentPrincipals', 'logLevel', 'logRetentionDays'];

/** The lines of a top-level block (`name:` up to the next top-level key). */
const block = (name: string): string[] => {
  const lines = yml.split('\n');
  const start = lines.indexOf(`${name}:`);
  if (start < 0) throw new Error(`serverless.yml has no top-level ${name}:`);
  const end = lines.findIndex((line, index) => index > start && /^[A-Za-z]/.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end);
};

test('osls/v3 stage params: params.default with every documented param, each with a comment, and prod overrides', () => {
  const params = block('params');
  const defaults = params.slice(params.indexOf('  default:') + 1, params.indexOf('  prod:'));
  for (const name of PARAMS) {
    const index = defaults.findIndex((line) => line.startsWith(`    ${name}:`));
    expect(index).toBeGreaterThan(0);
    expect(defaults[index - 1]).toMatch(/^\s+#/);
  }
  expect(params.slice(params.indexOf('  prod:'))).toEqual(expect.arrayContaining(['    mode: enforce', '    logLevel: INFO', '    logRetentionDays: 90']));
  expect(yml).toMatch(/^# .*same thing Serverless Framework v4 calls `stages\.<stage>\.params`/m);
});

test('packaging needs no AWS account: no lookups of the account, SSM, CloudFormation outputs or S3', () => {
  expect(yml).not.toMatch(/\$\{(aws|ssm|cf|s3)(\(|:)/);
  expect(yml).not.toMatch(/!Sub|Fn::Sub/); // CloudFormation ${…} would collide with serverless variables
});

test('states the region limitation (us-east-1 only events)', () => {
  expect(yml).toMatch(/^# Regions:[^]*us-east-1[^]*Organizations/m);
});

test('generated resources are not redefined by hand', () => {
  const generated = Object.keys(renderDeployData(RULES).cloudformation.Resources);
  for (const logicalId of generated) expect(yml).not.toMatch(new RegExp(`^\\s+${logicalId}:\\s*$`, 'm'));
  expect(yml).toContain('${file(./rules/deploy.generated.json):cloudformation}');
});

test('every stage param reaches the stack through the validating resolver', () => {
  const used = new Set([...yml.matchAll(/\$\{file\(\.\/lib\/deploy-params\.cjs\):(\w+)\}/g)].map((m) => m[1]));
  for (const name of PARAMS) {
    if (name === 'smsMinSeverity') expect(used).toContain('smsSeverities');
    expect(used).toContain(name);
  }
  expect(yml).not.toContain('${param:');
});

test('the functions are not written here: their blocks come from lib/functions.ts through the generated data', () => {
  expect(block('functions').filter((line) => line.startsWith('  - '))).toEqual([
    '  - ${file(./rules/deploy.generated.json):serverlessFunctions}',
    // The distributed backtest's two functions, only with backtest: true (tests/deploy/backtest.test.ts).
    '  - ${file(./lib/deploy-params.cjs):backtestFunctions}',
  ]);
  const generated = renderDeployData(RULES);
  expect(Object.keys(generated.serverlessFunctions)).toEqual(RESPONDER_IDS.map((id) => RESPONDERS[id].functionName));
  for (const id of RESPONDER_IDS) {
    const { functionName, description } = RESPONDERS[id];
    expect(generated.serverlessFunctions[functionName]).toMatchObject({ handler: `handlers/${id}.handler`, description, role: generated.functions[functionName]!.roleLogicalId });
  }
});

test('names come from lib/names.ts: the service once, the namespace and metric names through deploy-params.cjs', () => {
  expect(yml).toMatch(new RegExp(`^service: ${SERVICE}$`, 'm'));
  expect(yml).not.toMatch(new RegExp(`\\b${METRICS_NAMESPACE}\\b`));
  // (The topic's DisplayName is the SMS sender prefix, kept equal to lib/alert/sms.ts by its own test.)
  expect(yml).not.toMatch(/(?<!Display)(Name|Value): trailguard\b|: trailguard-/);
  const metrics = [...yml.matchAll(/names\.metric\.(\w+)\}/g)].map((match) => match[1]);
  expect(metrics.length).toBeGreaterThan(0);
  for (const metric of metrics) expect(Object.values(Metric)).toContain(metric);
});
