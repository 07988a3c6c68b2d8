import { REGION_NAME } from '../../cloudtrail/record';
import { defineAction } from '../action';
import { ParamsReader } from '../params-schema';

// IAM role names ([\w+=,.@-], at most 64) that carry the responder's prefix; the rule never asks for the stack's own.
const ROLE_NAME = /^trailguard-[\w+=,.@-]{1,53}$/;

/** A role someone created with the responder's name prefix that is not one of the stack's roles. */
export interface DeleteBackdoorRoleParams {
  readonly roleName: string;
  /** Where the event was recorded: IAM is global, and its endpoint is reached through the partition's regions. */
  readonly region: string;
}

export const deleteBackdoorRole = defineAction<DeleteBackdoorRoleParams>({
  id: 'delete-backdoor-role',
  description: 'Delete a role created with trailguard\'s name prefix that is not one of its stack\'s roles',
  permissions: [
    // Read what the role was (trust policy, policies, instance profiles) so the alert can say how to recreate it.
    { action: 'iam:GetRole', resources: ['iam:responder-named-role'] },
    { action: 'iam:ListAttachedRolePolicies', resources: ['iam:responder-named-role'] },
    { action: 'iam:ListRolePolicies', resources: ['iam:responder-named-role'] },
    { action: 'iam:GetRolePolicy', resources: ['iam:responder-named-role'] },
    { action: 'iam:ListInstanceProfilesForRole', resources: ['iam:responder-named-role'] },
    // DeleteRole refuses a role that still has policies or instance profiles: remove those first.
    { action: 'iam:DetachRolePolicy', resources: ['iam:responder-named-role'] },
    { action: 'iam:DeleteRolePolicy', resources: ['iam:responder-named-role'] },
    { action: 'iam:RemoveRoleFromInstanceProfile', resources: ['iam:instance-profile', 'iam:responder-named-role'] },
    { action: 'iam:DeleteRole', resources: ['iam:responder-named-role'] },
  ],
  parse(params) {
    const reader = new ParamsReader('delete-backdoor-role', params, ['roleName', 'region']);
    return { roleName: reader.string('roleName', ROLE_NAME), region: reader.string('region', REGION_NAME) };
  },
  plan(params) {
    return {
      calls: ['iam:DetachRolePolicy (each)', 'iam:DeleteRolePolicy (each)', 'iam:RemoveRoleFromInstanceProfile (each)', 'iam:DeleteRole'],
      roleName: params.roleName,
    };
  },
  undo(params) {
    return `The alert lists the role's trust policy and policies. If it was legitimate, rename it (trailguard-* is reserved for the responder) and recreate it: aws iam create-role --role-name <new-name> --assume-role-policy-document file://trust.json, then re-attach its policies (a role named ${params.roleName} would be deleted again)`;
  },
});
