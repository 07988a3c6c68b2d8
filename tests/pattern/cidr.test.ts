import { compilePattern } from '../../lib/pattern';
import { compileError, type MatchCase } from './cases';

const cidr = (range: string, ip: unknown, expected: boolean, name: string): MatchCase => ({
  name,
  pattern: { detail: { sourceIPAddress: [{ cidr: range }] } },
  event: { detail: { sourceIPAddress: ip } },
  expected,
});

describe('cidr matching', () => {
  test.each<MatchCase>([
    cidr('10.0.0.0/24', '10.0.0.0', true, 'IPv4: the network address is inside'),
    cidr('10.0.0.0/24', '10.0.0.255', true, 'IPv4: the broadcast address is inside'),
    cidr('10.0.0.0/24', '10.0.1.0', false, 'IPv4: the next network is outside'),
    cidr('10.0.0.0/24', '9.255.255.255', false, 'IPv4: the previous address is outside'),
    cidr('10.0.0.0/8', '10.200.3.4', true, 'IPv4 /8'),
    cidr('0.0.0.0/0', '203.0.113.9', true, 'IPv4 /0 covers every IPv4 address'),
    cidr('0.0.0.0/0', '2001:db8::1', false, 'IPv4 /0 does not cover IPv6'),
    cidr('192.168.1.2/31', '192.168.1.3', true, 'IPv4 /31 covers two addresses'),
    cidr('192.168.1.2/31', '192.168.1.4', false, 'IPv4 /31 stops there'),
    cidr('10.0.0.1/24', '10.0.0.1', true, 'a non-canonical network address starts the range as written'),
    cidr('10.0.0.1/24', '10.0.0.0', false, 'a non-canonical network address is not masked down (event-ruler)'),
    cidr('10.0.0.1/24', '10.0.0.255', true, 'a non-canonical network address still ends at the host-bits-set address'),
    cidr('10.0.0.0/24', '10.0.0.256', false, 'an octet above 255 is not an address'),
    cidr('10.0.0.0/24', '010.0.0.1', false, 'leading zeros make an ambiguous, refused address'),
    cidr('10.0.0.0/24', '10.0.0', false, 'three octets are not an address'),
    cidr('10.0.0.0/24', ' 10.0.0.1', false, 'surrounding spaces are not allowed'),
    cidr('10.0.0.0/24', 'AWS Internal', false, 'a non-IP string never matches'),
    cidr('10.0.0.0/24', 'ec2.amazonaws.com', false, 'a host name never matches'),
    cidr('10.0.0.0/24', 167772161, false, 'a number never matches'),
    cidr('10.0.0.0/24', null, false, 'null never matches'),
    cidr('10.0.0.0/24', ['1.1.1.1', '10.0.0.7'], true, 'any element of an event array'),
    cidr('10.0.0.0/24', '::ffff:a00:5', true, 'an IPv4-mapped IPv6 address in hex counts as IPv4'),
    cidr('10.0.0.0/24', '::ffff:10.0.0.5', false, 'dotted IPv4 inside IPv6 is not recognised (event-ruler)'),
    cidr('2001:db8::/32', '2001:db8::1', true, 'IPv6 compressed event'),
    cidr('2001:db8::/32', '2001:0db8:0000:0000:0000:0000:0000:0001', true, 'IPv6 expanded event'),
    cidr('2001:0db8:0000:0000:0000:0000:0000:0000/32', '2001:db8:ffff::', true, 'IPv6 expanded pattern'),
    cidr('2001:db8::/32', '2001:DB8:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF', true, 'IPv6 upper-case hex, last address'),
    cidr('2001:db8::/32', '2001:db9::', false, 'IPv6 next network'),
    cidr('2001:db8::/127', '2001:db8::1', true, 'IPv6 /127'),
    cidr('2001:db8::/127', '2001:db8::2', false, 'IPv6 /127 stops after two addresses'),
    cidr('::/0', 'fe80::1', true, 'IPv6 /0 covers IPv6'),
    cidr('::/0', '10.0.0.1', false, 'IPv6 /0 does not cover IPv4'),
    cidr('2001:db8::/32', '2001:db8::1::', false, 'two "::" are not an address'),
    cidr('2001:db8::/32', '2001:db8:0:0:0:0:0:0:1', false, 'nine groups are not an address'),
    cidr('2001:db8::/32', '2001:db8:0:0:0:0:0::1', false, '"::" standing for no group is refused'),
    cidr('2001:db8::/32', '2001:db8::1%eth0', false, 'a zone id is not accepted'),
    cidr('2001:db8::/32', '2001:db8::12345', false, 'a group of five hex digits is not an address'),
    cidr('10.0.0.0/24/', '10.0.0.9', true, 'a trailing "/" is ignored, as Java\'s split does'),
  ])('$name', (c) => {
    // Prepare
    const compiled = compilePattern(c.pattern);

    // Act
    const result = compiled.matches(c.event);

    // Assess
    expect(result).toBe(c.expected);
  });

  test('several ranges in one leaf are OR-ed', () => {
    // Prepare
    const compiled = compilePattern({ ip: [{ cidr: '10.0.0.0/8' }, { cidr: '2001:db8::/32' }, '192.0.2.1'] });

    // Act
    const results = ['10.1.2.3', '2001:db8::5', '192.0.2.1', '192.0.2.2'].map((ip) => compiled.matches({ ip }));

    // Assess
    expect(results).toEqual([true, true, true, false]);
  });
});

describe('cidr validation', () => {
  test.each([
    ['10.0.0.0/32', /between 0 and 31/],
    ['10.0.0.0/33', /between 0 and 31/],
    ['2001:db8::/128', /between 0 and 127/],
    ['10.0.0.0', /exactly one "\/"/],
    ['10.0.0.0/8/8', /exactly one "\/"/],
    ['10.0.0.0/', /exactly one "\/"/],
    ['10.0.0.0/x', /must be an integer/],
    ['10.0.0.0/8.5', /must be an integer/],
    ['10.0.0.0/-1', /must not be negative/],
    ['300.0.0.0/8', /not an IP address/],
    ['example.com/8', /not an IP address/],
    ['/8', /not an IP address/],
    ['::ffff:10.0.0.0/104', /not an IP address/],
    ['::ffff:a00:0/104', /between 0 and 31/],
  ])('%s is rejected', (range, reason) => {
    // Prepare
    const pattern = { detail: { ip: ['x', { cidr: range }] } };

    // Act
    const error = compileError(pattern);

    // Assess
    expect(error.path).toBe('detail.ip[1].cidr');
    expect(error.message).toMatch(reason);
  });

  test('a non-string CIDR is rejected', () => {
    // Prepare
    const pattern = { ip: [{ cidr: 10 }] };

    // Act
    const error = compileError(pattern);

    // Assess
    expect(error.path).toBe('ip[0].cidr');
  });
});
