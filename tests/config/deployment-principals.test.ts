import type { CloudTrailRecord, UserIdentity } from '../../lib/cloudtrail/record';
import { ENV, loadConfig } from '../../lib/config';
import { ConfigError } from '../../lib/errors';
import { DeploymentPrincipals } from '../../lib/deployment-principals';
import { apiCall, identities } from '../support/records';

// The deploymentPrincipals param as the functions parse it at cold start: exact role or user ARNs only, each bad
// entry named by its index; and the matcher over the identity shapes CloudTrail writes for those principals.
const TERRAFORM = 'arn:aws:iam::123456789012:role/deploy/terraform-apply';
const base = { [ENV.stage]: 'test', [ENV.mode]: 'dry-run', [ENV.alertTopicArn]: 'log' };
const load = (value: string | undefined) => loadConfig({ ...base, [ENV.deploymentPrincipals]: value });

/** A Terraform session of a role (the path is in the issuer ARN only) in the role's own account. */
const session = (issuerArn: string): UserIdentity => identities.roleSession(issuerArn);
const by = (userIdentity: UserIdentity): CloudTrailRecord => ({ ...apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'CreateRoute' }), userIdentity });

describe('TRAILGUARD_DEPLOYMENT_PRINCIPALS', () => {
  test('unset or empty: no deployment principal', () => {
    expect(load(undefined).deploymentPrincipals.size).toBe(0);
    expect(load('  ').deploymentPrincipals.size).toBe(0);
  });

  test('role ARNs with a path, user ARNs and other partitions, separated by commas or white space', () => {
    // Act
    const config = load(`${TERRAFORM}, arn:aws:iam::123456789012:user/ci-deployer\narn:aws-us-gov:iam::123456789012:role/cfn-exec`);

    // Assess
    expect(config.deploymentPrincipals.arns).toEqual([TERRAFORM, 'arn:aws:iam::123456789012:user/ci-deployer', 'arn:aws-us-gov:iam::123456789012:role/cfn-exec']);
  });

  test.each([
    ['a glob', 'arn:aws:iam::123456789012:role/terraform-*', /is a glob/],
    ['a wildcard account', 'arn:aws:iam::*:role/terraform', /is a glob/],
    ['an STS session ARN', 'arn:aws:sts::123456789012:assumed-role/terraform-apply/run-1', /is an STS session ARN: give the role's ARN/],
    ['a unique id', 'AROAEXAMPLETERRAFORM1', /is not an exact IAM role or user ARN/],
    ['a role name', 'terraform-apply', /is not an exact IAM role or user ARN/],
    ['the loop guard\'s id|arn pair', `AROAEXAMPLETERRAFORM1|${TERRAFORM}`, /is not an exact IAM role or user ARN/],
    ['root', 'arn:aws:iam::123456789012:root', /is not an exact IAM role or user ARN/],
    ['a policy ARN', 'arn:aws:iam::123456789012:policy/terraform', /is not an exact IAM role or user ARN/],
  ])('%s is refused at cold start, naming the variable and the entry', (_name, entry, reason) => {
    // Act
    const attempt = () => load(`${TERRAFORM},${entry}`);

    // Assess
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/^invalid configuration TRAILGUARD_DEPLOYMENT_PRINCIPALS\[1\]: /);
    expect(attempt).toThrow(reason);
  });
});

describe('DeploymentPrincipals.of', () => {
  const principals = new DeploymentPrincipals([TERRAFORM, 'arn:aws:iam::123456789012:user/ci-deployer']);

  test.each([
    ['a session of the role (issuer ARN, path included)', session(TERRAFORM), TERRAFORM],
    ['the IAM user', identities.iamUser('ci-deployer'), 'arn:aws:iam::123456789012:user/ci-deployer'],
    ['a role of the same name under another path', session('arn:aws:iam::123456789012:role/terraform-apply'), undefined],
    ['a role of the same name and path in another account', session('arn:aws:iam::999999999999:role/deploy/terraform-apply'), undefined],
    ['another user', identities.iamUser('ci-deployer-2'), undefined],
    ['an AWS service', identities.awsService('cloudformation.amazonaws.com'), undefined],
  ])('%s', (_name, identity, expected) => {
    expect(principals.of(by(identity))).toBe(expected);
  });

  test('no principals: nobody is one', () => {
    expect(DeploymentPrincipals.NONE.of(by(session(TERRAFORM)))).toBeUndefined();
  });
});
