import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { Engine } from '../../lib/engine';
import { alertOwner } from '../../lib/routing';
import { responderOf } from '../../lib/routing';
import type { RuleCase } from '../../lib/rule';
import { RULES } from '../../rules';
import cloudtrailCases from '../../rules/cloudtrail/cloudtrail-tampering.cases';
import policyCases from '../../rules/iam/iam-policy-change.cases';
import kmsCases from '../../rules/kms/kms-key-deletion.cases';
import s3Cases from '../../rules/s3/s3-bucket-policy-change.cases';
import { identities } from '../support/records';
import { fakeStateTable } from '../support/state-table';
import { BASE_DIMENSIONS, busEvent, handlerFor, invoke, lambdaHarness, stageEnv } from './support';

// Dedup never hides an escalation: the same actor on the same resource, minutes apart, doing something more
// severe or something else, alerts again. Each pair runs the rules' own cases (real CloudTrail shapes) through the
// real functions with one shared state table; then a plain repeat of the second event is suppressed, which shows
// the pair shared the window key and only eventName or severity told them apart.
const { sns } = lambdaHarness({ sns: SNSClient });
const TABLE = 'trailguard-test-state';
const table = fakeStateTable(TABLE);
afterAll(() => {
  sns.restore();
  table.stub.restore();
});
beforeEach(() => {
  table.items.clear();
  sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
});

const caseRecord = (cases: readonly RuleCase[], name: string): CloudTrailRecord => {
  const found = cases.find((c) => c.name === name);
  if (!found) throw new Error(`no case named ${JSON.stringify(name)}`);
  return found.record;
};

const ACTOR = identities.iamUser('mallory');
let sequence = 0;
/** The case's record, done by one actor at a given minute, with its own eventID (as CloudTrail gives each call). */
const at = (record: CloudTrailRecord, minute: number): CloudTrailRecord => ({
  ...record,
  userIdentity: ACTOR,
  eventID: `0e5ca1a7-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
  eventTime: new Date(Date.parse('2026-11-02T09:00:00Z') + minute * 60_000).toISOString().replace('.000Z', 'Z'),
});

const PAIRS: readonly { name: string; ruleId: string; first: CloudTrailRecord; second: CloudTrailRecord; severities: [string, string] }[] = [
  {
    name: 'bucket ACL private, then public-read',
    ruleId: 's3.s3-bucket-policy-change',
    first: caseRecord(s3Cases, 'PutBucketAcl with the canned private ACL'),
    second: caseRecord(s3Cases, 'PutBucketAcl with the canned public-read ACL (HIGH)'),
    severities: ['MEDIUM', 'HIGH'],
  },
  {
    // Not ScheduleKeyDeletion: it carries a revert (cancel-key-deletion), and an event with a remediation always alerts.
    name: 'DisableKey, then DeleteImportedKeyMaterial',
    ruleId: 'kms.kms-key-deletion',
    first: caseRecord(kmsCases, 'DisableKey (MEDIUM: EnableKey undoes it at once)'),
    second: caseRecord(kmsCases, 'DeleteImportedKeyMaterial makes the key unusable at once (addition)'),
    severities: ['MEDIUM', 'HIGH'],
  },
  {
    name: 'CreatePolicy, then an admin policy version',
    ruleId: 'iam.iam-policy-change',
    first: caseRecord(policyCases, 'CreatePolicy creates a managed policy'),
    second: caseRecord(policyCases, 'CreatePolicyVersion makes an admin version the default (HIGH)'),
    severities: ['MEDIUM', 'HIGH'],
  },
  {
    name: 'DetachUserPolicy, then AttachUserPolicy AdministratorAccess',
    ruleId: 'iam.iam-policy-change',
    first: caseRecord(policyCases, 'DetachUserPolicy of AdministratorAccess is a removal, not a grant'),
    second: caseRecord(policyCases, 'AttachUserPolicy attaches AdministratorAccess (HIGH)'),
    severities: ['MEDIUM', 'HIGH'],
  },
  {
    name: 'UpdateTrail, then PutEventSelectors dropping management events',
    ruleId: 'cloudtrail.cloudtrail-tampering',
    first: caseRecord(cloudtrailCases, 'UpdateTrail re-points the trail to another bucket'),
    second: caseRecord(cloudtrailCases, 'PutEventSelectors drops management events (Stratus Red Team technique)'),
    severities: ['HIGH', 'CRITICAL'],
  },
];

test.each(PAIRS)('$name: both alert; a plain repeat of the second is suppressed', async ({ ruleId, first, second, severities }) => {
  // Prepare
  // The function that owns the event's one alert (lib/routing.ts): for KMS events the trail function, whose
  // kms-key-deletion rule remediates (cancel-key-deletion), though self-protection's key rule also sees every key.
  const owner = alertOwner(new Engine({ rules: RULES }).evaluate(busEvent(first)).matchedRules) ?? responderOf(RULES.find((r) => r.id === ruleId)!);
  const handler = handlerFor(owner, { env: stageEnv({ STATE_TABLE: TABLE }) });
  const escalation = at(second, 3);

  // Act
  const runs = [
    await invoke(handler, busEvent(at(first, 0), 'eb-1')),
    await invoke(handler, busEvent(escalation, 'eb-2')),
    await invoke(handler, busEvent({ ...at(second, 5) }, 'eb-3')),
  ];

  // Assess
  expect(runs.map((run) => run.error)).toEqual([undefined, undefined, undefined]);
  expect(runs.map((run) => (run.result as { status: string }).status)).toEqual(['alerted', 'alerted', 'suppressed']);
  expect(runs.map((run) => (run.result as { findings: { ruleId: string; severity: string }[] }).findings.find((f) => f.ruleId === ruleId)?.severity)).toEqual([
    ...severities,
    severities[1],
  ]);
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
  const subjects = sns.commandCalls(PublishCommand).map((call) => call.args[0].input.Subject);
  expect(subjects[0]).toContain(severities[0]);
  expect(subjects[1]).toContain(severities[1]);
  expect(runs[2]!.metrics).toContainEqual({ name: 'AlertsSuppressed', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS });
  expect(runs[1]!.metrics.map((m) => m.name)).not.toContain('AlertsSuppressed');
  // One window per key: the escalation opened its own.
  expect([...table.items.keys()].filter((id) => id.startsWith('dedup#'))).toHaveLength(2);
});

test('another eventName of the same category at the same severity alerts too', async () => {
  // Prepare: DeleteUserPolicy then PutUserPolicy on user/bob, both MEDIUM iam-policy-change.
  const handler = handlerFor('alert', { env: stageEnv({ STATE_TABLE: TABLE }) });
  const put = caseRecord(policyCases, 'PutUserPolicy adds an inline policy to a user');
  const remove = caseRecord(policyCases, 'DeleteUserPolicy');

  // Act
  const runs = [await invoke(handler, busEvent(at(put, 0))), await invoke(handler, busEvent(at(remove, 1)))];

  // Assess
  expect(runs.map((run) => (run.result as { status: string; findings: { severity: string }[] }).findings[0]!.severity)).toEqual(['MEDIUM', 'MEDIUM']);
  expect(runs.map((run) => (run.result as { status: string }).status)).toEqual(['alerted', 'alerted']);
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
});
