import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import type { CloudTrailRecord, UserIdentity } from '../../lib/cloudtrail/record';
import { ENV } from '../../lib/config';
import { RULE_CASES } from '../../rules/cases';
import { ACCOUNT, identities } from '../support/records';
import { fakeStateTable } from '../support/state-table';
import { BASE_DIMENSIONS, bodiesOf, busEvent, handlerFor, invoke, lambdaHarness, stageEnv } from './support';

// A Terraform run through the deployed alert function: its routine network and IAM changes alert once, at LOW
// (below any SMS threshold), saying who lowered them; the rest of the run is counted and sent as one digest with
// the next run's alert. A trust policy it opens in the same run alerts on its own at HIGH, and another principal's
// route keeps its MEDIUM.
const { sns } = lambdaHarness({ sns: SNSClient });
const TABLE = 'trailguard-test-state';
const table = fakeStateTable(TABLE);
afterAll(() => {
  sns.restore();
  table.stub.restore();
});
beforeEach(() => {
  table.items.clear();
  let n = 0;
  sns.on(PublishCommand).callsFake(async () => ({ MessageId: `msg-${++n}` }));
});

const TERRAFORM = 'arn:aws:iam::123456789012:role/deploy/terraform-apply';
const terraform = identities.roleSession(TERRAFORM);

const caseRecord = (ruleId: string, name: string): CloudTrailRecord => RULE_CASES[ruleId]!.find((c) => c.name === name)!.record;
const eventId = (n: number) => `eeeeeeee-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = (minute: number) => new Date(Date.parse('2026-11-02T09:00:00Z') + minute * 60_000).toISOString().replace('.000Z', 'Z');
const event = (n: number, minute: number, record: CloudTrailRecord, userIdentity: UserIdentity = terraform) =>
  busEvent({ ...record, eventID: eventId(n), eventTime: at(minute), userIdentity }, `eb-${n}`);

const CREATE_VPC = caseRecord('ec2.vpc-change', 'CreateVpc');
const CREATE_ROUTE = caseRecord('ec2.route-table-change', 'CreateRoute sending the default route to an internet gateway');
const CREATE_ROUTE_TABLE = caseRecord('ec2.route-table-change', 'CreateRouteTable');
const ATTACH_POLICY = caseRecord('iam.iam-policy-change', 'AttachRolePolicy');
const FOREIGN_TRUST = caseRecord('iam.iam-policy-change', 'UpdateAssumeRolePolicy trusts another account (HIGH: Stratus iam-backdoor-role)');

const handler = () =>
  handlerFor('alert', { env: stageEnv({ STATE_TABLE: TABLE, [ENV.deploymentPrincipals]: TERRAFORM, [ENV.smsMinSeverity]: 'MEDIUM' }) });
const published = () => sns.commandCalls(PublishCommand).map((call) => call.args[0].input);

test('the run\'s first change alerts at LOW saying why; the other routine changes are suppressed and counted', async () => {
  // Prepare
  const fn = handler();

  // Act
  const first = await invoke(fn, event(1, 0, CREATE_VPC));
  const rest = [];
  for (const [n, minute, record] of [[2, 1, CREATE_ROUTE_TABLE], [3, 2, CREATE_ROUTE], [4, 3, ATTACH_POLICY]] as const) {
    rest.push(await invoke(fn, event(n, minute, record)));
  }

  // Assess
  expect(first.result).toMatchObject({ status: 'alerted', findings: [{ category: 'vpc-change', severity: 'LOW' }] });
  const [alert] = published();
  expect(published()).toHaveLength(1);
  expect(alert!.MessageAttributes).toMatchObject({ severity: { DataType: 'String', StringValue: 'LOW' } });
  const { email } = bodiesOf(alert!.Message);
  expect(email).toContain(`(lowered from MEDIUM to LOW: by deployment principal ${TERRAFORM})`);
  expect(first.logs).toContainEqual(
    expect.objectContaining({ message: 'finding', ruleId: 'ec2.vpc-change', severity: 'LOW', lowered: { from: 'MEDIUM', by: TERRAFORM, reason: expect.stringContaining(TERRAFORM) } }),
  );
  expect(first.metrics).toContainEqual({ name: 'Findings', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, category: 'vpc-change', severity: 'LOW' } });
  expect(rest.map((r) => (r.result as { status: string }).status)).toEqual(['suppressed', 'suppressed', 'suppressed']);
  expect(rest[2]!.logs).toContainEqual(expect.objectContaining({ message: 'finding', ruleId: 'iam.iam-policy-change', severity: 'LOW' }));
  expect(rest[2]!.metrics).toContainEqual({ name: 'Findings', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, category: 'iam-policy-change', severity: 'LOW' } });
  for (const r of rest) expect(r.metrics.map((m) => m.name)).toContain('AlertsSuppressed');
});

test('a trust policy opened in the same run alerts on its own at HIGH, and another principal\'s route keeps MEDIUM', async () => {
  // Prepare
  const fn = handler();
  await invoke(fn, event(1, 0, CREATE_VPC));

  // Act
  const trust = await invoke(fn, event(2, 1, FOREIGN_TRUST));
  const other = await invoke(fn, event(3, 2, CREATE_ROUTE, identities.assumedRole('NetworkAdmin', 'alice')));

  // Assess
  expect(trust.result).toMatchObject({ status: 'alerted', findings: [{ category: 'iam-policy-change', severity: 'HIGH' }] });
  expect(other.result).toMatchObject({ status: 'alerted', findings: [{ category: 'route-table-change', severity: 'MEDIUM' }] });
  const [, trustAlert, otherAlert] = published();
  expect(trustAlert!.MessageAttributes).toMatchObject({ severity: { StringValue: 'HIGH' } });
  expect(otherAlert!.MessageAttributes).toMatchObject({ severity: { StringValue: 'MEDIUM' } });
  for (const alert of [trustAlert!, otherAlert!]) expect(bodiesOf(alert.Message).email).not.toContain('deployment principal');
});

test('the next run alerts with one digest of the last run\'s suppressed changes, naming the principal', async () => {
  // Prepare
  const fn = handler();
  for (const [n, minute, record] of [[1, 0, CREATE_VPC], [2, 1, CREATE_ROUTE_TABLE], [3, 2, CREATE_ROUTE], [4, 3, ATTACH_POLICY]] as const) {
    await invoke(fn, event(n, minute, record));
  }

  // Act
  const next = await invoke(fn, event(5, 40, CREATE_ROUTE));

  // Assess
  expect(next.result).toMatchObject({ status: 'alerted' });
  const [, alert, digest] = published();
  expect(published()).toHaveLength(3);
  expect(alert!.Subject).not.toMatch(/digest/);
  expect(digest!.Subject).toBe('[trailguard test] digest: 3 changes by deployment principal terraform-apply 09:01Z-09:03Z');
  expect(digest!.MessageAttributes).toMatchObject({ kind: { StringValue: 'digest' }, severity: { StringValue: 'LOW' } });
  const { email, sms } = bodiesOf(digest!.Message);
  expect(email).toContain(`3 changes that deployment principal ${TERRAFORM} made in account ${ACCOUNT} within 15 minutes of the alert sent for CloudTrail event ${eventId(1)} were not sent on their own`);
  expect(email).toContain(`First change:    ${eventId(2)} at 2026-11-02 09:01:00 UTC`);
  expect(email).toContain(`Last change:     ${eventId(4)} at 2026-11-02 09:03:00 UTC`);
  expect(sms).toBe('LOW 3 changes by deployment terraform-apply 09:01Z-09:03Z - acct 123456789012 - trailguard test');
  expect(next.metrics).toContainEqual({ name: 'AlertDigests', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS });
});

test('a glob in the param stops the cold start, naming the variable and the entry', () => {
  // Act
  const coldStart = () => handlerFor('alert', { env: stageEnv({ [ENV.deploymentPrincipals]: `${TERRAFORM},arn:aws:iam::123456789012:role/terraform-*` }) });

  // Assess
  expect(coldStart).toThrow(/^invalid configuration TRAILGUARD_DEPLOYMENT_PRINCIPALS\[1\]: "arn:aws:iam::123456789012:role\/terraform-\*" is a glob/);
});
