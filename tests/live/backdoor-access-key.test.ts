import { CreateAccessKeyCommand, CreateUserCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { intruder } from '../support/responder-records';
import { globalCall } from '../support/service-records';
import { describeLive, LIVE_TEST_TIMEOUT_MS } from './support/live';

/*
 * Issue 14 §2, run by the prod selfProtection bundle under Node 22 against moto, in a stage that opted into
 * deactivateAccessKeys: a principal creates an access key for another user. Exactly that key is deactivated (not
 * deleted); the user's earlier key stays active, and the alert gives the command that turns the key back on.
 */
const now = (): Partial<CloudTrailRecord> => ({ eventTime: `${new Date().toISOString().slice(0, 19)}Z` });

describeLive('live: an access key created for another IAM user', { environment: { TRAILGUARD_DEACTIVATE_ACCESS_KEYS: 'true' } }, (started) => {
  test('that key is deactivated, the user\'s own earlier key stays active, one alert says so', async () => {
    // Prepare
    const live = started();
    const { iam } = live.aws;
    await iam.send(new CreateUserCommand({ UserName: 'svc-backup' }));
    const earlier = (await iam.send(new CreateAccessKeyCommand({ UserName: 'svc-backup' }))).AccessKey!;
    const backdoor = (await iam.send(new CreateAccessKeyCommand({ UserName: 'svc-backup' }))).AccessKey!;
    const record = globalCall(
      'iam.amazonaws.com',
      'CreateAccessKey',
      { userName: 'svc-backup' },
      { accessKey: { userName: 'svc-backup', accessKeyId: backdoor.AccessKeyId, status: 'Active', createDate: backdoor.CreateDate?.toISOString() } },
      { ...intruder(), ...now() },
    );
    const since = live.requests().length;

    // Act
    const { deliveries } = await live.deliverVia('IamIamBackdoorUserEventRule', record);

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['selfProtection', true, undefined]]);
    const { AccessKeyMetadata = [] } = await iam.send(new ListAccessKeysCommand({ UserName: 'svc-backup' }));
    expect(Object.fromEntries(AccessKeyMetadata.map((key) => [key.AccessKeyId, key.Status]))).toEqual({
      [earlier.AccessKeyId!]: 'Active',
      [backdoor.AccessKeyId!]: 'Inactive',
    });
    const calls = live
      .functionRequests(since)
      .filter((r) => r.service !== 'dynamodb')
      .map((r) => [r.service, r.operation]);
    expect(calls).toEqual([
      ['iam', 'ListAccessKeys'],
      ['iam', 'UpdateAccessKey'],
      ['sns', 'Publish'],
    ]);
    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.attributes).toMatchObject({ outcome: 'applied', severity: 'HIGH' });
    expect(alerts[0]!.text).toContain(`deactivated access key ${backdoor.AccessKeyId} of IAM user svc-backup (not deleted`);
    expect(alerts[0]!.text).toContain(`aws iam update-access-key --user-name svc-backup --access-key-id ${backdoor.AccessKeyId} --status Active`);
  }, LIVE_TEST_TIMEOUT_MS);
});
