import { RESPONDERS, RESPONDER_IDS, grantsOf } from './functions';
import { ALL_MANAGEMENT_EVENTS_STATE, PARTITION, arnOf, join, ref, remediationStatements, resourceArns, roleName, statement, type CfnResource, type Json } from './deploy';
import { SERVICE } from './names';
import { SESSION_PREFIX, centralBusName, memberRoleName } from './organization';
import { rulesOf } from './routing';
import type { RuleDefinition } from './rule';

/*
 * The organization topology's CloudFormation (issue 13), from the same rule and action declarations as the stage's
 * own rules and roles (lib/deploy.ts):
 * - centralResources: what a `topology: central` stage adds to its stack: the organization bus and its policy. The
 *   stage's event rules move onto that bus (lib/deploy-params.cjs eventBusName).
 * - renderMemberTemplate: the template every member account and region runs (a StackSet): one forwarding rule per
 *   deployed rule, with the rule's own pattern and state, to the central bus; and, once per account, one remediation
 *   role per remediating function that only that function's central role may assume.
 */

export const CENTRAL_LOGICAL_IDS = { bus: 'CentralEventBus', busPolicy: 'CentralEventBusPolicy' } as const;

/**
 * The central bus and a policy admitting events:PutEvents from principals of the organization only. The principals
 * are the member accounts' forwarding roles (EventBridge signs cross-account deliveries with the target's role).
 */
export const centralResources = (
  stage: string,
  organizationId: string,
  /** The stage's functions that remediate, with their role's logical id (rules/deploy.generated.json functions). */
  remediating: readonly { readonly functionName: string; readonly roleLogicalId: string }[],
): { Resources: Record<string, CfnResource>; Outputs: Record<string, Json> } => ({
  Resources: {
    // Each remediating function may assume its own member role in any account of the organization, nothing else.
    ...Object.fromEntries(
      remediating.map(({ functionName, roleLogicalId }) => [
        `${pascal(functionName)}AssumeMemberRolePolicy`,
        {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyName: `${SERVICE}-${functionName}-assume-member-role`,
            Roles: [ref(roleLogicalId)],
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                statement('AssumeMemberRole', ['sts:AssumeRole'], join('', ['arn:', PARTITION, `:iam::*:role/${memberRoleName(stage, functionName)}`]), {
                  StringEquals: { 'aws:ResourceOrgID': organizationId },
                }),
              ],
            },
          },
        } satisfies CfnResource,
      ]),
    ),
    [CENTRAL_LOGICAL_IDS.bus]: { Type: 'AWS::Events::EventBus', Properties: { Name: centralBusName(stage) } },
    [CENTRAL_LOGICAL_IDS.busPolicy]: {
      Type: 'AWS::Events::EventBusPolicy',
      Properties: {
        EventBusName: ref(CENTRAL_LOGICAL_IDS.bus),
        StatementId: 'OrganizationPutEvents',
        Statement: {
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Resource: arnOf(CENTRAL_LOGICAL_IDS.bus),
          Condition: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
        },
      },
    },
  },
  Outputs: {
    CentralEventBusArn: { Description: 'The bus member accounts forward to (the member template\'s CentralEventBusArn)', Value: arnOf(CENTRAL_LOGICAL_IDS.bus) },
  },
});

export interface MemberTemplateOptions {
  readonly stage: string;
  /** The central stack's region: its bus and its function roles' names (lib/deploy.ts roleName) are there. */
  readonly centralRegion: string;
  readonly organizationId: string;
}

export const MEMBER_TEMPLATE_FILE = `${SERVICE}-member.json`;
export const MEMBER_LOGICAL_IDS = { forwardRole: 'ForwardToCentralRole' } as const;
const pascal = (id: string): string =>
  id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
export const memberRuleLogicalId = (ruleId: string): string => `${pascal(ruleId)}Forward`;

/** FNV-1a, 32 bits, as 8 upper-case hex digits: a stable suffix that keeps truncated names apart. */
const suffixOf = (text: string): string => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).toUpperCase().padStart(8, '0');
};

/**
 * `trailguard-<stage>-<LogicalId, cut to fit>-<8 hex>`: shaped like the names CloudFormation gives the stage's own
 * rules (lib/own-resources.ts isOwnEventRuleName), so the responder-tampering rule watches the forwarding rules in
 * member accounts too, and enable-event-rule (through the self-protection member role, whose resources are
 * rule/trailguard-<stage>-*) turns a disabled one back on. EventBridge rule names are at most 64 characters.
 */
export const memberRuleName = (stage: string, ruleId: string): string => {
  const prefix = `${SERVICE}-${stage}-`;
  const suffix = `-${suffixOf(ruleId)}`;
  return `${prefix}${memberRuleLogicalId(ruleId).slice(0, 64 - prefix.length - suffix.length)}${suffix}`;
};
export const memberRoleLogicalId = (functionName: string): string => `${pascal(functionName)}MemberRole`;

const CENTRAL_ACCOUNT = ref('CentralAccountId');
const ORGANIZATION = ref('OrganizationId');

/**
 * The member template: deployed by a StackSet to an OU in every region (README "Organization"). Parameters:
 * CentralAccountId (the security account), OrganizationId, RoleRegion (the one region whose stack instance creates
 * the account's IAM roles: IAM is global, a role created in every region would collide). The remediation roles are
 * not created in the central account itself: the central functions act there with their own roles.
 */
export interface MemberTemplate {
  readonly AWSTemplateFormatVersion: string;
  readonly Description: string;
  readonly Parameters: Readonly<Record<string, Json>>;
  readonly Conditions: Readonly<Record<string, Json>>;
  readonly Resources: Readonly<Record<string, CfnResource>>;
}

export const renderMemberTemplate = (rules: readonly RuleDefinition[], options: MemberTemplateOptions): MemberTemplate => {
  const { stage, centralRegion, organizationId } = options;
  // Fn::Sub, not Fn::Join as elsewhere: every forwarding rule carries this ARN, and the template must fit
  // --template-body (51,200 bytes). This template is written as JSON, never through serverless variables, so Sub's
  // ${} cannot collide with them.
  const busArn: Json = { 'Fn::Sub': `arn:\${AWS::Partition}:events:${centralRegion}:\${CentralAccountId}:event-bus/${centralBusName(stage)}` };
  const resources: Record<string, CfnResource> = {
    // No name: CloudFormation gives each region's stack instance its own, so the same template runs everywhere.
    [MEMBER_LOGICAL_IDS.forwardRole]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: `trailguard ${stage}: EventBridge forwards matching CloudTrail events to the central bus`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
            },
          ],
        },
        Policies: [
          { PolicyName: `${SERVICE}-forward`, PolicyDocument: { Version: '2012-10-17', Statement: [statement('PutToCentralBus', ['events:PutEvents'], busArn)] } },
        ],
      },
    },
  };
  const memberArns = resourceArns('*');
  const deployed = RESPONDER_IDS.filter((id) => rulesOf(id, rules).length > 0);
  const memberRoleNames = deployed.filter((id) => grantsOf(id).length > 0).map((id) => memberRoleName(stage, RESPONDERS[id].functionName));
  for (const id of deployed) {
    for (const rule of rulesOf(id, rules)) {
      resources[memberRuleLogicalId(rule.id)] = {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: memberRuleName(stage, rule.id),
          // `trailguard <rule id>:` like the stage's own rules: enable-event-rule reads the deployed state from it.
          // Short: the template must fit --template-body (51,200 bytes), and the name already carries the stage.
          Description: `trailguard ${rule.id}: forward`.slice(0, 512),
          // No EventBusName: a rule without one is on the account's default bus, where CloudTrail's events arrive,
          // and leaving it out keeps the template within --template-body's bytes.
          // The deployed rule's own pattern and state: the member forwards exactly what the central rule matches.
          EventPattern: rule.pattern as Json,
          State: rule.allManagementEvents ? ALL_MANAGEMENT_EVENTS_STATE : 'ENABLED',
          Targets: [{ Id: 'central-bus', Arn: busArn, RoleArn: arnOf(MEMBER_LOGICAL_IDS.forwardRole) }],
        },
      };
    }
    const grants = grantsOf(id);
    if (grants.length === 0) continue;
    const functionName = RESPONDERS[id].functionName;
    const name = memberRoleName(stage, functionName);
    const policy: Json[] = [...remediationStatements(grants, memberArns)];
    if (grants.some((grant) => grant.resources.includes('iam:responder-named-role'))) {
      // The role-deleting action must never delete the member roles themselves (they carry the responder's prefix).
      const actions = [...new Set(grants.filter((grant) => grant.resources.includes('iam:responder-named-role')).map((grant) => grant.action))].sort();
      policy.push({
        Sid: 'NeverTouchMemberRoles',
        Effect: 'Deny',
        Action: actions,
        Resource: memberRoleNames.map((role) => join('', ['arn:', PARTITION, ':iam::', ref('AWS::AccountId'), `:role/${role}`])),
      });
    }
    resources[memberRoleLogicalId(functionName)] = {
      Type: 'AWS::IAM::Role',
      Condition: 'CreateRemediationRoles',
      Properties: {
        RoleName: name,
        Description: `trailguard ${stage}: the central ${functionName} function remediates in this account`,
        // A session lasts at most an hour; the central function caches it for its lifetime.
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'CentralFunctionOnly',
              Effect: 'Allow',
              // The central account, narrowed to exactly the central function's role (lib/deploy.ts roleName) by
              // aws:PrincipalArn: a role ARN as Principal is refused while that role does not exist yet, and is
              // pinned to the role's unique id, so a recreated central role would be denied for good.
              Principal: { AWS: join('', ['arn:', PARTITION, ':iam::', CENTRAL_ACCOUNT, ':root']) },
              Action: 'sts:AssumeRole',
              Condition: {
                ArnEquals: { 'aws:PrincipalArn': join('', ['arn:', PARTITION, ':iam::', CENTRAL_ACCOUNT, ':role/', roleName(functionName, centralRegion, stage)]) },
                StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION },
                // lib/organization.ts sessionName: `trailguard-<eventID>`, so CloudTrail here names the event.
                StringLike: { 'sts:RoleSessionName': `${SESSION_PREFIX}*` },
              },
            },
          ],
        },
        Policies: [{ PolicyName: `${SERVICE}-${functionName}`, PolicyDocument: { Version: '2012-10-17', Statement: policy } }],
      },
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `trailguard ${stage} member: forwards matching CloudTrail events to the central bus in ${centralRegion} and lets the central functions remediate here`,
    Parameters: {
      CentralAccountId: { Type: 'String', AllowedPattern: '^\\d{12}$', Description: 'The security account that runs the central stage' },
      OrganizationId: { Type: 'String', Default: organizationId, AllowedPattern: '^o-[a-z0-9]{10,32}$', Description: 'Only principals of this organization may assume the remediation roles' },
      RoleRegion: { Type: 'String', Default: centralRegion, Description: 'The one region whose stack instance creates the account\'s IAM roles (IAM is global)' },
    },
    Conditions: {
      IsRoleRegion: { 'Fn::Equals': [ref('AWS::Region'), ref('RoleRegion')] },
      IsMemberAccount: { 'Fn::Not': [{ 'Fn::Equals': [ref('AWS::AccountId'), CENTRAL_ACCOUNT] }] },
      CreateRemediationRoles: { 'Fn::And': [{ Condition: 'IsRoleRegion' }, { Condition: 'IsMemberAccount' }] },
    },
    Resources: resources,
  };
};
