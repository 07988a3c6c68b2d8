import type { AlertFinding, AlertInput } from '../../lib/alert/types';
import type { AppliedException } from '../../lib/exceptions';
import { accountOf, actorOf, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import type { Finding, FindingRemediation } from '../../lib/finding';
import { restartLogging, revokeIngress, type RevokeIngressParams } from '../../lib/remediation';
import { defineRule, type RuleDefinition } from '../../lib/rule';
import { authorizeSecurityGroup, groupIdFor, ruleIdFor } from '../support/ec2-records';
import { ACCOUNT, apiCall, consoleSignIn, identities } from '../support/records';

/*
 * Small literal rules and realistic, redacted events for the alert tests. Rules are built here with defineRule
 * rather than imported from the registry, so these tests only depend on the alert contract.
 */

export const sgOpenIngressRule = defineRule({
  id: 'ec2.sg-open-ingress',
  title: 'Security group opened to the world',
  description: 'An ingress rule lets the whole internet reach a port that is not meant to be public.',
  category: 'sg-open-ingress',
  severity: 'CRITICAL',
  status: 'active',
  pattern: { source: ['aws.ec2'] },
  actions: ['revoke-ingress'],
  classify: () => null,
  guidance: 'Confirm with the actor. If the port must be reachable, narrow the source CIDR instead of 0.0.0.0/0.',
  references: { cis: ['4.10', '5.2'], securityHub: ['CloudWatch.10', 'EC2.19'], mitre: ['T1562.007'] },
});

export const rootLoginRule = defineRule({
  id: 'signin.root-login',
  title: 'Root user signed in to the console',
  description: 'The root user can do anything, including closing the account; day-to-day work should never use it.',
  category: 'root-login',
  severity: 'HIGH',
  status: 'active',
  pattern: { source: ['aws.signin'] },
  classify: () => null,
  guidance: 'Confirm the sign-in with the account owner; enable MFA on the root user and lock its credentials away.',
  references: { cis: ['4.3'], securityHub: ['CloudWatch.1'], mitre: ['T1078.004'] },
});

export const rootActivityRule = defineRule({
  id: 'account.root-activity',
  title: 'Root user activity',
  description: 'An API call made with the root user’s credentials.',
  category: 'root-activity',
  severity: 'HIGH',
  status: 'active',
  pattern: { source: ['aws.iam'] },
  classify: () => null,
  guidance: 'Find out who holds the root credentials and why they were used.',
  references: { cis: ['4.3'], securityHub: ['CloudWatch.1'], mitre: ['T1078.004'] },
});

export const rootAccessKeyRule = defineRule({
  id: 'iam.root-access-key',
  title: 'Root access key created',
  description: 'A long-lived root access key gives unrestricted, MFA-free access to the whole account.',
  category: 'root-access-key',
  severity: 'CRITICAL',
  status: 'active',
  pattern: { source: ['aws.iam'] },
  classify: () => null,
  guidance: 'Delete the key (IAM > Security credentials as root) unless a documented process needs it.',
  references: { cis: ['1.4'], securityHub: ['IAM.4'], mitre: ['T1098.001'] },
});

export const trailTamperingRule = defineRule({
  id: 'cloudtrail.cloudtrail-tampering',
  title: 'CloudTrail logging changed or stopped',
  description: 'Stopping or changing a trail blinds the audit log attackers want gone first.',
  category: 'cloudtrail-tampering',
  severity: 'CRITICAL',
  status: 'active',
  pattern: { source: ['aws.cloudtrail'] },
  actions: ['restart-logging'],
  classify: () => null,
  references: { cis: ['4.5'], securityHub: ['CloudWatch.5'], mitre: ['T1562.008'] },
});

/** A finding as the engine builds it from the record, with the Lambda's final remediation. */
export const findingFor = (
  record: CloudTrailRecord,
  rule: RuleDefinition,
  draft: { resources: readonly string[]; summary: string; remediation?: FindingRemediation; severity?: Finding['severity'] },
): Finding => ({
  type: 'finding',
  eventId: record.eventID,
  eventName: record.eventName,
  eventTime: record.eventTime,
  account: accountOf(record),
  region: record.awsRegion,
  ruleId: rule.id,
  category: rule.category,
  severity: draft.severity ?? rule.severity,
  actor: actorOf(record),
  sourceIp: record.sourceIPAddress ?? '',
  resources: draft.resources,
  remediation: draft.remediation ?? { action: 'none', status: 'not-applicable', detail: {} },
  summary: draft.summary,
});

export const SG_ID = groupIdFor('web-prod');
export const SG_RULE_ID = ruleIdFor('web-prod:ssh');

/** alice opens SSH on the web security group to 0.0.0.0/0, from a TEST-NET address with the AWS CLI. */
export const sgOpenRecord = (): CloudTrailRecord =>
  authorizeSecurityGroup({
    groupId: SG_ID,
    permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'], ruleIds: [SG_RULE_ID] }],
    overrides: { eventID: '3f1c2a9e-7b4d-4e21-9a53-8d0e6b1f2c47', sourceIPAddress: '198.51.100.23' },
  });

export const revokeParams: RevokeIngressParams = {
  groupId: SG_ID,
  region: 'us-east-1',
  ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }],
  securityGroupRuleIds: [SG_RULE_ID],
};

type Status = FindingRemediation['status'];

/** The sg-open-ingress alert with the revoke-ingress remediation in a given state. */
export const sgOpenAlert = (
  status: Status,
  extra: { detail?: Record<string, unknown>; exception?: AppliedException; error?: string; record?: CloudTrailRecord } = {},
): AlertInput => {
  const record = extra.record ?? sgOpenRecord();
  const finding = findingFor(record, sgOpenIngressRule, {
    resources: [SG_ID],
    summary: `alice (arn:aws:iam::${ACCOUNT}:user/alice) opened ${SG_ID} to 0.0.0.0/0 on tcp/22`,
    remediation: {
      action: 'revoke-ingress',
      status,
      detail: { ...revokeIngress.plan(revokeParams), ...(extra.detail ?? {}) },
    },
  });
  const alert: AlertFinding = {
    finding,
    rule: sgOpenIngressRule,
    facts: { 'Opened to': '0.0.0.0/0 tcp/22' },
    undo: revokeIngress.undo(revokeParams),
    ...(extra.exception ? { exception: extra.exception } : {}),
    ...(extra.error ? { error: extra.error } : {}),
  };
  return { record, findings: [alert], stage: 'prod', mode: status === 'dry-run' ? 'dry-run' : 'enforce' };
};

/** The root user signs in to the console without MFA: alert only. */
export const rootSignInAlert = (): AlertInput => {
  const record = consoleSignIn({
    userIdentity: identities.root(),
    sourceIPAddress: '203.0.113.77',
    eventID: 'a7d3e1f0-52c4-4b8e-9f61-0c2d7e9b4a15',
    mfaUsed: 'No',
  });
  const finding = findingFor(record, rootLoginRule, {
    resources: [`arn:aws:iam::${ACCOUNT}:root`],
    summary: `root (arn:aws:iam::${ACCOUNT}:root) signed in to the AWS console without MFA`,
  });
  return {
    record,
    findings: [{ finding, rule: rootLoginRule, facts: { 'MFA used': 'No' } }],
    stage: 'prod',
    mode: 'enforce',
  };
};

/** Root creates an access key: two findings on one event. */
export const rootAccessKeyAlert = (): AlertInput => {
  const record = apiCall({
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    userIdentity: identities.root(),
    awsRegion: 'us-east-1',
    eventID: 'c0ffee00-1d2e-4f3a-8b4c-5d6e7f8a9b0c',
    sourceIPAddress: '203.0.113.5',
    responseElements: {
      accessKey: { userName: 'root', accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', createDate: 'Nov 2, 2026 9:15:00 AM' },
    },
  });
  const activity = findingFor(record, rootActivityRule, {
    resources: [`arn:aws:iam::${ACCOUNT}:root`],
    summary: 'root called iam CreateAccessKey',
  });
  const key = findingFor(record, rootAccessKeyRule, {
    resources: ['AKIAI44QH8DHBEXAMPLE'],
    summary: 'root created access key AKIAI44QH8DHBEXAMPLE',
  });
  return {
    record,
    findings: [
      { finding: activity, rule: rootActivityRule },
      { finding: key, rule: rootAccessKeyRule, facts: { 'Access key': 'AKIAI44QH8DHBEXAMPLE' } },
    ],
    stage: 'prod',
    mode: 'enforce',
  };
};

/** StopLogging by an assumed role; restarting logging failed. */
export const trailFailedAlert = (): AlertInput => {
  const trailArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail`;
  const record = apiCall({
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    userIdentity: identities.assumedRole('Admin', 'mallory'),
    eventID: 'e4b1d7c2-9a3f-4c6e-8d2b-1f0a5e7c3b96',
    requestParameters: { name: trailArn },
  });
  const params = { trail: trailArn, region: 'us-east-1' };
  const finding = findingFor(record, trailTamperingRule, {
    resources: [trailArn],
    summary: `mallory (arn:aws:sts::${ACCOUNT}:assumed-role/Admin/mallory) stopped logging on ${trailArn}`,
    remediation: {
      action: 'restart-logging',
      status: 'failed',
      detail: { ...restartLogging.plan(params), errorCode: 'AccessDeniedException', attempts: 1 },
    },
  });
  return {
    record,
    findings: [
      {
        finding,
        rule: trailTamperingRule,
        undo: restartLogging.undo(params),
        error: 'AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/trailguard-prod-trail/trailguard-prod-trail is not authorized to perform: cloudtrail:StartLogging',
      },
    ],
    stage: 'prod',
    mode: 'enforce',
  };
};

export const liveException: AppliedException = {
  id: 'bastion-ssh',
  reason: 'Bastion host: SSH from anywhere until the VPN lands (SEC-1234)',
  owner: 'platform-team@example.com',
  expires: '2027-03-31',
  expired: false,
};

export const expiredException: AppliedException = { ...liveException, expires: '2026-10-01', expired: true };

/** Control, bidi and invisible characters that must never reach an alert. */
export const FORBIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/u;

/** A surrogate without its pair (not encodable as UTF-8: SNS would reject the message). */
export const hasLoneSurrogate = (text: string): boolean =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
