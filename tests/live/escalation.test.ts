import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import type { RuleCase } from '../../lib/rule';
import policyCases from '../../rules/iam/iam-policy-change.cases';
import kmsCases from '../../rules/kms/kms-key-deletion.cases';
import { identities } from '../../rules/support/records';
import { describeLive, LIVE_TEST_TIMEOUT_MS } from './support/live';
import { ACCOUNT, REGION } from './support/world';

/*
 * Dedup on the packaged prod alert function under Node 22 against moto, with the stack's state table: two of the
 * escalation pairs alert twice each, and a plain repeat is suppressed, even in a fresh container (cold start), since
 * the window lives in the table, not in the container.
 */
const caseRecord = (cases: readonly RuleCase[], name: string): CloudTrailRecord => {
  const found = cases.find((c) => c.name === name);
  if (!found) throw new Error(`no case named ${JSON.stringify(name)}`);
  return found.record;
};

/** The case's record as just done by one actor, with CloudTrail's fresh ids. */
const now = (record: CloudTrailRecord): CloudTrailRecord => ({
  ...record,
  userIdentity: identities.iamUser('mallory'),
  eventID: randomUUID(),
  requestID: randomUUID(),
  eventTime: `${new Date().toISOString().slice(0, 19)}Z`,
  awsRegion: REGION,
  recipientAccountId: ACCOUNT,
});

describeLive('live: dedup never hides an escalation', {}, (started) => {

  test('DisableKey then ScheduleKeyDeletion, Detach then Attach AdministratorAccess: four alerts; a plain repeat: none', async () => {
    // Prepare
    const live = started();
    const since = live.requests().length;
    const deliveries: [string, CloudTrailRecord, boolean][] = [
      ['KmsKmsKeyDeletionEventRule', now(caseRecord(kmsCases, 'DisableKey (MEDIUM: EnableKey undoes it at once)')), false],
      ['KmsKmsKeyDeletionEventRule', now(caseRecord(kmsCases, 'ScheduleKeyDeletion with a 7-day waiting period')), false],
      ['IamIamPolicyChangeEventRule', now(caseRecord(policyCases, 'DetachUserPolicy of AdministratorAccess is a removal, not a grant')), false],
      ['IamIamPolicyChangeEventRule', now(caseRecord(policyCases, 'AttachUserPolicy attaches AdministratorAccess (HIGH)')), false],
      // The same AttachUserPolicy again a moment later, handled by a new container.
      ['IamIamPolicyChangeEventRule', now(caseRecord(policyCases, 'AttachUserPolicy attaches AdministratorAccess (HIGH)')), true],
    ];

    // Act
    const results = [];
    for (const [rule, record, fresh] of deliveries) {
      const { deliveries: ran } = await live.deliverVia(rule, record, fresh ? { containers: 'fresh' } : {});
      results.push(...ran.map((d) => d.invocation));
    }

    // Assess
    expect(results.map((r) => [r.ok, (r.result as { status?: string } | undefined)?.status])).toEqual([
      [true, 'alerted'],
      [true, 'alerted'],
      [true, 'alerted'],
      [true, 'alerted'],
      [true, 'suppressed'],
    ]);
    expect(results[4]!.coldStart).toBe(true);
    const alerts = await live.alerts();
    expect(alerts.map((a) => [a.attributes.severity, JSON.parse(a.attributes.ruleId!)[0]])).toEqual([
      ['MEDIUM', 'kms.kms-key-deletion'],
      ['HIGH', 'kms.kms-key-deletion'],
      ['MEDIUM', 'iam.iam-policy-change'],
      ['HIGH', 'iam.iam-policy-change'],
    ]);
    expect(results[4]!.records).toContainEqual(expect.objectContaining({ AlertsSuppressed: 1 }));

    // The windows are in the stack's table: one per key, the repeat counted in the Attach window.
    const table = live.world.created.ref('StateTable');
    const { Items = [] } = await live.aws.dynamodb.send(new ScanCommand({ TableName: table }));
    expect(Items.map((item) => item.id!.S!).every((id) => id.startsWith('dedup#'))).toBe(true);
    expect(Items.map((item) => JSON.parse(item.window!.S!).suppressed).sort()).toEqual([0, 0, 0, 1]);
    const tableCalls = live.functionRequests(since).filter((r) => r.service === 'dynamodb').map((r) => r.operation);
    expect(new Set(tableCalls)).toEqual(new Set(['GetItem', 'PutItem']));
  }, LIVE_TEST_TIMEOUT_MS * 2);
});
