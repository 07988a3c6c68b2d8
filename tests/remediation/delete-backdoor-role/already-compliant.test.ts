import { DeleteRoleCommand, DetachRolePolicyCommand, GetRoleCommand, IAMClient, NoSuchEntityException } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { deleteBackdoorRoleApplier } from '../../../lib/remediation/delete-backdoor-role/apply';
import { params, stockRole } from './world';
import { instantRetry, metadata } from '../support';

const iam = mockClient(IAMClient);
const gone = () => new NoSuchEntityException({ message: 'The role with name trailguard-backdoor cannot be found.', $metadata: metadata(404) });

beforeEach(() => {
  iam.reset();
  stockRole(iam);
});

describe('delete-backdoor-role already compliant (the role is gone)', () => {
  test('deleted before we got to it: already compliant, nothing called after GetRole', async () => {
    // Prepare
    iam.on(GetRoleCommand).rejects(gone());

    // Act
    const result = await deleteBackdoorRoleApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(iam.calls()).toHaveLength(1);
    expect(result).toMatchObject({ outcome: 'already-compliant', detail: { reason: 'the role no longer exists' } });
    expect(result.error).toBeUndefined();
  });

  test('a policy detached by someone else meanwhile (NoSuchEntity on detach) does not stop the deletion', async () => {
    // Prepare
    iam.on(DetachRolePolicyCommand).rejects(gone());

    // Act
    const result = await deleteBackdoorRoleApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(iam).toHaveReceivedCommand(DeleteRoleCommand);
    expect(result.outcome).toBe('applied');
  });

  test('the role deleted by someone else between our calls: already compliant, still saying what was removed', async () => {
    // Prepare
    iam.on(DeleteRoleCommand).rejects(gone());

    // Act
    const result = await deleteBackdoorRoleApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('already-compliant');
    expect(result.did).toContain('detached arn:aws:iam::aws:policy/AdministratorAccess');
  });
});
