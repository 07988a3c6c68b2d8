import { canonicalCidr } from '../../lib/ec2/cidr';

// EC2 keeps a security-group rule's CIDR with its host bits cleared, so the request that added a rule and the rule
// EC2 then reports (event response, DescribeSecurityGroupRules, Config) can write one range two ways.

describe('canonicalCidr', () => {
  test.each([
    ['203.0.113.7/0', '0.0.0.0/0'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['10.8.10.0/16', '10.8.0.0/16'],
    ['192.168.1.77/24', '192.168.1.0/24'],
    ['198.51.100.9/32', '198.51.100.9/32'],
    ['172.31.255.255/12', '172.16.0.0/12'],
    [' 10.0.0.1/8 ', '10.0.0.0/8'],
  ])('IPv4 %s is stored as %s', (written, stored) => {
    // Act & Assess
    expect(canonicalCidr(written)).toBe(stored);
  });

  test.each([
    ['::/0', '::/0'],
    ['::0/0', '::/0'],
    ['2001:db8::1/0', '::/0'],
    ['0:0:0:0:0:0:0:0/0', '::/0'],
    ['2001:DB8:0:0:0:0:0:1/128', '2001:db8::1/128'],
    ['2001:0db8:85a3:0000:0000:8a2e:0370:7334/64', '2001:db8:85a3::/64'],
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1/128'],
    ['2001:db8:f234:5678::/33', '2001:db8:8000::/33'],
    ['2001:db8:1234:5678::/33', '2001:db8::/33'],
    ['::ffff:192.0.2.128/120', '::ffff:c000:200/120'],
    ['fe80::1:2:3:4/10', 'fe80::/10'],
  ])('IPv6 %s is stored as %s', (written, stored) => {
    // Act & Assess
    expect(canonicalCidr(written)).toBe(stored);
  });

  test.each([['not-a-cidr'], ['300.1.1.1/8'], ['10.0.0.0/33'], ['2001:db8::1::2/64'], ['2001:db8::/129'], ['10.0.0.0'], ['1:2:3:4:5:6:7/64']])(
    '%s is not a CIDR: returned as written, for the callers to refuse',
    (text) => {
      // Act & Assess
      expect(canonicalCidr(text)).toBe(text);
    },
  );
});
