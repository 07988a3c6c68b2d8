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
import vpcChange from './ec2/vpc-change.rule';
import iamPolicyChange from './iam/iam-policy-change.rule';
import rootAccessKey from './iam/root-access-key.rule';
import kmsKeyDeletion from './kms/kms-key-deletion.rule';
import organizationsChange from './organizations/organizations-change.rule';
import s3BucketPolicyChange from './s3/s3-bucket-policy-change.rule';
import consoleLoginFailure from './signin/console-login-failure.rule';
import consoleLoginNoMfa from './signin/console-login-no-mfa.rule';
import rootLogin from './signin/root-login.rule';

/**
 * Every rule trailguard deploys and replays, in catalogue order. Explicit imports (no globbing) so esbuild sees
 * them; the registry test fails if a *.rule.ts on disk is missing here.
 */
export const RULES: readonly RuleDefinition[] = [
  sgOpenIngress,
  sgChange,
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
];
