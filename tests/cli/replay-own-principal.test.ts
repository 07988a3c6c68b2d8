import { join } from 'node:path';
import { runCli } from '../support/cli';

// Replay knows no role ids: trailguard's own revert in the history (the dev stage revoking RDP on Friday 18:05) is a
// security-group change like anyone's, unless --own-principal names the dev responder role, exactly.
const sample = join(__dirname, '..', 'fixtures', 'sample-history');
const DEV_ROLE = 'arn:aws:iam::111122223333:role/trailguard-dev-us-west-2-securityGroup';

interface Line {
  readonly type: string;
  readonly category?: string;
  readonly eventId?: string;
  readonly actor?: string;
}

const findings = async (...flags: string[]): Promise<Line[]> => {
  const { code, lines } = await runCli('replay', sample, '--format', 'ndjson', ...flags);
  expect(code).toBe(0);
  return lines.map((line) => JSON.parse(line) as Line).filter((line) => line.type === 'finding');
};

describe('replay --own-principal', () => {
  test('by default the responder\'s own revert is reported; naming its role by exact ARN removes exactly that finding', async () => {
    // Act
    const plain = await findings();
    const guarded = await findings('--own-principal', DEV_ROLE);

    // Assess
    const own = plain.filter((f) => f.actor?.includes('trailguard-dev-us-west-2-securityGroup'));
    expect(own.map((f) => f.category)).toEqual(['sg-change']);
    const key = (f: Line) => `${f.category} ${f.eventId}`;
    expect(guarded.map(key).sort()).toEqual(plain.filter((f) => !own.includes(f)).map(key).sort());
  });

  test('the role\'s unique id alone works too', async () => {
    // Act
    const guarded = await findings('--own-principal', 'AROACA3B7038BA0B40CAA');

    // Assess
    expect(guarded.filter((f) => f.actor?.includes('trailguard-dev'))).toEqual([]);
  });

  test.each([
    ['a glob', 'arn:aws:iam::*:role/trailguard-*', /--own-principal: .*is a glob/],
    ['a bare role name', 'trailguard-dev-us-west-2-securityGroup', /--own-principal: .*neither an exact IAM\/STS principal ARN nor an IAM unique id/],
  ])('%s is a usage error (exit 2) naming the flag', async (_name, value, message) => {
    // Act
    const { code, stderr } = await runCli('replay', sample, '--own-principal', value);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
