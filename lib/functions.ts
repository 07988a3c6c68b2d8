import { ACTIONS, type ActionId } from './remediation';
import type { IamPermission } from './remediation/action';

/**
 * One Lambda function, as data. Its serverless.yml block, role, event rules and dashboard series are generated
 * from this (lib/deploy.ts into rules/deploy.generated.json); its code is `handlers/<id>.ts` over the wiring
 * `lib/lambda/wiring/<id>.ts`, which lists the appliers of exactly these actions.
 */
export interface FunctionDefinition {
  /** Kebab-case: the handler file `handlers/<id>.ts`, the wiring `lib/lambda/wiring/<id>.ts`. */
  readonly id: string;
  /** The serverless.yml function name (camelCase; part of role, log group and CloudFormation names). */
  readonly functionName: string;
  readonly description: string;
  /** The only remediation actions this function may run; its IAM role holds exactly their permissions. */
  readonly actions: readonly ActionId[];
}

/**
 * One Lambda function per set of AWS permissions, so each role holds only what its rules' remediations declare:
 * a compromise of the alert-only function cannot touch a security group. The order matters: the first function
 * with a matched rule that remediates owns an event's alert (lib/routing.ts).
 */
export const RESPONDERS = {
  'security-group': {
    id: 'security-group',
    functionName: 'securityGroup',
    description: 'Security-group rules: alerts, and reverts world-open ingress',
    actions: ['revoke-ingress', 'restore-sg-rule'],
  },
  trail: {
    id: 'trail',
    functionName: 'trail',
    // Undoing tampering with the account's audit and evidence (a trail stopped, Config recording stopped, flow
    // logs deleted, a key that decrypts logs and data scheduled for deletion) belongs together: one role that can
    // restore the record, and nothing else.
    description: 'CloudTrail and audit tampering: alerts, restarts stopped logging and Config recording, cancels scheduled key deletions, recreates declared flow logs',
    actions: ['restart-logging', 'cancel-key-deletion', 'restart-config-recorder', 'recreate-flow-logs'],
  },
  'self-protection': {
    id: 'self-protection',
    functionName: 'selfProtection',
    // remove-function-permission rides here: the self-protection rule watches every AddPermission (to find the
    // ones on trailguard's functions), so a second function reverting Lambda permissions would answer the same
    // events and both would alert.
    // deactivate-access-key too: this is the function that already holds IAM write permissions (and the IAM
    // client), and a backdoor key is persistence like a squatting role; the trail function stays about logging.
    description: 'Changes to trailguard itself, Lambda functions opened to outsiders and backdoor access keys: alerts, re-enables its rules, restores its functions, deletes roles squatting its name, removes the opening statement, deactivates the key',
    actions: ['enable-event-rule', 'restore-function-concurrency', 'delete-backdoor-role', 'remove-function-permission', 'deactivate-access-key'],
  },
  sharing: {
    id: 'sharing',
    functionName: 'sharing',
    description: 'Resources shared outside the account: alerts, and takes back AMI, EBS and RDS snapshot shares',
    actions: ['unshare-image', 'unshare-snapshot', 'unshare-db-snapshot'],
  },
  alert: {
    id: 'alert',
    functionName: 'alert',
    description: 'Alert-only rules: root, sign-in, unauthorized calls and CIS change monitoring',
    actions: [],
  },
} as const satisfies Readonly<Record<string, FunctionDefinition>>;

/** Lambda functions, grouped by the AWS permissions their rules' remediations need. */
export type ResponderId = keyof typeof RESPONDERS;
/** In registry order (the alert-ownership order). */
export const RESPONDER_IDS = Object.keys(RESPONDERS) as readonly ResponderId[];

/** The IAM actions a function's role needs for remediation, from the action declarations. */
export const iamActionsOf = (responder: ResponderId): string[] =>
  [...new Set(grantsOf(responder).map((p) => p.action))].sort();

/** The IAM permissions (actions and the resource types they act on) a function's actions declare. */
export const grantsOf = (responder: ResponderId): IamPermission[] =>
  RESPONDERS[responder].actions.flatMap((action: ActionId) => ACTIONS[action].permissions);
