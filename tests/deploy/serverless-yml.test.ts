import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDeployData } from '../../lib/deploy';
import { RULES } from '../../rules';
import { ROOT } from './packaged';

/* Static checks of serverless.yml itself: what packaging alone cannot show. */

const yml = readFileSync(join(ROOT, 'serverless.yml'), 'utf8');
const PARAMS = ['mode', 'alertEmail', 'alertSms', 'smsMinSeverity', 'publicPorts', 'exceptions', 'ownPrincipals', 'logLevel', 'logRetentionDays'];

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
