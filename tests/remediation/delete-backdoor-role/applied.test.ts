import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { deleteBackdoorRoleApplier } from '../../../lib/remediation/delete-backdoor-role/apply';
import { ADMIN, INLINE, ROLE, TRUST, params, stockRole } from './world';
import { instantRetry } from '../support';

const iam = mockClient(IAMClient);

beforeEach(() => {
  iam.reset();
  stockRole(iam);
});

describe('delete-backdoor-role applied', () => {
  test('detaches its policies, deletes its inline policies, removes it from its instance profiles, then deletes it, in that order', async () => {
    // Act
    const result = await deleteBackdoorRoleApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(iam).toHaveReceivedCommandWith(DetachRolePolicyCommand, { RoleName: ROLE, PolicyArn: ADMIN });
    expect(iam).toHaveReceivedCommandWith(DeleteRolePolicyCommand, { RoleName: ROLE, PolicyName: 'exfil' });
    expect(iam).toHaveReceivedCommandWith(RemoveRoleFromInstanceProfileCommand, { RoleName: ROLE, InstanceProfileName: 'backdoor-profile' });
    expect(iam).toHaveReceivedCommandWith(DeleteRoleCommand, { RoleName: ROLE });
    const order = iam.calls().map((call) => call.args[0].constructor.name);
    expect(order.indexOf('DeleteRoleCommand')).toBe(order.length - 1);
    expect(order.indexOf('DetachRolePolicyCommand')).toBeLessThan(order.indexOf('DeleteRoleCommand'));
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({ detached: [ADMIN], deletedInlinePolicies: ['exfil'], removedFromInstanceProfiles: ['backdoor-profile'], path: '/' });
  });

  test('the alert says what was removed and how to recreate it, with the decoded documents', async () => {
    // Act
    const result = await deleteBackdoorRoleApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.did).toContain(`deleted role /${ROLE}`);
    expect(result.did).toContain(`detached ${ADMIN}`);
    expect(result.did).toContain('deleted inline exfil');
    expect(result.did).toContain('backdoor-profile');
    expect(result.did).toContain(TRUST);
    expect(result.undo).toContain(`--assume-role-policy-document '${TRUST}'`);
    expect(result.undo).toContain(`attach-role-policy --role-name <new-name> --policy-arn ${ADMIN}`);
    expect(result.undo).toContain(`--policy-name exfil --policy-document '${INLINE}'`);
    expect(result.undo).toContain('add-role-to-instance-profile --instance-profile-name backdoor-profile');
  });

  test('pages through every attached policy (IsTruncated / Marker)', async () => {
    // Prepare
    iam.on(ListAttachedRolePoliciesCommand).resolvesOnce({ AttachedPolicies: [{ PolicyArn: ADMIN }], IsTruncated: true, Marker: 'm1' }).resolves({
      AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' }],
      IsTruncated: false,
    });

    // Act
    const result = await deleteBackdoorRoleApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(iam).toHaveReceivedCommandWith(ListAttachedRolePoliciesCommand, { RoleName: ROLE, Marker: 'm1' });
    expect(iam).toHaveReceivedCommandTimes(DetachRolePolicyCommand, 2);
    expect(result.detail).toMatchObject({ detached: [ADMIN, 'arn:aws:iam::aws:policy/IAMFullAccess'] });
  });
});
