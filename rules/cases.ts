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
import vpcChange from './ec2/vpc-change.cases';
import iamPolicyChange from './iam/iam-policy-change.cases';
import rootAccessKey from './iam/root-access-key.cases';
import kmsKeyDeletion from './kms/kms-key-deletion.cases';
import organizationsChange from './organizations/organizations-change.cases';
import s3BucketPolicyChange from './s3/s3-bucket-policy-change.cases';
import consoleLoginFailure from './signin/console-login-failure.cases';
import consoleLoginNoMfa from './signin/console-login-no-mfa.cases';
import rootLogin from './signin/root-login.cases';

/** Test events beside each rule, by rule id. Tests only: never imported by handlers or the CLI. */
export const RULE_CASES: Readonly<Record<string, readonly RuleCase[]>> = {
  'ec2.sg-open-ingress': sgOpenIngress,
  'ec2.sg-change': sgChange,
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
};
