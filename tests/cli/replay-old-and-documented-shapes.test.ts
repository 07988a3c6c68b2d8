import { toEnvelope } from '../../lib/cloudtrail/envelope';
import { runCli, scratch } from '../support/cli';
import { rootSignIn, worldOpenSsh } from '../support/history-records';

// Shapes AWS documents but rarely writes today: records from before CloudTrail had eventID (eventVersion 1.0,
// 2013-2014), and EventBridge sign-in events spelled as the EventBridge user guide spells their detail-type.
const files = scratch('documented-shapes');

const summaryOf = (lines: readonly string[]) => JSON.parse(lines.at(-1)!) as { events: number; invalid: number; duplicates: number };
const findingsOf = (lines: readonly string[]) => lines.slice(0, -1).map((line) => JSON.parse(line) as { ruleId: string; eventId: string });

describe('eventVersion 1.0 records, which have no eventID', () => {
  const { eventID: _dropped, ...withoutId } = worldOpenSsh();
  const old = { ...withoutId, eventVersion: '1.0' };

  test('are evaluated under an id made from their content, and the same record twice counts once', async () => {
    // Prepare: one trail's file and an organization trail's copy of the same record
    const one = files.write('account/a.json', JSON.stringify({ Records: [old] }));
    const two = files.write('organization/b.json', JSON.stringify({ Records: [old] }));

    // Act
    const { code, lines } = await runCli('replay', one, two, '--strict', '--format', 'ndjson');

    // Assess
    expect(code).toBe(0);
    expect(summaryOf(lines)).toMatchObject({ events: 1, invalid: 0, duplicates: 1 });
    const findings = findingsOf(lines);
    expect(findings.map((f) => f.ruleId)).toEqual(['ec2.sg-open-ingress', 'ec2.sg-change']);
    expect(findings[0]!.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('a later record without an eventID is still invalid', async () => {
    // Prepare
    const file = files.write('later.json', JSON.stringify({ Records: [{ ...withoutId, eventVersion: '1.08' }] }));

    // Act
    const { lines } = await runCli('replay', file, '--format', 'ndjson');

    // Assess
    expect(summaryOf(lines)).toMatchObject({ events: 0, invalid: 1 });
    expect(lines[0]).toContain('record has no eventID string');
  });
});

test('an EventBridge sign-in event with the user guide\'s "AWS Console Signin via CloudTrail" is evaluated like the bus\'s spelling', async () => {
  // Prepare
  const documented = { ...toEnvelope(rootSignIn()), 'detail-type': 'AWS Console Signin via CloudTrail' };
  const file = files.write('signin.ndjson', `${JSON.stringify(documented)}\n${JSON.stringify(toEnvelope(rootSignIn('44444444-4444-4444-8444-444444444444')))}\n`);

  // Act
  const { code, lines } = await runCli('replay', file, '--strict', '--format', 'ndjson');

  // Assess
  expect(code).toBe(0);
  expect(findingsOf(lines).filter((f) => f.ruleId === 'signin.root-login').map((f) => f.eventId)).toEqual([rootSignIn().eventID, '44444444-4444-4444-8444-444444444444']);
});
