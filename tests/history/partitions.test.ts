import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGION_NAME, partitionOf } from '../../lib/cloudtrail/partitions';
import { Engine } from '../../lib/engine';
import { RULES } from '../../rules';
import { identities } from '../support/records';
import { rootSignIn, worldOpenSsh } from '../support/history-records';

// Regions and partitions come from the SDK's own partition table (generated, checked current here).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require('../../lib/cloudtrail/partitions-generate.cjs') as { render: () => string; outfile: string };
const table = JSON.parse(generator.render()) as { id: string; regions: string[] }[];

test('partitions.generated.json is current with the installed SDK (node lib/cloudtrail/partitions-generate.cjs)', () => {
  expect(readFileSync(join(__dirname, '../../lib/cloudtrail/partitions.generated.json'), 'utf8')).toBe(generator.render());
});

test('every region the SDK knows is a region name, in its own partition', () => {
  const all = table.flatMap((p) => p.regions.map((region) => [region, p.id] as const));
  expect(all.length).toBeGreaterThan(30);
  for (const [region, id] of all) {
    expect(REGION_NAME.test(region)).toBe(true);
    expect(partitionOf(region)).toBe(id);
  }
  expect(partitionOf('eusc-de-east-1')).toBe('aws-eusc');
});

test('future regions of the same shape get their partition from its pattern', () => {
  expect(partitionOf('eusc-de-south-7')).toBe('aws-eusc');
  expect(partitionOf('us-isob-west-9')).toBe('aws-iso-b');
  expect(partitionOf('cn-south-3')).toBe('aws-cn');
  expect(REGION_NAME.test('eusc-de-south-7')).toBe(true);
});

test('a world-open SSH port in eusc-de-east-1 plans its revert', () => {
  const findings = new Engine({ rules: RULES }).evaluateRecord(worldOpenSsh(undefined, 'eusc-de-east-1')).findings;
  expect(findings.find((f) => f.rule.id === 'ec2.sg-open-ingress')!.finding.remediation).toMatchObject({ status: 'planned', detail: { region: 'eusc-de-east-1' } });
});

test.each([
  ['us-iso-east-1', 'aws-iso'],
  ['us-isob-east-1', 'aws-iso-b'],
  ['eusc-de-east-1', 'aws-eusc'],
  ['us-gov-west-1', 'aws-us-gov'],
])('a root sign-in in %s names the root ARN in %s', (region, partition) => {
  const record = { ...rootSignIn(), awsRegion: region, userIdentity: { ...identities.root(), arn: undefined } };
  const finding = new Engine({ rules: RULES }).evaluateRecord(record).findings.find((f) => f.rule.id === 'signin.root-login');
  expect(finding!.finding.resources).toEqual([`arn:${partition}:iam::123456789012:root`]);
});
