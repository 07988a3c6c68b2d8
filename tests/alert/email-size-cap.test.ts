import { EMAIL_MAX_BYTES } from '../../lib/alert/email';
import { renderAlert } from '../../lib/alert/render';
import type { AlertFinding } from '../../lib/alert/types';
import { sgOpenAlert } from './fixtures';

describe('email size cap', () => {
  test('hundreds of findings with maximal fields are cut to the cap, keeping the EVENT section and saying so', () => {
    // Prepare: quotes and backslashes double in size once JSON-escaped
    const base = sgOpenAlert('applied');
    const [template] = base.findings;
    const heavy = '"\\'.repeat(600);
    const findings: AlertFinding[] = Array.from({ length: 300 }, (_, index) => ({
      ...template!,
      finding: { ...template!.finding, summary: `${index} ${heavy}`, resources: Array.from({ length: 60 }, () => heavy) },
    }));

    // Act
    const alert = renderAlert({ ...base, findings });
    const { email } = alert.bodies;

    // Assess
    expect(Buffer.byteLength(JSON.stringify(email))).toBeLessThanOrEqual(EMAIL_MAX_BYTES);
    expect(Buffer.byteLength(alert.message)).toBeLessThan(256 * 1024);
    expect(email).toContain('[Alert truncated to fit the message size limit');
    expect(email).toContain('CloudTrail event: 3f1c2a9e-7b4d-4e21-9a53-8d0e6b1f2c47');
    expect(email.split('\n')[0]).toMatch(/^CRITICAL: Security group opened to the world\./);
    expect(JSON.parse(alert.message)).toStrictEqual(alert.bodies);
  });

  test('a normal alert is not truncated', () => {
    // Act
    const { email } = renderAlert(sgOpenAlert('applied')).bodies;

    // Assess
    expect(email).not.toContain('[Alert truncated');
  });
});
