import { DeleteConflictException, DeleteRoleCommand, DetachRolePolicyCommand, IAMClient, IAMServiceException } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { deleteBackdoorRoleApplier } from '../../../lib/remediation/delete-backdoor-role/apply';
import { params, stockRole } from './world';
import { instantRetry, metadata, REQUEST_ID } from '../support';

const iam = mockClient(IAMClient);

beforeEach(() => {
  iam.reset();
  stockRole(iam);
});

describe('delete-backdoor-role failed', () => {
  test('AccessDenied on the first detach: failed at once, the role untouched, saying to delete it by hand', async () => {
    // Prepare
    const denied = new IAMServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403, requestId: REQUEST_ID }, message: 'not authorized to perform: iam:DetachRolePolicy' });
    iam.on(DetachRolePolicyCommand).rejects(denied);
    const options = instantRetry();

    // Act
    const result = await deleteBackdoorRoleApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(iam).not.toHaveReceivedCommand(DeleteRoleCommand);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(denied);
    expect(result.error?.message).toMatch(/AccessDenied: .*still exists: delete it by hand/);
  });

  test('DeleteConflict at the end (a policy added meanwhile): failed, saying what was already removed', async () => {
    // Prepare
    iam.on(DeleteRoleCommand).rejects(new DeleteConflictException({ message: 'Cannot delete entity, must detach all policies first.', $metadata: metadata(409) }));

    // Act
    const result = await deleteBackdoorRoleApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('failed');
    expect(result.error?.message).toContain('left for retry');
    expect(result.detail).toMatchObject({ detached: ['arn:aws:iam::aws:policy/AdministratorAccess'], deletedInlinePolicies: ['exfil'] });
    expect(result.undo).toContain('attach-role-policy');
  });
});
