import { renderHtmlReport } from '../../lib/report/html';
import type { Finding } from '../../lib/finding';

// Every finding field comes from someone's API call: the page must show it as text, never run it.
describe('HTML report escaping', () => {
  it('escapes markup and strips control and bidi characters from finding fields', () => {
    // Prepare
    const finding: Finding = {
      type: 'finding',
      eventId: 'e"><img src=x onerror=alert(1)>',
      eventName: 'CreateUser',
      eventTime: '2026-11-02T09:15:00Z',
      account: '123456789012',
      region: 'us-east-1',
      ruleId: 'iam.iam-policy-change',
      category: 'iam-policy-change',
      severity: 'MEDIUM',
      actor: 'arn:aws:iam::123456789012:user/</script><script>alert(1)</script>',
      sourceIp: '192.0.2.1\u202e',
      resources: ['a\u0007b'],
      remediation: { action: 'none', status: 'planned', detail: {} },
      summary: "it's <b>bold</b>",
    };

    // Act
    const html = renderHtmlReport({ findings: [finding], invalid: [], summary: { events: 1, matched: 1, findings: 1, invalid: 0, seconds: 0 } });

    // Assess
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain('user/&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('it&#39;s &lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toMatch(/[\u0007\u202e]/);
  });
});
