import { awsServiceCaller, describeActor, firstFieldText, request, resourceList, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { isObject, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { canonicalCidr, isWorldCidr } from '../../lib/ec2/cidr';
import { defineRule } from '../../lib/rule';

const EVENTS = ['CreateManagedPrefixList', 'ModifyManagedPrefixList'] as const;
const EVENT_SET: ReadonlySet<string> = new Set(EVENTS);

/** Where a request takes entries away: a world entry named there is being removed, not added. */
const REMOVALS = /^remove/i;

/**
 * Every world CIDR (`/0`) an entry of the request adds, wherever the request nests it. CloudTrail writes these
 * newer EC2 calls as `CreateManagedPrefixListRequest.Entry` / `ModifyManagedPrefixListRequest.AddEntry`, one object
 * or a list of them with `tag` indexes; the CLI's own shape (`Entries`, `AddEntries` arrays) is read the same way.
 * Entries under a remove key are skipped.
 */
const worldEntries = (value: unknown, depth = 0): string[] => {
  if (depth > 6) return [];
  if (Array.isArray(value)) return value.flatMap((item) => worldEntries(item, depth + 1));
  if (!isObject(value)) return [];
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (REMOVALS.test(key)) continue;
    const cidr = key === 'Cidr' || key === 'cidr' ? str(child)?.trim() : undefined;
    if (cidr !== undefined && isWorldCidr(cidr)) found.push(canonicalCidr(cidr));
    else found.push(...worldEntries(child, depth + 1));
  }
  return [...new Set(found)];
};

const prefixListOf = (record: CloudTrailRecord): string | undefined =>
  firstFieldText(
    request(record, 'ModifyManagedPrefixListRequest', 'PrefixListId'),
    request(record, 'PrefixListId'),
    request(record, 'prefixListId'),
    response(record, 'CreateManagedPrefixListResponse', 'prefixList', 'prefixListId'),
    response(record, 'ModifyManagedPrefixListResponse', 'prefixList', 'prefixListId'),
    response(record, 'prefixList', 'prefixListId'),
  );

const prefixListNameOf = (record: CloudTrailRecord): string | undefined =>
  firstFieldText(
    request(record, 'CreateManagedPrefixListRequest', 'PrefixListName'),
    request(record, 'ModifyManagedPrefixListRequest', 'PrefixListName'),
    request(record, 'PrefixListName'),
    response(record, 'CreateManagedPrefixListResponse', 'prefixList', 'prefixListName'),
    response(record, 'prefixList', 'prefixListName'),
  );

/**
 * A customer-managed prefix list given an entry for the whole internet (0.0.0.0/0 or ::/0). Security-group rules
 * name prefix lists as their source, and the list's entries are not in any security-group event: once a list a
 * rule references holds a world entry, that rule is open to the world with no security-group call at all. So
 * this is the sg-open-ingress exposure by another door. It is alert-only: which groups reference the list, on
 * which ports, is not in the record, and taking an entry out of a shared list is the owner's call.
 */
export default defineRule({
  id: 'ec2.prefix-list-opened',
  title: 'Prefix list opened to the world',
  description:
    'A customer-managed prefix list was created or changed with an entry for the whole internet (0.0.0.0/0 or ::/0): every security-group rule that names the list as its source is now open to the world.',
  category: 'sg-open-ingress',
  // HIGH: world-open through every rule that references the list, but which ports is not in the record.
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('ec2', [...EVENTS]),
  classify: (record) => {
    if (record.eventSource !== 'ec2.amazonaws.com' || !EVENT_SET.has(record.eventName) || !succeeded(record)) return null;
    if (awsServiceCaller(record) !== undefined) return null;
    const world = worldEntries(record.requestParameters);
    if (world.length === 0) return null;

    const list = prefixListOf(record);
    const name = prefixListNameOf(record);
    const verb = record.eventName === 'CreateManagedPrefixList' ? 'created prefix list' : 'added to prefix list';
    return {
      resources: resourceList(list),
      summary: `${describeActor(record)} ${verb} ${list ?? name ?? '(unknown)'} an entry for ${world.join(' and ')}: every rule that uses it is open to the world`,
      facts: {
        'World entries': world.join(', '),
        ...(name ? { 'Prefix list name': name } : {}),
        ...viaService(record),
      },
    };
  },
  guidance:
    'A prefix list names networks you trust: the whole internet is not one. See which security groups use the list ' +
    '(aws ec2 get-managed-prefix-list-associations --prefix-list-id <id>) to know what was exposed, then remove the ' +
    'entry (aws ec2 modify-managed-prefix-list --prefix-list-id <id> --current-version <version> --remove-entries Cidr=0.0.0.0/0).',
  references: {
    mitre: ['T1562.007'],
    links: ['https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html'],
  },
});
