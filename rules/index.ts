import type { RuleDefinition } from '../lib/rule';
import rootActivity from './account/root-activity.rule';
import unauthorizedApiCall from './account/unauthorized-api-call.rule';
import cloudtrailTampering from './cloudtrail/cloudtrail-tampering.rule';
import configChange from './config/config-change.rule';
import naclChange from './ec2/nacl-change.rule';
import networkGatewayChange from './ec2/network-gateway-change.rule';
import routeTableChange from './ec2/route-table-change.rule';
import sgChange from './ec2/sg-change.rule';
import sgOpenIngress from './ec2/sg-open-ingress.rule';
import prefixListOpened from './ec2/prefix-list-opened.rule';
import vpcChange from './ec2/vpc-change.rule';
import iamPolicyChange from './iam/iam-policy-change.rule';
import rootAccessKey from './iam/root-access-key.rule';
import kmsKeyDeletion from './kms/kms-key-deletion.rule';
import organizationsChange from './organizations/organizations-change.rule';
import s3BucketPolicyChange from './s3/s3-bucket-policy-change.rule';
import consoleLoginFailure from './signin/console-login-failure.rule';
import consoleLoginNoMfa from './signin/console-login-no-mfa.rule';
import rootLogin from './signin/root-login.rule';
import instancePasswordRetrieved from './ec2/instance-password-retrieved.rule';
import secretsBatchRetrieved from './secretsmanager/secrets-batch-retrieved.rule';
import ssmParametersDecrypted from './ssm/ssm-parameters-decrypted.rule';
import flowLogsDeleted from './ec2/flow-logs-deleted.rule';
import dnsQueryLoggingDeleted from './route53resolver/dns-query-logging-deleted.rule';
import guarddutyDisabled from './guardduty/guardduty-disabled.rule';
import securityhubDisabled from './securityhub/securityhub-disabled.rule';
import instanceUserDataModified from './ec2/instance-user-data-modified.rule';
import ssmRemoteCommand from './ssm/ssm-remote-command.rule';
import unusualInstanceLaunched from './ec2/unusual-instance-launched.rule';
import amiShared from './ec2/ami-shared.rule';
import snapshotShared from './ec2/snapshot-shared.rule';
import ebsEncryptionOff from './ec2/ebs-encryption-off.rule';
import rdsSnapshotShared from './rds/rds-snapshot-shared.rule';
import lambdaBackdoor from './lambda/lambda-backdoor.rule';
import lambdaCodeModified from './lambda/lambda-code-modified.rule';
import instanceSshKeyPushed from './ec2instanceconnect/instance-ssh-key-pushed.rule';
import iamBackdoorUser from './iam/iam-backdoor-user.rule';
import roleTrustOpened from './iam/role-trust-opened.rule';
import rolesanywhereTrustAnchor from './rolesanywhere/rolesanywhere-trust-anchor.rule';
import federationToken from './sts/federation-token.rule';
import kmsKeyShared from './kms/key-shared.rule';
import responderRoleTampering from './iam/responder-role-tampering.rule';
import responderFunctionTampering from './lambda/responder-function-tampering.rule';
import responderEventRuleTampering from './events/responder-event-rule-tampering.rule';
import responderTopicTampering from './sns/responder-topic-tampering.rule';
import responderKeyTampering from './kms/responder-key-tampering.rule';
import responderTableTampering from './dynamodb/responder-table-tampering.rule';
import idpChanged from './iam/idp-changed.rule';
import securityServicesOff from './security/services-off.rule';

/**
 * Every rule trailguard deploys and replays, in catalogue order. Explicit imports (no globbing) so esbuild sees
 * them; the registry test fails if a *.rule.ts on disk is missing here.
 */
export const RULES: readonly RuleDefinition[] = [
  sgOpenIngress,
  sgChange,
  prefixListOpened,
  rootLogin,
  rootActivity,
  rootAccessKey,
  consoleLoginNoMfa,
  consoleLoginFailure,
  unauthorizedApiCall,
  cloudtrailTampering,
  iamPolicyChange,
  kmsKeyDeletion,
  s3BucketPolicyChange,
  configChange,
  naclChange,
  networkGatewayChange,
  routeTableChange,
  vpcChange,
  organizationsChange,
  instancePasswordRetrieved,
  secretsBatchRetrieved,
  ssmParametersDecrypted,
  flowLogsDeleted,
  dnsQueryLoggingDeleted,
  guarddutyDisabled,
  securityhubDisabled,
  instanceUserDataModified,
  ssmRemoteCommand,
  unusualInstanceLaunched,
  amiShared,
  snapshotShared,
  ebsEncryptionOff,
  rdsSnapshotShared,
  lambdaBackdoor,
  lambdaCodeModified,
  instanceSshKeyPushed,
  iamBackdoorUser,
  roleTrustOpened,
  rolesanywhereTrustAnchor,
  federationToken,
  kmsKeyShared,
  responderRoleTampering,
  responderFunctionTampering,
  responderEventRuleTampering,
  responderTopicTampering,
  responderKeyTampering,
  responderTableTampering,
  idpChanged,
  securityServicesOff,
];
