import { DeleteRoleCommand, GetRoleCommand, IAMClient, IAMServiceException } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { deleteBackdoorRoleApplier } from '../../../lib/remediation/delete-backdoor-role/apply';
import { params, stockRole } from './world';
import { instantRetry, REQUEST_ID } from '../support';

const iam = mockClient(IAMClient);
// IAM's throttling error code is "Throttling" (unmodelled: the SDK builds it as an IAMServiceException).
const throttled = () => new IAMServiceException({ name: 'Throttling', $fault: 'client', $metadata: { httpStatusCode: 400, requestId: REQUEST_ID }, message: 'Rate exceeded' });

beforeEach(() => {
  iam.reset();
  stockRole(iam);
});

describe('delete-backdoor-role retries', () => {
  test('throttled on GetRole and DeleteRole, then succeeded: applied', async () => {
    // Prepare
    iam.on(GetRoleCommand).rejectsOnce(throttled()).callsFake(() => ({ Role: { RoleName: 'trailguard-backdoor', Path: '/', Arn: 'arn:aws:iam::123456789012:role/trailguard-backdoor', RoleId: 'AROAEXAMPLEBACKDOOR01', CreateDate: new Date(), AssumeRolePolicyDocument: '%7B%7D' } }));
    iam.on(DeleteRoleCommand).rejectsOnce(throttled()).resolves({});
    const options = instantRetry();

    // Act
    const result = await deleteBackdoorRoleApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(iam).toHaveReceivedCommandTimes(GetRoleCommand, 2);
    expect(iam).toHaveReceivedCommandTimes(DeleteRoleCommand, 2);
    expect(options.sleeps).toHaveLength(2);
    expect(result.outcome).toBe('applied');
  });

  test('throttled until giving up: failed after the bounded attempts, the role still there', async () => {
    // Prepare
    iam.on(DeleteRoleCommand).rejects(throttled());

    // Act
    const result = await deleteBackdoorRoleApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(iam).toHaveReceivedCommandTimes(DeleteRoleCommand, 4);
    expect(result).toMatchObject({ outcome: 'failed', detail: { errorCode: 'Throttling', attempts: 4 } });
  });
});
