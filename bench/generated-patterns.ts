import type { EventPattern } from '../lib/pattern';
import { Rng } from '../tests/support/synthetic/prng';

/**
 * Banks of CloudTrail patterns as a large organisation accumulates them: per-service API lists, destructive-call
 * prefixes, sign-in and identity checks, network ranges, numeric and existence filters, `$or` of alternatives.
 * The same seed and size give the same bank, so two runs (and two matchers) always see the same patterns.
 */

const SERVICES: Record<string, readonly string[]> = {
  ec2: ['RunInstances', 'TerminateInstances', 'StopInstances', 'StartInstances', 'CreateTags', 'DeleteTags', 'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'CreateSecurityGroup', 'DeleteSecurityGroup', 'CreateVpc', 'DeleteVpc', 'CreateVpcPeeringConnection', 'CreateInternetGateway', 'AttachInternetGateway', 'CreateNatGateway', 'CreateRoute', 'ReplaceRoute', 'CreateNetworkAclEntry', 'ModifyInstanceAttribute', 'CreateSnapshot', 'ModifySnapshotAttribute', 'DescribeInstances', 'DescribeSecurityGroups', 'DescribeVpcs', 'DescribeSubnets', 'DescribeVolumes', 'DescribeImages', 'DescribeRegions'],
  s3: ['GetObject', 'PutObject', 'DeleteObject', 'HeadObject', 'ListObjects', 'ListBuckets', 'CreateBucket', 'DeleteBucket', 'PutBucketPolicy', 'DeleteBucketPolicy', 'GetBucketPolicy', 'PutBucketAcl', 'GetBucketAcl', 'PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock', 'PutBucketTagging', 'GetBucketTagging', 'PutBucketLifecycle', 'PutBucketEncryption', 'PutBucketVersioning'],
  iam: ['CreateUser', 'DeleteUser', 'CreateAccessKey', 'DeleteAccessKey', 'UpdateAccessKey', 'CreateRole', 'DeleteRole', 'GetRole', 'ListRoles', 'PutRolePolicy', 'DeleteRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy', 'PutUserPolicy', 'AttachUserPolicy', 'CreatePolicy', 'CreatePolicyVersion', 'GetPolicy', 'GetPolicyVersion', 'UpdateAssumeRolePolicy', 'CreateLoginProfile', 'UpdateLoginProfile', 'ListUsers', 'GetAccountSummary', 'DeactivateMFADevice'],
  sts: ['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML', 'GetCallerIdentity', 'GetSessionToken', 'GetFederationToken'],
  kms: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'PutKeyPolicy', 'CreateGrant', 'RotateKey', 'GetKeyRotationStatus', 'DisableKeyRotation'],
  cloudtrail: ['StopLogging', 'StartLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'DescribeTrails', 'GetTrailStatus', 'LookupEvents', 'GetEventSelectors', 'CreateTrail'],
  ssm: ['GetParameter', 'GetParameters', 'PutParameter', 'DeleteParameter', 'SendCommand', 'StartSession', 'UpdateInstanceInformation', 'ListInstanceAssociations'],
  lambda: ['Invoke', 'CreateFunction20150331', 'DeleteFunction20150331', 'UpdateFunctionCode20150331v2', 'UpdateFunctionConfiguration20150331v2', 'AddPermission20150331v2', 'GetFunction20150331v2', 'ListFunctions20150331'],
  dynamodb: ['GetItem', 'PutItem', 'DeleteItem', 'Query', 'Scan', 'DeleteTable', 'CreateTable', 'UpdateTable', 'CreateBackup', 'RestoreTableFromBackup'],
  logs: ['CreateLogGroup', 'DeleteLogGroup', 'CreateLogStream', 'PutRetentionPolicy', 'DeleteRetentionPolicy', 'DescribeLogGroups', 'PutSubscriptionFilter', 'DeleteSubscriptionFilter'],
  config: ['StopConfigurationRecorder', 'StartConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel', 'PutConfigurationRecorder', 'PutEvaluations', 'DescribeConfigurationRecorders', 'DescribeConfigurationRecorderStatus'],
  organizations: ['LeaveOrganization', 'MoveAccount', 'CreateAccount', 'RemoveAccountFromOrganization', 'AttachPolicy', 'DetachPolicy', 'ListAccounts', 'DescribeOrganization'],
  ecr: ['GetAuthorizationToken', 'BatchGetImage', 'GetDownloadUrlForLayer', 'PutImage', 'DeleteRepository', 'SetRepositoryPolicy'],
  monitoring: ['PutMetricAlarm', 'DeleteAlarms', 'DisableAlarmActions', 'GetMetricData', 'PutMetricData'],
  signin: ['ConsoleLogin', 'SwitchRole', 'ExitRole'],
  rds: ['CreateDBInstance', 'DeleteDBInstance', 'ModifyDBInstance', 'CreateDBSnapshot', 'ModifyDBSnapshotAttribute', 'RestoreDBInstanceFromDBSnapshot'],
  secretsmanager: ['GetSecretValue', 'PutSecretValue', 'DeleteSecret', 'CreateSecret', 'RotateSecret', 'PutResourcePolicy'],
  guardduty: ['DeleteDetector', 'UpdateDetector', 'CreateIPSet', 'DeleteMembers', 'DisassociateFromMasterAccount'],
  autoscaling: ['DescribeAutoScalingGroups', 'UpdateAutoScalingGroup', 'CreateLaunchConfiguration', 'DeleteAutoScalingGroup'],
};
const SERVICE_NAMES = Object.keys(SERVICES);
const VERBS = ['Create', 'Delete', 'Put', 'Update', 'Modify', 'Attach', 'Detach', 'Disable', 'Stop', 'Remove', 'Start', 'Revoke', 'Authorize', 'Restore', 'Schedule'];
const ERROR_CODES = ['AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation', 'ThrottlingException', 'NoSuchEntityException', 'ResourceNotFoundException', 'NoSuchKey'];
const IDENTITY_TYPES = ['Root', 'IAMUser', 'AssumedRole', 'AWSService', 'FederatedUser', 'AWSAccount', 'IdentityCenterUser'];
const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1'];
const CIDRS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '100.64.0.0/10', '2001:db8::/32'];
const ROLE_NAMES = ['Admin', 'DevOps', 'ReadOnly', 'BreakGlass', 'Deployer', 'SecurityAudit', 'OrganizationAccountAccessRole', 'AWSReservedSSO_AdministratorAccess', 'ci-runner', 'data-pipeline'];
const BUCKET_SUFFIXES = ['-logs', '-backup', '-prod', '-public', '-artifacts', '-exports', '-cloudtrail'];
const READ = /^(Get|List|Describe|Head|Lookup|Batch|Query|Scan|Decrypt|Encrypt|GenerateDataKey|AssumeRole$|Invoke$|PutItem|PutObject|PutEvaluations|PutMetricData|CreateLogStream|UpdateInstanceInformation|ConsoleLogin)/;
const ACCOUNTS = ['123456789012', '210987654321', '111122223333', '444455556666', '777788889999'];

export function generatePatterns(count: number, seed: number): [string, EventPattern][] {
  const rng = new Rng(`patterns:${seed}`);
  const next = (): number => rng.next();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const chance = (p: number): boolean => next() < p;
  const some = <T>(items: readonly T[], max: number): T[] => {
    const n = 1 + Math.floor(next() * max);
    return [...new Set(Array.from({ length: n }, () => pick(items)))];
  };

  // Conditions on who, from where, or how it went. `narrowing` ones may hold for many events; `rare` ones hold for
  // few, so a pattern built on them alone still selects what a security team wants to see, not the bulk.
  const narrowing: (() => [string, unknown])[] = [
    () => ['errorCode', chance(0.5) ? [{ exists: chance(0.6) }] : some(ERROR_CODES, 3)],
    () => ['userIdentity', { type: chance(0.7) ? some(IDENTITY_TYPES, 2) : [{ 'anything-but': some(IDENTITY_TYPES, 2) }] }],
    () => ['sourceIPAddress', [{ 'anything-but': { prefix: pick(['10.', '192.168.', '172.16.']) } }]],
    () => ['awsRegion', chance(0.6) ? some(REGIONS, 3) : [{ 'anything-but': some(REGIONS, 2) }]],
    () => ['userIdentity', { accountId: chance(0.6) ? some(ACCOUNTS, 2) : [{ 'anything-but': pick(ACCOUNTS) }] }],
    () => ['requestParameters', { maxResults: [{ numeric: ['>=', pick([50, 100, 500, 1000])] }] }],
    () => ['readOnly', [pick([true, false])]],
  ];
  const rare: (() => [string, unknown])[] = [
    () => ['errorCode', some(ERROR_CODES, 3)],
    () => ['userIdentity', { type: [chance(0.5) ? 'Root' : { 'equals-ignore-case': pick(['root', 'federateduser', 'awsaccount']) }] }],
    () => ['userIdentity', { arn: [chance(0.5) ? { wildcard: `arn:aws:sts::*:assumed-role/${pick(ROLE_NAMES)}/*` } : { suffix: ':root' }] }],
    () => ['sourceIPAddress', [{ cidr: pick(CIDRS) }]],
    () => ['requestParameters', { bucketName: [{ suffix: pick(BUCKET_SUFFIXES) }] }],
    () => ['requestParameters', { ipPermissions: { items: { fromPort: [{ numeric: ['<=', pick([22, 443, 1024, 3389])] }] } } }],
    () => ['requestParameters', { roleArn: [{ wildcard: `arn:aws:iam::*:role/${pick(ROLE_NAMES)}*` }] }],
    () => ['additionalEventData', { MFAUsed: [{ 'equals-ignore-case': 'no' }] }],
    () => ['userIdentity', { sessionContext: { sessionIssuer: { userName: [{ prefix: pick(['AWSReservedSSO_', 'OrganizationAccountAccessRole', 'BreakGlass']) }] } } }],
  ];

  const refine = (detail: Record<string, unknown>, n: number, from = narrowing): void => {
    for (let i = 0; i < n; i++) {
      const [key, value] = pick(from)();
      const existing = detail[key];
      // An earlier condition on the same field stays: a rare one must not be widened away.
      if (Array.isArray(existing)) continue;
      detail[key] = existing !== undefined && !Array.isArray(existing) && !Array.isArray(value) ? { ...(value as object), ...(existing as object) } : value;
    }
  };
  // Most lists name the calls that change something; a few name the reads that run all day.
  const calls = (service: string, max: number): string[] => {
    const names = SERVICES[service] as readonly string[];
    const writes = names.filter((name) => !READ.test(name));
    return some(chance(0.85) && writes.length > 0 ? writes : names, max);
  };

  const envelope = (service: string, detail: Record<string, unknown>): EventPattern => {
    const p: Record<string, unknown> = {};
    if (chance(0.7)) p.source = [`aws.${service}`];
    if (chance(0.5)) p['detail-type'] = [service === 'signin' ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail'];
    if (chance(0.6) || p.source === undefined) detail.eventSource = [`${service}.amazonaws.com`];
    p.detail = detail;
    return p;
  };

  const shapes: [number, () => EventPattern][] = [
    // The common case: a list of API calls of one service, often refined.
    [60, () => {
      const service = pick(SERVICE_NAMES);
      const detail: Record<string, unknown> = { eventName: calls(service, 4) };
      refine(detail, Math.floor(next() * 3));
      return envelope(service, detail);
    }],
    // Destructive calls by verb prefix, or a wildcard on the name.
    [12, () => {
      const service = pick(SERVICE_NAMES);
      const detail: Record<string, unknown> = {
        eventName: chance(0.6) ? some(VERBS, 2).map((prefix) => ({ prefix })) : [{ wildcard: `*${pick(['Bucket', 'Policy', 'Key', 'Role', 'Instance', 'Trail', 'Secret'])}*` }],
      };
      refine(detail, Math.floor(next() * 2));
      return envelope(service, detail);
    }],
    // A whole service, refined by who or where.
    [10, () => {
      const service = pick(SERVICE_NAMES);
      const detail: Record<string, unknown> = {};
      refine(detail, 1, rare);
      refine(detail, Math.floor(next() * 2));
      return envelope(service, detail);
    }],
    // Either of two services' calls ($or).
    [8, () => {
      const a = pick(SERVICE_NAMES);
      const b = pick(SERVICE_NAMES);
      const detail: Record<string, unknown> = {
        $or: [
          { eventSource: [`${a}.amazonaws.com`], eventName: calls(a, 3) },
          { eventSource: [`${b}.amazonaws.com`], eventName: [{ prefix: pick(VERBS) }] },
        ],
      };
      refine(detail, Math.floor(next() * 2));
      return { 'detail-type': ['AWS API Call via CloudTrail'], detail };
    }],
    // Identity-first: root activity, failures anywhere, a role from outside the corporate ranges.
    [6, () => {
      const detail: Record<string, unknown> = {};
      refine(detail, 1, rare);
      refine(detail, 1);
      if (chance(0.5)) detail.eventName = calls(pick(SERVICE_NAMES), 3);
      return chance(0.5) ? { 'detail-type': ['AWS API Call via CloudTrail'], detail } : { detail };
    }],
    // Broad network and identity filters with nothing exact at all.
    [4, () => {
      const detail: Record<string, unknown> = {};
      refine(detail, 2, rare);
      return { detail };
    }],
  ];
  const total = shapes.reduce((sum, [w]) => sum + w, 0);
  const bank: [string, EventPattern][] = [];
  for (let i = 0; i < count; i++) {
    let r = next() * total;
    let shape = shapes[0]![1];
    for (const [w, make] of shapes) {
      if ((r -= w) < 0) {
        shape = make;
        break;
      }
    }
    bank.push([`generated-${i + 1}`, shape()]);
  }
  return bank;
}
