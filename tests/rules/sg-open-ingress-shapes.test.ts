import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { restoreSgRule, revokeIngress } from '../../lib/remediation';
import { SEVERITIES, ruleContext, type FindingDraft, type RuleContext } from '../../lib/rule';
import rule from '../../rules/ec2/sg-open-ingress.rule';
import {
  authorizeSecurityGroup,
  groupIdFor,
  legacyAuthorizeIngress,
  modifySecurityGroupRules,
  ruleIdFor,
} from '../support/ec2-records';

// The classifier meets whatever CloudTrail, a log shipper or a hand-edited history hands it. These tests feed it
// odd and mutated records: it must never throw, and whatever it returns must be a usable finding whose revert
// only names world-open ranges the record itself contains.

const SG = groupIdFor('shapes');
const R1 = ruleIdFor('shapes-1');
const R2 = ruleIdFor('shapes-2');
const DEFAULT = ruleContext();

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Every string anywhere in the value: the revert may only name CIDRs that appear in the record. */
const stringsIn = (value: unknown, out = new Set<string>()): Set<string> => {
  if (typeof value === 'string') out.add(value.trim());
  else if (Array.isArray(value)) value.forEach((item) => stringsIn(item, out));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((item) => stringsIn(item, out));
  return out;
};

const drafts = (result: ReturnType<typeof rule.classify>): readonly FindingDraft[] =>
  result === null ? [] : Array.isArray(result) ? result : [result as FindingDraft];

/**
 * Why a classify result breaks the rule's promises (never throw, at most one draft, a usable revert naming only
 * what the record contains), or [] when it keeps them. Plain checks rather than an expect per field: the fuzz
 * below makes tens of thousands of calls.
 */
const problemsOf = (record: CloudTrailRecord, context: RuleContext = DEFAULT): { problems: string[]; draft: FindingDraft | null } => {
  const frozen = deepFreeze(clone(record));
  let result: ReturnType<typeof rule.classify> = null;
  try {
    result = rule.classify(frozen, context);
  } catch (error) {
    return { problems: [`threw ${(error as Error).message}`], draft: null };
  }
  const problems: string[] = [];
  const list = drafts(result);
  if (list.length > 1) problems.push(`${list.length} drafts`);
  const recordStrings = stringsIn(record);
  for (const draft of list) {
    if (!SEVERITIES.includes(draft.severity!) || !['HIGH', 'CRITICAL'].includes(draft.severity!)) problems.push(`severity ${String(draft.severity)}`);
    if (typeof draft.summary !== 'string' || draft.summary.length === 0) problems.push('empty summary');
    if (!Array.isArray(draft.resources) || draft.resources.some((r) => typeof r !== 'string')) problems.push('bad resources');
    if (Object.values(draft.facts ?? {}).some((fact) => typeof fact !== 'string')) problems.push('non-string fact');
    if (!draft.remediation) continue;
    const modify = record.eventName === 'ModifySecurityGroupRules';
    if (draft.remediation.action !== (modify ? 'restore-sg-rule' : 'revoke-ingress')) problems.push(`action ${draft.remediation.action}`);
    if (modify) {
      let restore;
      try {
        restore = restoreSgRule.parse(draft.remediation.params);
      } catch (error) {
        problems.push(`params rejected: ${(error as Error).message}`);
        continue;
      }
      if (!recordStrings.has(restore.groupId)) problems.push(`group ${restore.groupId} not in the record`);
      for (const edited of restore.rules) {
        const cidr = edited.cidrIpv4 ?? edited.cidrIpv6 ?? '';
        if (!cidr.endsWith('/0')) problems.push(`restore names non-world edit ${cidr}`);
        if (!recordStrings.has(cidr)) problems.push(`restore names ${cidr}, not in the record`);
        if (!recordStrings.has(edited.securityGroupRuleId)) problems.push(`rule id ${edited.securityGroupRuleId} not in the record`);
      }
      continue;
    }
    let params;
    try {
      params = revokeIngress.parse(draft.remediation.params);
    } catch (error) {
      problems.push(`params rejected: ${(error as Error).message}`);
      continue;
    }
    if (!recordStrings.has(params.groupId)) problems.push(`group ${params.groupId} not in the record`);
    for (const permission of params.ipPermissions) {
      for (const cidr of [...permission.ipv4Ranges, ...permission.ipv6Ranges]) {
        if (!cidr.endsWith('/0')) problems.push(`revert names non-world range ${cidr}`);
        if (!recordStrings.has(cidr)) problems.push(`revert names ${cidr}, not in the record`);
      }
    }
    for (const id of params.securityGroupRuleIds) if (!recordStrings.has(id)) problems.push(`rule id ${id} not in the record`);
  }
  return { problems, draft: list[0] ?? null };
};

/** Runs classify on a frozen copy (so it cannot mutate the record) and fails on any broken promise. */
const classifyChecked = (record: CloudTrailRecord, context: RuleContext = DEFAULT): FindingDraft | null => {
  const { problems, draft } = problemsOf(record, context);
  expect(problems).toEqual([]);
  return draft;
};

const worldSsh = () => authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'], ruleIds: [R1] }] });
const withRequest = (requestParameters: unknown, responseElements: unknown = null): CloudTrailRecord =>
  ({ ...worldSsh(), requestParameters, responseElements }) as CloudTrailRecord;

describe('sg-open-ingress: documented decisions on odd records', () => {
  test.each([
    ['null requestParameters and responseElements', withRequest(null, null)],
    ['missing requestParameters and responseElements', (() => {
      const { requestParameters: _r, responseElements: _s, ...rest } = worldSsh();
      return rest as CloudTrailRecord;
    })()],
    ['requestParameters as a string', withRequest('omitted')],
    ['requestParameters as an array', withRequest([{ groupId: SG }])],
    ['requestParameters as a number', withRequest(42)],
    ['ipPermissions as a string', withRequest({ groupId: SG, ipPermissions: '0.0.0.0/0' })],
    ['ipPermissions items are not objects', withRequest({ groupId: SG, ipPermissions: { items: ['0.0.0.0/0', 22, null, true] } })],
    ['empty items', withRequest({ groupId: SG, ipPermissions: { items: [] } })],
    ['ipRanges items are not objects', withRequest({ groupId: SG, ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: ['0.0.0.0/0'] } }] } })],
    ['cidrIp is a number', withRequest({ groupId: SG, ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: 0 }] } }] } })],
    ['response rule set with only egress items', withRequest(null, { securityGroupRuleSet: { items: [{ groupId: SG, securityGroupRuleId: R1, isEgress: true, ipProtocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0' }] } })],
    ['response rule set as garbage', withRequest(null, { securityGroupRuleSet: 'sgr-1' })],
  ])('%s: no finding', (_name, record) => {
    expect(classifyChecked(record)).toBeNull();
  });

  test('failed calls and other event names never yield a finding', () => {
    expect(classifyChecked({ ...worldSsh(), errorCode: 'Client.InvalidPermission.Duplicate' })).toBeNull();
    expect(classifyChecked({ ...worldSsh(), eventName: 'AuthorizeSecurityGroupEgress' })).toBeNull();
    expect(classifyChecked({ ...worldSsh(), eventName: 'RevokeSecurityGroupIngress' })).toBeNull();
  });

  test('rule set is used when the request names no permission, egress items ignored', () => {
    const draft = classifyChecked(withRequest({ groupId: SG, ipPermissions: {} }, {
      securityGroupRuleSet: {
        items: [
          { groupId: SG, securityGroupRuleId: R1, isEgress: 'false', ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' },
          { groupId: SG, securityGroupRuleId: R2, isEgress: true, ipProtocol: 'tcp', fromPort: 3389, toPort: 3389, cidrIpv4: '0.0.0.0/0' },
        ],
      },
    }));
    expect(draft?.remediation?.params).toEqual({
      groupId: SG,
      region: 'us-east-1',
      ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }],
      securityGroupRuleIds: [R1],
    });
  });

  test('tcp with missing ports counts as all ports and the revert leaves the ports out', () => {
    const draft = classifyChecked(withRequest({ groupId: SG, ipPermissions: { items: [{ ipProtocol: 'tcp', ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } }));
    expect(draft?.severity).toBe('CRITICAL');
    expect(draft?.facts?.['Opened to the world']).toBe('tcp/all ports from 0.0.0.0/0');
    expect(draft?.remediation?.params.ipPermissions).toEqual([{ ipProtocol: 'tcp', ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }]);
  });

  test.each([
    ['-1 ports', -1, -1],
    ['garbage ports', 'abc', {}],
    ['inverted range', 443, 80],
    ['fractional ports', 22.5, 22.5],
    ['out of range ports', 70000, 70000],
  ])('tcp with %s counts as all ports', (_name, from, to) => {
    const draft = classifyChecked(withRequest({ groupId: SG, ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: from, toPort: to, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } }));
    expect(draft?.severity).toBe('CRITICAL');
    expect(draft?.facts?.['Opened to the world']).toBe('tcp/all ports from 0.0.0.0/0');
  });

  test('a missing or unknown protocol on a world range is reported but never reverted', () => {
    for (const ipProtocol of [undefined, 'bogus', '999', {}]) {
      const draft = classifyChecked(withRequest({ groupId: SG, ipPermissions: { items: [{ ipProtocol, fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } }));
      expect(draft?.severity).toBe('CRITICAL');
      expect(draft?.remediation).toBeUndefined();
      expect(draft?.facts?.['Not reverted']).toContain('cannot be named');
    }
  });

  test('an unknown protocol beside a known one: the known one is reverted, the other reported', () => {
    const draft = classifyChecked(withRequest({
      groupId: SG,
      ipPermissions: {
        items: [
          { ipProtocol: 'bogus', ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
          { ipProtocol: 'tcp', fromPort: 3306, toPort: 3306, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
        ],
      },
    }));
    expect(draft?.remediation?.params.ipPermissions).toEqual([{ ipProtocol: 'tcp', fromPort: 3306, toPort: 3306, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }]);
    expect(draft?.facts?.['Not reverted']).toContain('bogus');
  });

  test('names and numbers fold: uppercase TCP, protocol "all", numeric 6 and 17', () => {
    const draft = classifyChecked(withRequest({
      groupId: SG,
      ipPermissions: {
        items: [
          { ipProtocol: 'TCP', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
          { ipProtocol: 'all', ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
          { ipProtocol: 6, fromPort: 25, toPort: 25, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
          { ipProtocol: 17, fromPort: 53, toPort: 53, ipv6Ranges: { items: [{ cidrIpv6: '::/0' }] } },
        ],
      },
    }));
    expect(draft?.remediation?.params.ipPermissions).toEqual([
      { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] },
      { ipProtocol: '-1', ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] },
      { ipProtocol: '6', fromPort: 25, toPort: 25, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] },
      { ipProtocol: '17', fromPort: 53, toPort: 53, ipv4Ranges: [], ipv6Ranges: ['::/0'] },
    ]);
  });

  test('rule ids are all-or-nothing: one unmatched range sends the revert by permissions', () => {
    const record = authorizeSecurityGroup({
      groupId: SG,
      permissions: [
        { protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'], ruleIds: [R1] },
        { protocol: 'tcp', from: 3389, to: 3389, v4: ['0.0.0.0/0'], ruleIds: [R2] },
      ],
    });
    const items = (record.responseElements as { securityGroupRuleSet: { items: unknown[] } }).securityGroupRuleSet.items;
    items.pop();
    const draft = classifyChecked(record);
    expect(draft?.remediation?.params.securityGroupRuleIds).toEqual([]);
    expect(draft?.remediation?.params.ipPermissions).toHaveLength(2);
  });

  test('a pre-existing rule in the rule set that the request did not add is never revoked', () => {
    const record = worldSsh();
    const items = (record.responseElements as { securityGroupRuleSet: { items: Record<string, unknown>[] } }).securityGroupRuleSet.items;
    items.push({ ...items[0], securityGroupRuleId: R2, fromPort: 3389, toPort: 3389 });
    const draft = classifyChecked(record);
    expect(draft?.remediation?.params.securityGroupRuleIds).toEqual([R1]);
    expect(draft?.remediation?.params.ipPermissions).toEqual([{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }]);
  });

  test('plain arrays instead of EC2 item wrappers (hand-written history) are read the same', () => {
    const draft = classifyChecked(withRequest({ groupId: SG, ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: [{ cidrIp: '0.0.0.0/0' }] }] }));
    expect(draft?.severity).toBe('CRITICAL');
    expect(draft?.remediation?.params.groupId).toBe(SG);
  });

  test('a malformed group id or region keeps the finding and drops the revert, saying why', () => {
    const badGroup = classifyChecked(withRequest({ groupId: 'sg-XYZ', ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } }));
    expect(badGroup?.remediation).toBeUndefined();
    expect(badGroup?.resources).toEqual(['sg-XYZ']);
    expect(badGroup?.facts?.['Not reverted']).toContain('not a valid security group id');
    const badRegion = classifyChecked({ ...worldSsh(), awsRegion: 'moon-base' });
    expect(badRegion?.remediation).toBeUndefined();
    expect(badRegion?.facts?.['Not reverted']).toContain('region');
  });

  test('no group at all: finding with no resource and no revert', () => {
    const draft = classifyChecked(withRequest({ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '0.0.0.0/0' }));
    expect(draft?.resources).toEqual([]);
    expect(draft?.remediation).toBeUndefined();
    expect(draft?.facts?.['Not reverted']).toContain('names no security group');
  });

  test('an empty publicPorts set makes every world-open port a finding', () => {
    const draft = classifyChecked(
      authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 443, to: 443, v4: ['0.0.0.0/0'] }] }),
      ruleContext([]),
    );
    expect(draft?.severity).toBe('HIGH');
  });

  test('a huge call stays one finding with a bounded summary and the worst severity', () => {
    const permissions = Array.from({ length: 1000 }, (_, i) => ({ protocol: 'tcp', from: 10000 + i, to: 10000 + i, v4: ['0.0.0.0/0'] }));
    const draft = classifyChecked(authorizeSecurityGroup({ groupId: SG, permissions: [...permissions, { protocol: 'tcp', from: 3389, to: 3389, v4: ['0.0.0.0/0'] }] }));
    expect(draft?.severity).toBe('CRITICAL');
    expect(draft?.summary.length).toBeLessThan(300);
    expect(draft?.summary).toContain('and 998 more');
    expect(draft?.remediation?.params.ipPermissions).toHaveLength(1001);
  });

  test('ModifySecurityGroupRules: odd updates are skipped, a missing GroupId drops the revert', () => {
    const record = modifySecurityGroupRules({ groupId: SG, updates: [{ ruleId: R1, rule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' } }], forceList: true });
    const request = record.requestParameters as { ModifySecurityGroupRulesRequest: { GroupId?: string; SecurityGroupRule: unknown[] } };
    request.ModifySecurityGroupRulesRequest.SecurityGroupRule.push('sgr-0', null, { SecurityGroupRuleId: R2 }, { SecurityGroupRuleId: R2, SecurityGroupRule: 'tcp/22' });
    const draft = classifyChecked(record);
    expect((draft?.remediation?.params.rules as { securityGroupRuleId: string }[]).map((rule) => rule.securityGroupRuleId)).toEqual([R1]);
    delete request.ModifySecurityGroupRulesRequest.GroupId;
    const noGroup = classifyChecked(record);
    expect(noGroup?.severity).toBe('CRITICAL');
    expect(noGroup?.remediation).toBeUndefined();
  });

  test('ModifySecurityGroupRules with a malformed rule id is reported, never reverted by permission', () => {
    // Revoking by value could remove a sibling rule with the same values; restoring needs the rule's id.
    const draft = classifyChecked(modifySecurityGroupRules({ groupId: SG, updates: [{ ruleId: 'rule-1', rule: { IpProtocol: 'tcp', FromPort: '5432', ToPort: '5432', CidrIpv4: '0.0.0.0/0' } }] }));
    expect(draft?.severity).toBe('HIGH');
    expect(draft?.remediation).toBeUndefined();
    expect(draft?.facts?.['Not reverted']).toContain('no usable rule id');
  });

  test('ModifySecurityGroupRules: the finding does not claim the edited rule is ingress', () => {
    const draft = classifyChecked(modifySecurityGroupRules({ groupId: SG, updates: [{ ruleId: R1, rule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' } }] }));
    expect(draft?.facts?.Direction).toContain('leaves an egress rule alone');
    expect(draft?.remediation?.action).toBe('restore-sg-rule');
  });
});

// --- Generated fuzz: deletions and type swaps of every field of valid records, then random combinations.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = readonly (string | number)[];

const SWAPS: readonly Json[] = [null, '', 'x', '0.0.0.0/0', '::/0', 0, -1, 65536, 22, '22', '-1', true, [], {}, [null], { items: null }, { items: [{}] }, ['0.0.0.0/0']];

const pathsOf = (value: Json, prefix: Path = []): Path[] => {
  if (Array.isArray(value)) return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
  }
  return [];
};

/** Returns a copy with the value at `path` deleted (`undefined`) or replaced. */
const mutate = (root: Json, path: Path, replacement: Json | undefined): Json => {
  const copy = clone(root);
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key] as Json;
  const last = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number') {
    if (replacement === undefined) parent.splice(last, 1);
    else parent[last] = replacement;
  } else if (typeof parent === 'object' && parent !== null) {
    if (replacement === undefined) delete (parent as Record<string, Json>)[last];
    else (parent as Record<string, Json>)[last] = replacement;
  }
  return copy;
};

/** Small deterministic PRNG (mulberry32) so a failure reproduces. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const SEEDS: readonly [string, CloudTrailRecord][] = [
  ['items form with rule set', authorizeSecurityGroup({
    groupId: SG,
    permissions: [
      { protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0', '10.0.0.0/8'], v6: ['::/0'] },
      { protocol: '-1', v4: ['0.0.0.0/0'] },
      { protocol: 'udp', from: 0, to: 65535, v6: ['::/0'], prefixLists: ['pl-0a1b2c3d4e5f60718'] },
    ],
  })],
  ['legacy form', legacyAuthorizeIngress({ groupId: SG, protocol: 'tcp', from: '3389', to: '3389', cidrIp: '0.0.0.0/0' })],
  ['group name only, no rule set', legacyAuthorizeIngress({ groupName: 'legacy', protocol: '6', from: 22, to: 22, cidrIp: '0.0.0.0/0', ruleSet: false })],
  ['rule set only', withRequest(null, (worldSsh().responseElements ?? null))],
  ['modify, single update', modifySecurityGroupRules({ groupId: SG, updates: [{ ruleId: R1, rule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' } }] })],
  ['modify, list of updates', modifySecurityGroupRules({
    groupId: SG,
    updates: [
      { ruleId: R1, rule: { IpProtocol: '-1', CidrIpv6: '::/0' } },
      { ruleId: R2, rule: { IpProtocol: 'udp', FromPort: 500, ToPort: 4500, CidrIpv4: '0.0.0.0/0' } },
    ],
  })],
];

describe.each(SEEDS)('sg-open-ingress fuzz over "%s"', (_name, seed) => {
  const base = seed as unknown as Json;
  const fields = pathsOf(base).filter((path) => path[0] === 'requestParameters' || path[0] === 'responseElements' || path[0] === 'awsRegion' || path[0] === 'eventName' || path[0] === 'errorCode');
  const topLevel: Path[] = [['requestParameters'], ['responseElements'], ['awsRegion'], ['userIdentity'], ['eventName']];

  test('the unmutated record yields a finding', () => {
    expect(classifyChecked(seed)).not.toBeNull();
  });

  test('every single deletion and type swap', () => {
    const broken: string[] = [];
    for (const path of [...fields, ...topLevel]) {
      for (const replacement of [undefined, ...SWAPS]) {
        const { problems } = problemsOf(mutate(base, path, replacement) as unknown as CloudTrailRecord);
        for (const problem of problems) broken.push(`${path.join('.')} = ${JSON.stringify(replacement)}: ${problem}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('random combinations of several mutations', () => {
    const next = random(0x5eed);
    const broken: string[] = [];
    for (let round = 0; round < 400; round++) {
      let record = base;
      const count = 1 + Math.floor(next() * 4);
      for (let i = 0; i < count; i++) {
        const paths = pathsOf(record).filter((path) => path[0] === 'requestParameters' || path[0] === 'responseElements');
        if (paths.length === 0) break;
        const path = paths[Math.floor(next() * paths.length)]!;
        const choice = Math.floor(next() * (SWAPS.length + 1));
        record = mutate(record, path, choice === SWAPS.length ? undefined : SWAPS[choice]);
      }
      for (const context of [DEFAULT, ruleContext([22, 80, 443, 3389])]) {
        for (const problem of problemsOf(record as unknown as CloudTrailRecord, context).problems) broken.push(`round ${round}: ${problem}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
