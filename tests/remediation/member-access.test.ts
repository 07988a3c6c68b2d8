import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { AwsClients } from '../../lib/aws/client-factory';
import { CREDENTIAL_REFRESH_MARGIN_MS, MemberAccess, MemberRoleMissingError, type MemberCredentials } from '../../lib/aws/member-access';
import { apiCall } from '../support/records';

/*
 * lib/aws/member-access.ts against a mocked STS: which role is assumed for which event, how long its credentials
 * are reused, and what a missing role or throttling comes to.
 */

const sts = mockClient(STSClient);
afterAll(() => sts.restore());
beforeEach(() => sts.reset());

const CENTRAL = '999988887777';
const MEMBER = '111122223333';
const OTHER = '444455556666';
const ROLE = `arn:aws:iam::${MEMBER}:role/trailguard-prod-member-securityGroup`;
const T0 = Date.parse('2026-11-02T09:00:00Z');

const own = { tag: 'own' } as unknown as AwsClients;
const issued = (expiresAt: number, n = 1) => ({
  Credentials: { AccessKeyId: `ASIAMEMBER${n}`, SecretAccessKey: `secret-${n}`, SessionToken: `token-${n}`, Expiration: new Date(expiresAt) },
});
const denied = (name: string) => Object.assign(new Error(`${name}: not authorized to perform sts:AssumeRole`), { name, $fault: 'client', $metadata: { httpStatusCode: 403 } });
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $fault: 'client', $metadata: { httpStatusCode: 400 } });

const setup = (now = () => T0) => {
  const providers: (() => Promise<MemberCredentials>)[] = [];
  const access = new MemberAccess({
    stage: 'prod',
    functionName: 'securityGroup',
    ownAccount: CENTRAL,
    ownClients: own,
    sts: new STSClient({ region: 'us-east-1' }),
    clientsWith: (credentials) => {
      providers.push(credentials);
      return { tag: `member-${providers.length}` } as unknown as AwsClients;
    },
    now,
    retry: { sleep: async () => undefined },
  });
  return { access, providers };
};
const event = (account: string, eventID = 'e0000000-0000-4000-8000-000000000001') =>
  apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', recipientAccountId: account, awsRegion: 'eu-west-1', eventID });

test('an event of a member account assumes that account\'s member role, its session named after the eventID', async () => {
  // Prepare
  sts.on(AssumeRoleCommand).resolves(issued(T0 + 3600_000));
  const { access, providers } = setup();

  // Act
  const { clients, account, session } = await access.clientsFor(event(MEMBER));

  // Assess
  expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
    RoleArn: ROLE,
    RoleSessionName: 'trailguard-e0000000-0000-4000-8000-000000000001',
    DurationSeconds: 3600,
  });
  expect([account, session, (clients as unknown as { tag: string }).tag]).toEqual([MEMBER, 'trailguard-e0000000-0000-4000-8000-000000000001', 'member-1']);
  await expect(providers[0]!()).resolves.toMatchObject({ accessKeyId: 'ASIAMEMBER1', sessionToken: 'token-1' });
});

test('an event of the central account itself uses the function\'s own credentials: no AssumeRole', async () => {
  const { access } = setup();
  const { clients } = await access.clientsFor(event(CENTRAL));
  expect(clients).toBe(own);
  expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
});

test('cache hit: later events of the same account reuse the credentials and the clients; another account assumes its own', async () => {
  // Prepare
  sts.on(AssumeRoleCommand).resolves(issued(T0 + 3600_000));
  const { access } = setup();

  // Act
  const first = await access.clientsFor(event(MEMBER, 'e1'));
  const second = await access.clientsFor(event(MEMBER, 'e2'));
  await access.clientsFor(event(OTHER, 'e3'));

  // Assess
  expect(second.clients).toBe(first.clients);
  expect(second.session).toBe('trailguard-e1');
  expect(sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input.RoleArn)).toEqual([ROLE, `arn:aws:iam::${OTHER}:role/trailguard-prod-member-securityGroup`]);
});

test('expiry: credentials within the refresh margin of expiring are assumed again, under the new event\'s id', async () => {
  // Prepare
  let now = T0;
  sts.on(AssumeRoleCommand).resolvesOnce(issued(T0 + 3600_000, 1)).resolvesOnce(issued(T0 + 7200_000, 2));
  const { access, providers } = setup(() => now);
  await access.clientsFor(event(MEMBER, 'e1'));

  // Act
  now = T0 + 3600_000 - CREDENTIAL_REFRESH_MARGIN_MS - 1;
  const stillValid = await access.clientsFor(event(MEMBER, 'e2'));
  now = T0 + 3600_000 - CREDENTIAL_REFRESH_MARGIN_MS + 1;
  const renewed = await access.clientsFor(event(MEMBER, 'e3'));

  // Assess
  expect([stillValid.session, renewed.session]).toEqual(['trailguard-e1', 'trailguard-e3']);
  expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  await expect(providers[0]!()).resolves.toMatchObject({ accessKeyId: 'ASIAMEMBER2' });
});

test('concurrent remediations of one account share one AssumeRole', async () => {
  sts.on(AssumeRoleCommand).resolves(issued(T0 + 3600_000));
  const { access } = setup();
  await Promise.all([access.clientsFor(event(MEMBER, 'e1')), access.clientsFor(event(MEMBER, 'e1'))]);
  expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
});

test.each(['AccessDenied', 'NoSuchEntity'])('role missing (%s): "cannot remediate in <account>: role missing", nothing cached', async (code) => {
  // Prepare
  sts.on(AssumeRoleCommand).rejects(denied(code));
  const { access } = setup();

  // Act
  const error = await access.clientsFor(event(MEMBER)).catch((caught: unknown) => caught);

  // Assess
  expect(error).toBeInstanceOf(MemberRoleMissingError);
  expect((error as Error).message).toMatch(new RegExp(`^cannot remediate in ${MEMBER}: role missing \\(${ROLE} could not be assumed: ${code};`));
  expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
  await access.clientsFor(event(MEMBER)).catch(() => undefined);
  expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
});

test('throttling is retried, then succeeds', async () => {
  sts.on(AssumeRoleCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves(issued(T0 + 3600_000));
  const { access } = setup();
  await expect(access.clientsFor(event(MEMBER))).resolves.toMatchObject({ account: MEMBER });
  expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 3);
});

test('throttling past the retries fails naming the account and the code, not as a missing role', async () => {
  sts.on(AssumeRoleCommand).rejects(throttled());
  const { access } = setup();
  const error = await access.clientsFor(event(MEMBER)).catch((caught: unknown) => caught);
  expect(error).not.toBeInstanceOf(MemberRoleMissingError);
  expect((error as Error).message).toBe(`cannot remediate in ${MEMBER}: AssumeRole of ${ROLE} failed (Throttling)`);
  expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 4);
});

test('an event without a recipient account is refused rather than remediated with the wrong credentials', async () => {
  const { access } = setup();
  const { recipientAccountId: _account, ...record } = event(MEMBER);
  await expect(access.clientsFor(record as ReturnType<typeof event>)).rejects.toThrow(/no recipientAccountId/);
});
