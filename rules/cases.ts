import type { RuleCase } from '../lib/rule';
import rootActivity from './account/root-activity.cases';
import unauthorizedApiCall from './account/unauthorized-api-call.cases';
import cloudtrailTampering from './cloudtrail/cloudtrail-tampering.cases';
import configChange from './config/config-change.cases';
import naclChange from './ec2/nacl-change.cases';
import networkGatewayChange from './ec2/network-gateway-change.cases';
import routeTableChange from './ec2/route-table-change.cases';
import sgChange from './ec2/sg-change.cases';
import sgOpenIngress from './ec2/sg-open-ingress.cases';
import prefixListOpened from './ec2/prefix-list-opened.cases';
import vpcChange from './ec2/vpc-change.cases';
import iamPolicyChange from './iam/iam-policy-change.cases';
import rootAccessKey from './iam/root-access-key.cases';
import kmsKeyDeletion from './kms/kms-key-deletion.cases';
import organizationsChange from './organizations/organizations-change.cases';
import s3BucketPolicyChange from './s3/s3-bucket-policy-change.cases';
import consoleLoginFailure from './signin/console-login-failure.cases';
import consoleLoginNoMfa from './signin/console-login-no-mfa.cases';
import rootLogin from './signin/root-login.cases';
import instancePasswordRetrieved from './ec2/instance-password-retrieved.cases';
import secretsBatchRetrieved from './secretsmanager/secrets-batch-retrieved.cases';
import ssmParametersDecrypted from './ssm/ssm-parameters-decrypted.cases';
import flowLogsDeleted from './ec2/flow-logs-deleted.cases';
import dnsQueryLoggingDeleted from './route53resolver/dns-query-logging-deleted.cases';
import guarddutyDisabled from './guardduty/guardduty-disabled.cases';
import securityhubDisabled from './securityhub/securityhub-disabled.cases';
import instanceUserDataModified from './ec2/instance-user-data-modified.cases';
import ssmRemoteCommand from './ssm/ssm-remote-command.cases';
import unusualInstanceLaunched from './ec2/unusual-instance-launched.cases';
import amiShared from './ec2/ami-shared.cases';
import snapshotShared from './ec2/snapshot-shared.cases';
import ebsEncryptionOff from './ec2/ebs-encryption-off.cases';
import rdsSnapshotShared from './rds/rds-snapshot-shared.cases';
import lambdaBackdoor from './lambda/lambda-backdoor.cases';
import lambdaCodeModified from './lambda/lambda-code-modified.cases';
import instanceSshKeyPushed from './ec2instanceconnect/instance-ssh-key-pushed.cases';
import iamBackdoorUser from './iam/iam-backdoor-user.cases';
import roleTrustOpened from './iam/role-trust-opened.cases';
import rolesanywhereTrustAnchor from './rolesanywhere/rolesanywhere-trust-anchor.cases';
import federationToken from './sts/federation-token.cases';
import kmsKeyShared from './kms/key-shared.cases';

import responderRoleTampering from './iam/responder-role-tampering.cases';
import responderFunctionTampering from './lambda/responder-function-tampering.cases';
import responderEventRuleTampering from './events/responder-event-rule-tampering.cases';
import responderTopicTampering from './sns/responder-topic-tampering.cases';
import responderKeyTampering from './kms/responder-key-tampering.cases';
import responderTableTampering from './dynamodb/responder-table-tampering.cases';
import idpChanged from './iam/idp-changed.cases';
import securityServicesOff from './security/services-off.cases';
/** Test events beside each rule, by rule id. Tests only: never imported by handlers or the CLI. */
export const RULE_CASES: Readonly<Record<string, readonly RuleCase[]>> = {
  'ec2.sg-open-ingress': sgOpenIngress,
  'ec2.sg-change': sgChange,
  'ec2.prefix-list-opened': prefixListOpened,
  'signin.root-login': rootLogin,
  'account.root-activity': rootActivity,
  'iam.root-access-key': rootAccessKey,
  'signin.console-login-no-mfa': consoleLoginNoMfa,
  'signin.console-login-failure': consoleLoginFailure,
  'account.unauthorized-api-call': unauthorizedApiCall,
  'cloudtrail.cloudtrail-tampering': cloudtrailTampering,
  'iam.iam-policy-change': iamPolicyChange,
  'kms.kms-key-deletion': kmsKeyDeletion,
  's3.s3-bucket-policy-change': s3BucketPolicyChange,
  'config.config-change': configChange,
  'ec2.nacl-change': naclChange,
  'ec2.network-gateway-change': networkGatewayChange,
  'ec2.route-table-change': routeTableChange,
  'ec2.vpc-change': vpcChange,
  'organizations.organizations-change': organizationsChange,
  'ec2.instance-password-retrieved': instancePasswordRetrieved,
  'secretsmanager.secrets-batch-retrieved': secretsBatchRetrieved,
  'ssm.ssm-parameters-decrypted': ssmParametersDecrypted,
  'ec2.flow-logs-deleted': flowLogsDeleted,
  'route53resolver.dns-query-logging-deleted': dnsQueryLoggingDeleted,
  'guardduty.guardduty-disabled': guarddutyDisabled,
  'securityhub.securityhub-disabled': securityhubDisabled,
  'ec2.instance-user-data-modified': instanceUserDataModified,
  'ssm.ssm-remote-command': ssmRemoteCommand,
  'ec2.unusual-instance-launched': unusualInstanceLaunched,
  'ec2.ami-shared': amiShared,
  'ec2.snapshot-shared': snapshotShared,
  'ec2.ebs-encryption-off': ebsEncryptionOff,
  'rds.rds-snapshot-shared': rdsSnapshotShared,
  'lambda.lambda-backdoor': lambdaBackdoor,
  'lambda.lambda-code-modified': lambdaCodeModified,
  'ec2instanceconnect.instance-ssh-key-pushed': instanceSshKeyPushed,
  'iam.iam-backdoor-user': iamBackdoorUser,
  'iam.role-trust-opened': roleTrustOpened,
  'rolesanywhere.rolesanywhere-trust-anchor': rolesanywhereTrustAnchor,
  'sts.federation-token': federationToken,
  'kms.key-shared': kmsKeyShared,
  'iam.responder-role-tampering': responderRoleTampering,
  'lambda.responder-function-tampering': responderFunctionTampering,
  'events.responder-event-rule-tampering': responderEventRuleTampering,
  'sns.responder-topic-tampering': responderTopicTampering,
  'kms.responder-key-tampering': responderKeyTampering,
  'dynamodb.responder-table-tampering': responderTableTampering,
  'iam.idp-changed': idpChanged,
  'security.services-off': securityServicesOff,
};
