import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import type { RuleCase } from '../../lib/rule';
import policyCases from '../../rules/iam/iam-policy-change.cases';
import kmsCases from '../../rules/kms/kms-key-deletion.cases';
import { apiCall, identities } from '../support/records';
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

    // Act: every rule EventBridge would route each event through (KMS key events reach the trail function, whose
    // kms-key-deletion rule remediates and so owns their one alert, and the self-protection function, which
    // answers `routed`). The scheduled key is not in moto: cancel-key-deletion finds nothing to cancel.
    const results = [];
    for (const [, record, fresh] of deliveries) {
      const { deliveries: ran } = await live.deliver(record, fresh ? { containers: 'fresh' } : {});
      results.push(...ran.map((d) => d.invocation).filter((r) => (r.result as { status?: string } | undefined)?.status !== 'routed'));
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

    // The windows are in the stack's table: one per key, the repeat counted in the Attach window. The
    // ScheduleKeyDeletion carries a revert (cancel-key-deletion): an event with a remediation always alerts and
    // opens no window.
    const table = live.world.created.ref('StateTable');
    const { Items = [] } = await live.aws.dynamodb.send(new ScanCommand({ TableName: table }));
    const windows = Items.filter((item) => item.id!.S!.startsWith('dedup#'));
    expect(windows.map((item) => JSON.parse(item.window!.S!).suppressed).sort()).toEqual([0, 0, 1]);
    const tableCalls = live.functionRequests(since).filter((r) => r.service === 'dynamodb').map((r) => r.operation);
    expect(tableCalls).toEqual(expect.arrayContaining(['GetItem', 'PutItem']));
  }, LIVE_TEST_TIMEOUT_MS * 2);

  test('a burst alerts once; the next event after the window alerts with one digest of the repeats', async () => {
    // Prepare: denied ListUsers calls by eve, 40, 38 and 30 minutes ago (the window is 15 minutes of event time).
    const live = started();
    const minutesAgo = (n: number) => `${new Date(Date.now() - n * 60_000).toISOString().slice(0, 19)}Z`;
    const denied = (ago: number) => ({
      ...now(apiCall({ eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', errorCode: 'AccessDenied', errorMessage: 'not authorized' })),
      userIdentity: identities.iamUser('eve'),
      eventTime: minutesAgo(ago),
    });
    const burst = [denied(40), denied(38), denied(30)];
    const next = denied(5);

    // Act
    const statuses = [];
    for (const record of [...burst, next]) {
      const { deliveries } = await live.deliverVia('AccountUnauthorizedApiCallEventRule', record);
      statuses.push(...deliveries.map((d) => (d.invocation.result as { status?: string } | undefined)?.status ?? d.invocation.error?.message));
    }

    // Assess
    expect(statuses).toEqual(['alerted', 'suppressed', 'suppressed', 'alerted']);
    const alerts = await live.alerts();
    expect(alerts).toHaveLength(3);
    const digest = alerts.find((a) => a.attributes.kind === 'digest')!;
    expect(digest.subject).toMatch(/digest: 2 repeats of MEDIUM unauthorized-api-call ListUsers by eve/);
    expect(digest.text).toContain(`First repeat:    ${burst[1]!.eventID}`);
    expect(digest.text).toContain(`Last repeat:     ${burst[2]!.eventID}`);
    expect(digest.text).toContain(`alert sent for CloudTrail event ${burst[0]!.eventID}`);
  }, LIVE_TEST_TIMEOUT_MS);
});
