import { renderAlert } from '../../lib/alert/render';
import { sgOpenAlert, sgOpenIngressRule } from './fixtures';

const whatTrailguardDid = (email: string): string => {
  const start = email.indexOf('  WHAT TRAILGUARD DID\n');
  return email.slice(start, email.indexOf('  HOW TO UNDO IT', start));
};

describe('email body: WHAT TRAILGUARD DID for the other outcomes', () => {
  test('dry-run stage: would have reverted, stage in dry-run mode, nothing changed', () => {
    // Prepare
    const input = sgOpenAlert('dry-run', { detail: { reason: 'stage is in dry-run mode' } });

    // Act
    const { email } = renderAlert(input).bodies;

    // Assess
    expect(whatTrailguardDid(email)).toContain(
      'Would have revoked exactly the world-open ingress rules the event added (stage prod in dry-run mode). Nothing was changed: the change is still in place.',
    );
    expect(email).toContain('trailguard prod (dry-run mode: nothing is ever changed).');
    expect(email).toContain('  Stage:           prod (dry-run)');
  });

  test('staged rule in an enforce stage: says the rule is staged', () => {
    // Prepare
    const staged = { ...sgOpenIngressRule, status: 'staged' as const };
    const base = sgOpenAlert('dry-run');
    const input = { ...base, mode: 'enforce' as const, findings: base.findings.map((alert) => ({ ...alert, rule: staged })) };

    // Act
    const { email } = renderAlert(input).bodies;

    // Assess
    expect(whatTrailguardDid(email)).toContain('(rule ec2.sg-open-ingress is staged: it only alerts until promoted)');
  });

  test('already-compliant and not-applicable say nothing was changed', () => {
    // Act
    const compliant = renderAlert(sgOpenAlert('already-compliant')).bodies.email;
    const gone = renderAlert(sgOpenAlert('not-applicable')).bodies.email;

    // Assess
    expect(whatTrailguardDid(compliant)).toContain('AWS reported it was already in the desired state. Nothing was changed.');
    expect(whatTrailguardDid(gone)).toContain('Nothing to revert: the resource is gone or the change no longer applies.');
  });
});
