import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolePoliciesCommand,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { deleteBackdoorRole } from '../../../lib/remediation';

// A role named like the responder, as IAM reports it: a trust policy letting another account in, AdministratorAccess
// attached, one inline policy, one instance profile. Documents come back URL-encoded, as IAM returns them.
export const ROLE = 'trailguard-backdoor';
export const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}';
export const INLINE = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
export const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const params = deleteBackdoorRole.parse({ roleName: ROLE, region: 'us-east-1' });

export const stockRole = (iam: AwsClientStub<IAMClient>): void => {
  iam.on(GetRoleCommand).resolves({
    Role: { RoleName: ROLE, Path: '/', Arn: `arn:aws:iam::123456789012:role/${ROLE}`, RoleId: 'AROAEXAMPLEBACKDOOR01', CreateDate: new Date('2026-11-02T09:15:00Z'), AssumeRolePolicyDocument: encodeURIComponent(TRUST) },
  });
  iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }], IsTruncated: false });
  iam.on(DetachRolePolicyCommand).resolves({});
  iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['exfil'], IsTruncated: false });
  iam.on(GetRolePolicyCommand).resolves({ RoleName: ROLE, PolicyName: 'exfil', PolicyDocument: encodeURIComponent(INLINE) });
  iam.on(DeleteRolePolicyCommand).resolves({});
  iam.on(ListInstanceProfilesForRoleCommand).resolves({ InstanceProfiles: [{ InstanceProfileName: 'backdoor-profile', InstanceProfileId: 'AIPAEXAMPLE', Arn: 'arn:aws:iam::123456789012:instance-profile/backdoor-profile', Path: '/', CreateDate: new Date(), Roles: [] }], IsTruncated: false });
  iam.on(RemoveRoleFromInstanceProfileCommand).resolves({});
  iam.on(DeleteRoleCommand).resolves({});
};
