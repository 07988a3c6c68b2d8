import { ExceptionList, type ExceptionEntry } from '../../lib/exceptions';
import type { Finding } from '../../lib/finding';
import { apiCall, identities } from '../support/records';

// An exception spares a finding from remediation until it expires; each condition must hold, and port/CIDR
// conditions must cover every permission the event opened.
const finding: Finding = {
  type: 'finding',
  eventId: 'e-1',
  eventName: 'AuthorizeSecurityGroupIngress',
  eventTime: '2026-11-02T09:15:00Z',
  account: '123456789012',
  region: 'us-east-1',
  ruleId: 'ec2.sg-open-ingress',
  category: 'sg-open-ingress',
  severity: 'CRITICAL',
  actor: 'arn:aws:sts::123456789012:assumed-role/NetOps/bob',
  sourceIp: '203.0.113.10',
  resources: ['sg-0123456789abcdef0'],
  remediation: { action: 'revoke-ingress', status: 'planned', detail: {} },
  summary: 'bob opened sg-0123456789abcdef0 tcp/22 to 0.0.0.0/0',
};
const record = apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', userIdentity: identities.assumedRole('NetOps', 'bob') });
const ssh = { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] };
const rdp = { ipProtocol: 'tcp', fromPort: 3389, toPort: 3389, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] };
const now = new Date('2026-11-02T10:00:00Z');

const entry = (match: ExceptionEntry['match'], expires = '2026-12-31'): ExceptionEntry => ({ id: 'bastion', match, reason: 'bastion host', owner: 'netops@example.com', expires });

describe('exceptions', () => {
  test.each([
    [{ securityGroupId: 'sg-0123456789abcdef0', port: 22 }],
    [{ ruleId: 'ec2.sg-open-ingress', cidr: '0.0.0.0/0' }],
    [{ principal: 'arn:aws:iam::123456789012:role/NetOps' }],
    [{ principal: 'arn:aws:sts::123456789012:assumed-role/NetOps/*' }],
    [{ account: '123456789012', region: 'us-east-1', category: 'sg-open-ingress' }],
  ])('a live exception matching %j applies', (match) => {
    expect(new ExceptionList([entry(match)]).find(finding, record, { ipPermissions: [ssh] }, now)).toEqual({
      id: 'bastion', reason: 'bastion host', owner: 'netops@example.com', expires: '2026-12-31', expired: false,
    });
  });

  test.each([
    [{ securityGroupId: 'sg-0fedcba9876543210' }],
    [{ port: 3389 }],
    [{ cidr: '::/0' }],
    [{ principal: 'arn:aws:iam::123456789012:role/Admin' }],
    [{ account: '111122223333' }],
    [{ region: 'eu-west-1' }],
    [{ ruleId: 'ec2.sg-change' }],
  ])('an exception with a condition that does not hold (%j) does not apply', (match) => {
    expect(new ExceptionList([entry(match)]).find(finding, record, { ipPermissions: [ssh] }, now)).toBeUndefined();
  });

  test('a CIDR condition compares ranges as EC2 stores them (host bits cleared, IPv6 in canonical text)', () => {
    // Prepare
    const written = { ...ssh, ipv4Ranges: ['203.0.113.7/0'], ipv6Ranges: ['2001:db8::1/0'] };
    const both = new ExceptionList([entry({ cidr: '0.0.0.0/0' }), { ...entry({ cidr: '::0/0' }), id: 'v6' }]);

    // Act
    const v4 = both.find(finding, record, { ipPermissions: [{ ...written, ipv6Ranges: [] }] }, now);
    const v6 = both.find(finding, record, { ipPermissions: [{ ...written, ipv4Ranges: [] }] }, now);

    // Assess
    expect(v4?.id).toBe('bastion');
    expect(v6?.id).toBe('v6');
  });

  test('port and CIDR conditions read a rule edit (restore-sg-rule params) as well as an addition', () => {
    const edit = (fromPort: number, cidrIpv4 = '0.0.0.0/0') => ({
      groupId: 'sg-0123456789abcdef0',
      region: 'us-east-1',
      eventId: 'e-1',
      eventTime: '2026-11-02T09:15:00Z',
      rules: [{ securityGroupRuleId: 'sgr-0aaaaaaaaaaaaaaa1', ipProtocol: 'tcp', fromPort, toPort: fromPort, cidrIpv4 }],
    });
    const list = new ExceptionList([entry({ securityGroupId: 'sg-0123456789abcdef0', port: 22, cidr: '0.0.0.0/0' })]);
    expect(list.find(finding, record, edit(22), now)?.id).toBe('bastion');
    expect(list.find(finding, record, edit(3389), now)).toBeUndefined();
  });

  test('a port exception never spares another port opened in the same call', () => {
    expect(new ExceptionList([entry({ port: 22 })]).find(finding, record, { ipPermissions: [ssh, rdp] }, now)).toBeUndefined();
  });

  test.each([
    ['all ports', { ipProtocol: 'tcp', fromPort: 0, toPort: 65535 }],
    ['the well-known range', { ipProtocol: 'tcp', fromPort: 1, toPort: 1024 }],
    ['a range starting at the port', { ipProtocol: 'tcp', fromPort: 22, toPort: 23 }],
    ['udp all ports', { ipProtocol: 'udp', fromPort: 0, toPort: 65535 }],
    ['protocol -1 (everything)', { ipProtocol: '-1' }],
    ['protocol -1 with ports -1', { ipProtocol: '-1', fromPort: -1, toPort: -1 }],
    ['a protocol without ports (ESP)', { ipProtocol: '50' }],
    ['icmp type 22', { ipProtocol: 'icmp', fromPort: 22, toPort: 22 }],
  ])('an exception for port 22 does not spare %s', (_name, opened) => {
    const permission = { ...opened, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] };
    expect(new ExceptionList([entry({ securityGroupId: 'sg-0123456789abcdef0', port: 22 })]).find(finding, record, { ipPermissions: [permission] }, now)).toBeUndefined();
  });

  test.each([['tcp'], ['udp'], ['6'], ['TCP']])('an exception for port 22 spares exactly port 22 over %s', (ipProtocol) => {
    const permission = { ipProtocol, fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] };
    expect(new ExceptionList([entry({ port: 22 })]).find(finding, record, { ipPermissions: [permission] }, now)?.expired).toBe(false);
  });

  test('the expiry day is included; from the next day it is reported as expired', () => {
    const list = new ExceptionList([entry({ port: 22 }, '2026-11-02')]);
    expect(list.find(finding, record, { ipPermissions: [ssh] }, new Date('2026-11-02T23:59:59Z'))?.expired).toBe(false);
    expect(list.find(finding, record, { ipPermissions: [ssh] }, new Date('2026-11-03T00:00:00Z'))?.expired).toBe(true);
  });

  test('a live exception wins over an expired one that also matches', () => {
    const list = new ExceptionList([{ ...entry({ port: 22 }, '2026-01-01'), id: 'old' }, { ...entry({ port: 22 }), id: 'current' }]);
    expect(list.find(finding, record, { ipPermissions: [ssh] }, now)).toMatchObject({ id: 'current', expired: false });
  });

  test('root matches the principal condition `root`', () => {
    const rootFinding = { ...finding, actor: 'root' };
    const rootRecord = apiCall({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', userIdentity: identities.root() });
    expect(new ExceptionList([entry({ principal: 'root' })]).find(rootFinding, rootRecord, undefined, now)?.id).toBe('bastion');
  });
});
