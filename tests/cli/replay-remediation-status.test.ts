import { Engine } from '../../lib/engine';
import { RULES } from '../../rules';
import { runCli, scratch } from '../support/cli';
import { rootSignIn, worldOpenSsh } from '../support/history-records';
import { remediationCell } from '../../lib/cli/replay-report';

// `planned` means an action would run; alert-only rules say `none`; a remediation that would not run says why.
const files = scratch('remediation-status');
files.write('log.json', JSON.stringify({ Records: [worldOpenSsh(), rootSignIn()] }));

test('planned only for a planned action, none for alert-only rules', async () => {
  const findings = (await runCli('replay', files.dir, '--format', 'ndjson')).lines.map((l) => JSON.parse(l)).filter((p) => p.type === 'finding');
  expect(findings.find((f) => f.category === 'sg-open-ingress').remediation).toMatchObject({ action: 'revoke-ingress', status: 'planned' });
  for (const f of findings.filter((f) => f.category !== 'sg-open-ingress')) expect(f.remediation).toEqual({ action: 'none', status: 'none', detail: {} });
});

test('a staged rule: not-planned, with the reason, and the table shows it', () => {
  const staged = RULES.map((rule) => (rule.id === 'ec2.sg-open-ingress' ? { ...rule, status: 'staged' as const } : rule));
  const [finding] = new Engine({ rules: staged }).evaluateRecord(worldOpenSsh()).findings.filter((f) => f.rule.id === 'ec2.sg-open-ingress');
  expect(finding!.finding.remediation).toMatchObject({ action: 'revoke-ingress', status: 'not-planned', reason: 'rule ec2.sg-open-ingress is staged: it only alerts until promoted' });
  expect(remediationCell(finding!.finding)).toBe('revoke-ingress not-planned: rule ec2.sg-open-ingress is staged: it only alerts until promoted');
});

test('unusable parameters: not-planned, saying why', () => {
  // A classifier that hands its action a region no client could use.
  const broken = RULES.map((rule) => {
    if (rule.id !== 'ec2.sg-open-ingress') return rule;
    return {
      ...rule,
      classify: (record: Parameters<typeof rule.classify>[0], context: Parameters<typeof rule.classify>[1]) => {
        const draft = rule.classify(record, context) as unknown as { remediation: { params: Record<string, unknown> } };
        return { ...draft, remediation: { ...draft.remediation, params: { ...draft.remediation.params, region: 'Not A Region' } } } as unknown as ReturnType<typeof rule.classify>;
      },
    } as typeof rule;
  });
  const evaluation = new Engine({ rules: broken }).evaluateRecord(worldOpenSsh());
  const finding = evaluation.findings.find((f) => f.rule.id === 'ec2.sg-open-ingress')!;
  expect(finding.finding.remediation).toMatchObject({ action: 'revoke-ingress', status: 'not-planned', reason: expect.stringMatching(/^parameters unusable: .*region/) });
  expect(evaluation.errors).toHaveLength(1);
});
