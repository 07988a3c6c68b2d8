import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { cisIdentities, ec2Call } from '../../tests/support/service-records';

const PL = 'pl-0a1b2c3d4e5f60718';
const prefixList = (name: string, family = 'IPv4') => ({
  prefixListId: PL,
  addressFamily: family,
  state: 'create-in-progress',
  prefixListArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:prefix-list/${PL}`,
  prefixListName: name,
  maxEntries: 10,
  version: 1,
  ownerId: ACCOUNT,
});

/** CloudTrail writes these newer EC2 calls as `<Call>Request` with PascalCase members; a list item carries `tag`. */
const modify = (entries: Record<string, unknown>, overrides: Parameters<typeof ec2Call>[3] = {}) =>
  ec2Call(
    'ModifyManagedPrefixList',
    { ModifyManagedPrefixListRequest: { PrefixListId: PL, CurrentVersion: 3, ...entries } },
    { ModifyManagedPrefixListResponse: { xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/', requestId: 'b2c3d4e5-6789-4f01-9bcd-ef0123456789', prefixList: { ...prefixList('office-egress'), state: 'modify-in-progress', version: 3 } } },
    overrides,
  );

export default [
  {
    name: 'ModifyManagedPrefixList adding 0.0.0.0/0 to a list security groups use',
    record: modify({ AddEntry: { Cidr: '0.0.0.0/0', Description: 'temp', tag: 1 } }, { userIdentity: identities.assumedRole('NetworkAdmin', 'alice') }),
    matches: true,
    findings: [{ category: 'sg-open-ingress', severity: 'HIGH', resources: [PL], action: 'none' }],
  },
  {
    name: 'CreateManagedPrefixList with a private entry and ::/0 (two entries, tagged)',
    record: ec2Call(
      'CreateManagedPrefixList',
      {
        CreateManagedPrefixListRequest: {
          PrefixListName: 'partners',
          AddressFamily: 'IPv6',
          MaxEntries: 10,
          ClientToken: 'b7e1f0a2-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
          Entry: [
            { Cidr: '2001:db8:1234::/48', Description: 'partner', tag: 1 },
            { Cidr: '::/0', tag: 2 },
          ],
        },
      },
      { CreateManagedPrefixListResponse: { requestId: 'c3d4e5f6-7890-4a12-8cde-f01234567890', prefixList: prefixList('partners', 'IPv6') } },
    ),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [PL] }],
  },
  {
    name: 'host bits in the world entry (203.0.113.7/0): EC2 stores 0.0.0.0/0',
    record: modify({ AddEntry: [{ Cidr: '203.0.113.7/0', tag: 1 }, { Cidr: '10.20.0.0/16', tag: 2 }] }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [PL] }],
  },
  {
    name: 'near miss: adding a private network to the list',
    record: modify({ AddEntry: { Cidr: '10.20.0.0/16', Description: 'new VPC', tag: 1 } }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: removing the world entry (closing it) while adding an office range',
    record: modify({ AddEntry: { Cidr: '198.51.100.0/24', tag: 1 }, RemoveEntry: { Cidr: '0.0.0.0/0', tag: 1 } }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: a rename only',
    record: modify({ PrefixListName: 'office-egress-2' }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: the world entry refused (the version moved on)',
    record: modify({ AddEntry: { Cidr: '0.0.0.0/0', tag: 1 } }, {
      responseElements: null,
      errorCode: 'Client.PrefixListVersionMismatch',
      errorMessage: 'The prefix list has the incorrect version number.',
    }),
    matches: false,
  },
  {
    name: 'near miss: GetManagedPrefixListEntries (a read)',
    record: ec2Call('GetManagedPrefixListEntries', { GetManagedPrefixListEntriesRequest: { PrefixListId: PL } }, {}, { responseElements: null }),
    matches: false,
  },
  {
    name: 'near miss: an AWS service\'s linked role writing the list',
    record: modify({ AddEntry: { Cidr: '0.0.0.0/0', tag: 1 } }, {
      userIdentity: cisIdentities.serviceLinkedRole('network-firewall.amazonaws.com', 'AWSServiceRoleForNetworkFirewall'),
      sourceIPAddress: 'network-firewall.amazonaws.com',
      userAgent: 'network-firewall.amazonaws.com',
    }),
    matches: true,
    findings: [],
  },
] satisfies readonly RuleCase[];
