import type { CloudTrailRecord, UserIdentity } from '../../lib/cloudtrail/record';
import { OwnPrincipals, ownPrincipalProblem, splitOwnPrincipals } from '../../lib/own-principals';
import { apiCall, identities } from '../support/records';

// The loop guard's matcher over the identity shapes CloudTrail really writes: a role pair matches only when the
// unique id and the exact ARN agree; nothing matches by name.
const ID = 'AROAEXAMPLERESPONDER1';
const ARN = 'arn:aws:iam::123456789012:role/trailguard-prod-us-east-1-alert';
const guard = OwnPrincipals.parse([`${ID}|${ARN}`]);
const by = (userIdentity: unknown): CloudTrailRecord => ({ ...apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'RevokeSecurityGroupIngress' }), userIdentity: userIdentity as UserIdentity });
const session = (overrides: Record<string, unknown> = {}, issuer: Record<string, unknown> | null = {}): unknown => ({
  type: 'AssumedRole',
  principalId: `${ID}:trailguard-prod-alert`,
  arn: 'arn:aws:sts::123456789012:assumed-role/trailguard-prod-us-east-1-alert/trailguard-prod-alert',
  accountId: '123456789012',
  ...(issuer === null ? {} : { sessionContext: { sessionIssuer: { type: 'Role', principalId: ID, arn: ARN, accountId: '123456789012', userName: 'trailguard-prod-us-east-1-alert', ...issuer } } }),
  ...overrides,
});

describe('OwnPrincipals.caused', () => {
  test.each([
    ['the function role\'s session', session(), true],
    ['a record without a session issuer: the unique id and the assumed-role ARN (name and account) agree', session({}, null), true],
    ['the same id but another issuer ARN (a path added)', session({}, { arn: ARN.replace(':role/', ':role/x/') }), false],
    ['an issuer whose id disagrees with principalId', session({}, { principalId: 'AROAOTHERROLE00000001' }), false],
    ['the name with another unique id (recreated)', session({ principalId: 'AROARECREATED00000001:trailguard-prod-alert' }, { principalId: 'AROARECREATED00000001' }), false],
    ['no issuer, the id right but the assumed-role ARN of another account', session({ arn: 'arn:aws:sts::999999999999:assumed-role/trailguard-prod-us-east-1-alert/x' }, null), false],
    ['an AWS service acting on its own', identities.awsService('lambda.amazonaws.com'), false],
    ['a federated user whose principalId is account:name', { type: 'FederatedUser', principalId: '123456789012:trailguard', arn: 'arn:aws:sts::123456789012:federated-user/trailguard' }, false],
    ['no userIdentity at all', undefined, false],
    ['a userIdentity that is not an object', 'trailguard', false],
  ])('%s: %s', (_name, identity, expected) => {
    expect(guard.caused(by(identity))).toBe(expected);
  });

  test('an exact ARN alone matches the issuer role or an IAM user; a unique id alone matches principalId or issuer', () => {
    const loose = OwnPrincipals.parse(['arn:aws:iam::123456789012:user/ci-deployer', 'AROAEXAMPLEROLEID0001']);
    expect(loose.caused(by(identities.iamUser('ci-deployer')))).toBe(true);
    expect(loose.caused(by(identities.iamUser('ci-deployer-2')))).toBe(false);
    expect(loose.caused(by(identities.assumedRole('Anything', 's')))).toBe(true); // its issuer id is AROAEXAMPLEROLEID0001
  });

  test('nothing is anyone\'s when no principal is given', () => {
    expect(OwnPrincipals.NONE.caused(by(session()))).toBe(false);
  });
});

describe('entries', () => {
  test('split on commas and white space', () => {
    expect(splitOwnPrincipals(` ${ID}|${ARN},\n AIDAEXAMPLEUSER00001 `)).toEqual([`${ID}|${ARN}`, 'AIDAEXAMPLEUSER00001']);
  });

  test.each([
    ['arn:aws:iam::*:role/trailguard-*', /is a glob/],
    ['arn:aws:iam::123456789012:role/trailguard-?', /is a glob/],
    ['trailguard-prod-us-east-1-alert', /neither an exact IAM\/STS principal ARN nor an IAM unique id/],
    [`${ID}|${ARN}|x`, /more than one \|/],
    [`alert|${ARN}`, /is not an IAM unique id/],
    [`${ID}|arn:aws:iam::123456789012:user/alert`, /is not an exact IAM role ARN/],
  ])('%s is refused', (entry, problem) => {
    expect(ownPrincipalProblem(entry)).toMatch(problem);
  });

  test.each([ARN, 'arn:aws-us-gov:iam::123456789012:role/ops/Break+Glass=1@team', 'arn:aws:sts::123456789012:assumed-role/Admin/alice', 'AIDAEXAMPLEUSER00001'])('%s is accepted', (entry) => {
    expect(ownPrincipalProblem(entry)).toBeUndefined();
  });
});
