import { ACTIONS } from './remediation';
import type { IamPermission } from './remediation/action';
import type { ActionId, ResponderId, RuleDefinition } from './rule';

export interface ResponderDefinition {
  readonly id: ResponderId;
  /** The serverless.yml function name. */
  readonly functionName: string;
  readonly description: string;
  /** The only remediation actions this function may run; its IAM role holds exactly their permissions. */
  readonly actions: readonly ActionId[];
}

/**
 * One Lambda function per set of AWS permissions, so each role holds only what its rules' remediations declare:
 * a compromise of the alert-only function cannot touch a security group.
 */
export const RESPONDERS: { readonly [K in ResponderId]: ResponderDefinition } = {
  'security-group': {
    id: 'security-group',
    functionName: 'securityGroup',
    description: 'Security-group rules: alerts, and reverts world-open ingress',
    actions: ['revoke-ingress', 'restore-sg-rule'],
  },
  trail: {
    id: 'trail',
    functionName: 'trail',
    description: 'CloudTrail tampering: alerts, and restarts stopped logging',
    actions: ['restart-logging'],
  },
  'self-protection': {
    id: 'self-protection',
    functionName: 'selfProtection',
    description: 'Changes to trailguard itself: alerts, re-enables its rules, restores its functions, deletes roles squatting its name',
    actions: ['enable-event-rule', 'restore-function-concurrency', 'delete-backdoor-role'],
  },
  alert: {
    id: 'alert',
    functionName: 'alert',
    description: 'Alert-only rules: root, sign-in, unauthorized calls and CIS change monitoring',
    actions: [],
  },
};

export const responderOf = (rule: RuleDefinition): ResponderId => {
  if (rule.responder) return rule.responder;
  const actions = rule.actions ?? [];
  const covering = Object.values(RESPONDERS).find(
    (responder) => actions.length > 0 && actions.every((action) => responder.actions.includes(action)),
  );
  return covering?.id ?? 'alert';
};

export const rulesOf = (responder: ResponderId, rules: readonly RuleDefinition[]): RuleDefinition[] =>
  rules.filter((rule) => responderOf(rule) === responder);

/** The IAM actions a responder's role needs for remediation, from the action declarations. */
export const permissionsOf = (responder: ResponderId): string[] =>
  [...new Set(grantsOf(responder).map((p) => p.action))].sort();

/** The IAM permissions (actions and the resource types they act on) a responder's actions declare. */
export const grantsOf = (responder: ResponderId): IamPermission[] =>
  RESPONDERS[responder].actions.flatMap((action) => ACTIONS[action].permissions);
