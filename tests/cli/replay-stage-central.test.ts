import { authorizeSecurityGroup, groupIdFor } from '../support/ec2-records';
import { identities } from '../support/records';
import { runCli, scratch } from '../support/cli';

// `replay --stage` of a central stage (organization topology): an organization's history holds the stage's own
// reverts in member accounts, made by its member roles; the stage's loop guard ignores them, as deployed.
const MEMBER = '111122223333';
const dir = scratch('stage-central');
const config = dir.write(
  'serverless.yml',
  `service: acme
params:
  default:
    mode: dry-run
    topology: single
    organizationId: ''
  org:
    mode: enforce
    topology: central
    organizationId: o-a1b2c3d4e5
  single:
    mode: enforce
  orphan:
    organizationId: o-a1b2c3d4e5
`,
);
const open = (groupName: string, userIdentity: ReturnType<typeof identities.iamUser>) => ({
  ...authorizeSecurityGroup({ groupId: groupIdFor(groupName), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] }),
  recipientAccountId: MEMBER,
  awsRegion: 'eu-west-1',
  userIdentity,
});
const history = dir.write(
  'history.json',
  JSON.stringify({
    Records: [
      open('by-member-role', identities.roleSession(`arn:aws:iam::${MEMBER}:role/trailguard-org-member-securityGroup`, 'trailguard-e1', 'AROAMEMBERSG00000001')),
      open('by-dave', identities.iamUser('dave', MEMBER)),
    ],
  }),
);

const groups = async (stage: string) => {
  const result = await runCli('replay', history, '--format', 'ndjson', '--config', config, '--stage', stage);
  const findings = result.lines.map((line) => JSON.parse(line) as Record<string, any>).filter((l) => l.type === 'finding' && l.category === 'sg-open-ingress');
  return { code: result.code, groups: findings.map((f) => f.resources[0] as string).sort(), stderr: result.stderr };
};

describe('replay --stage of a central stage', () => {
  it('ignores the member role\'s sessions in their own account, and reports everyone else', async () => {
    await expect(groups('org')).resolves.toMatchObject({ code: 0, groups: [groupIdFor('by-dave')] });
  });

  it('a single stage knows no member roles: both are findings', async () => {
    await expect(groups('single')).resolves.toMatchObject({ code: 0, groups: [groupIdFor('by-dave'), groupIdFor('by-member-role')].sort() });
  });

  it('an organization id without topology central is refused, naming the param', async () => {
    const { code, stderr } = await groups('orphan');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/invalid param organizationId of stage orphan .*only used with topology central/);
  });
});
