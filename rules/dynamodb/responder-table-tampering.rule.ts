import { fieldText, request } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { SERVICE_PREFIX, actorDid, isCloudFormationDeployment, isOwnTableName, tableNameOf, tamperingFacts } from '../../lib/own-resources';
import { defineRule, type FindingDraft, type RuleContext } from '../../lib/rule';

const WHAT: Record<string, string> = {
  DeleteTable: 'deleted',
  UpdateTable: 'changed',
  UpdateTimeToLive: 'changed the expiry (TTL) of',
  PutResourcePolicy: 'set a resource policy on',
  DeleteResourcePolicy: 'deleted the resource policy of',
};

/**
 * trailguard's state table (what it already did per event, and alert deduplication) changed by anyone but its
 * deployment: without it, repeats page again and a retried event may be acted on twice.
 */
const classify = (record: CloudTrailRecord, context: RuleContext): FindingDraft | null => {
  if (!succeeded(record)) return null;
  const what = WHAT[record.eventName];
  if (what === undefined) return null;
  const table = fieldText(request(record, 'tableName'), 255) ?? tableNameOf(fieldText(request(record, 'resourceArn'), 400));
  if (!isOwnTableName(table, context) || isCloudFormationDeployment(record)) return null;
  return {
    resources: [table!],
    summary: actorDid(record, `${what} trailguard's state table ${table}`),
    facts: tamperingFacts(record, `DynamoDB table ${table}`),
  };
};

export default defineRule({
  id: 'dynamodb.responder-table-tampering',
  title: 'trailguard state table deleted or changed',
  description: 'The responder records what it did per event in this table; without it, duplicates act and page twice.',
  category: 'responder-tampering',
  severity: 'CRITICAL',
  status: 'active',
  // With the other responder-tampering rules: one function watches trailguard itself.
  responder: 'self-protection',
  pattern: apiCallPattern('dynamodb', Object.keys(WHAT), {
    $or: [
      { requestParameters: { tableName: [{ prefix: SERVICE_PREFIX }] } },
      { requestParameters: { resourceArn: [{ wildcard: `arn:aws*:dynamodb:*:*:table/${SERVICE_PREFIX}*` }] } },
    ],
  }),
  classify,
  guidance: 'Redeploy the stack (`sls deploy --stage <stage>`) to recreate or restore the table, and find out who changed it.',
  references: {
    mitre: ['T1562.001', 'T1485'],
    links: ['https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/logging-using-cloudtrail.html'],
  },
});
