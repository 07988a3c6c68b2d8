import { loadConfig, ENV } from '../../lib/config';
import { ConfigError } from '../../lib/errors';
import { memberRoleName, sessionName } from '../../lib/organization';
import { apiCall, identities } from '../support/records';

/*
 * The organization params at cold start (lib/config.ts, lib/organization.ts) and the loop guard's member roles
 * (lib/own-principals.ts `member-role`): a central stage's reverts in member accounts never fire its rules, and
 * nothing else hides behind the name.
 */

const BASE = {
  [ENV.stage]: 'prod',
  [ENV.mode]: 'enforce',
  [ENV.alertTopicArn]: 'arn:aws:sns:us-east-1:999988887777:trailguard-prod-alerts',
};
const CENTRAL = { ...BASE, [ENV.topology]: 'central', [ENV.organizationId]: 'o-a1b2c3d4e5' };
const MEMBER = '111122223333';

const configError = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig(env);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('loadConfig accepted it');
};

const authorizeBy = (identity: ReturnType<typeof identities.roleSession>, account = MEMBER) =>
  apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'RevokeSecurityGroupIngress', recipientAccountId: account, userIdentity: identity });

describe('organization params at cold start', () => {
  test('single is the default, with no organization and no account names', () => {
    const config = loadConfig(BASE);
    expect([config.topology, config.organizationId, config.accountNames]).toEqual(['single', undefined, {}]);
  });

  test('central takes the organization id and the account-name map', () => {
    const config = loadConfig({ ...CENTRAL, [ENV.accountNames]: JSON.stringify({ [MEMBER]: 'payments-prod' }) });
    expect([config.topology, config.organizationId, config.accountNames]).toEqual(['central', 'o-a1b2c3d4e5', { [MEMBER]: 'payments-prod' }]);
  });

  test.each([
    [{ ...BASE, [ENV.topology]: 'mesh' }, ENV.topology, /single or central/],
    [{ ...BASE, [ENV.topology]: 'central' }, ENV.organizationId, /required with topology central/],
    [{ ...CENTRAL, [ENV.organizationId]: 'o-SHOUT' }, ENV.organizationId, /not an organization id/],
    [{ ...BASE, [ENV.organizationId]: 'o-a1b2c3d4e5' }, ENV.organizationId, /only used with topology central/],
    [{ ...BASE, [ENV.accountNames]: '[1]' }, ENV.accountNames, /map of 12-digit account id/],
    [{ ...BASE, [ENV.accountNames]: '{"12":"x"}' }, `${ENV.accountNames}.12`, /12-digit account id/],
    [{ ...BASE, [ENV.accountNames]: `{"${MEMBER}":"a\\nb"}` }, `${ENV.accountNames}.${MEMBER}`, /1 to 32 letters/],
  ])('a bad value stops the cold start naming %#', (env, param, reason) => {
    const error = configError(env as Record<string, string>);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.param).toBe(param);
    expect(error.message).toMatch(reason);
  });

  test('session names carry the eventID and fit STS\'s 64 characters and alphabet', () => {
    expect(sessionName('6a7e9b2c-1d3f-4e5a-8b9c-0d1e2f3a4b5c')).toBe('trailguard-6a7e9b2c-1d3f-4e5a-8b9c-0d1e2f3a4b5c');
    expect(sessionName('x'.repeat(80) + '/:')).toMatch(/^[\w+=,.@-]{1,64}$/);
  });
});

describe('loop guard: member roles of a central stage', () => {
  const central = loadConfig(CENTRAL);
  const roleArn = (account: string, path = '/') => `arn:aws:iam::${account}:role${path}${memberRoleName('prod', 'securityGroup')}`;

  test('a session of the member role in the event\'s own account is the responder\'s own', () => {
    const record = authorizeBy(identities.roleSession(roleArn(MEMBER), sessionName('e1'), 'AROAMEMBERROLEID0001'));
    expect(central.ownPrincipals.caused(record)).toBe(true);
  });

  test('without a session issuer, the assumed-role ARN in the event\'s account is enough', () => {
    const identity = identities.roleSession(roleArn(MEMBER), sessionName('e1'));
    const { sessionContext: _issuer, ...bare } = identity;
    expect(central.ownPrincipals.caused(authorizeBy(bare as typeof identity))).toBe(true);
  });

  test('the same name in another account than the event\'s is not (a role never hides another account\'s events)', () => {
    expect(central.ownPrincipals.caused(authorizeBy(identities.roleSession(roleArn('444455556666')), MEMBER))).toBe(false);
  });

  test('the same name under another path, another stage\'s member role, or the name as a user are not', () => {
    expect(central.ownPrincipals.caused(authorizeBy(identities.roleSession(roleArn(MEMBER, '/team/'))))).toBe(false);
    const devRole = `arn:aws:iam::${MEMBER}:role/${memberRoleName('dev', 'securityGroup')}`;
    expect(central.ownPrincipals.caused(authorizeBy(identities.roleSession(devRole)))).toBe(false);
    expect(central.ownPrincipals.caused(authorizeBy(identities.iamUser(memberRoleName('prod', 'securityGroup'), MEMBER)))).toBe(false);
  });

  test('the alert function has no member role: a role under its name is nobody\'s', () => {
    const record = authorizeBy(identities.roleSession(`arn:aws:iam::${MEMBER}:role/${memberRoleName('prod', 'alert')}`));
    expect(central.ownPrincipals.caused(record)).toBe(false);
  });

  test('a single stage knows no member roles', () => {
    const record = authorizeBy(identities.roleSession(roleArn(MEMBER)));
    expect(loadConfig(BASE).ownPrincipals.caused(record)).toBe(false);
  });
});
