import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetResourceConfigHistoryCommand } from '@aws-sdk/client-config-service';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restoreSgRuleApplier } from '../../../lib/remediation/restore-sg-rule/apply';
import { CONFIG_PAGE_LIMIT, LOOKUP_PAGE_LIMIT } from '../../../lib/remediation/restore-sg-rule/history';
import { instantRetry } from '../support';
import { cloudTrailMock, configMock, params, resetWorld, theEdit, trailEvent } from './world';

beforeEach(resetWorld);

// The bounds the README states: Config is read back 26 seven-day calls, CloudTrail 5 pages of 50 events.
describe('restore-sg-rule history bounds', () => {
  test('AWS Config: at most 26 seven-day pages, then the reason says how far back it looked', async () => {
    // Prepare
    configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [], nextToken: 'older' });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(CONFIG_PAGE_LIMIT).toBe(26);
    expect(configMock).toHaveReceivedCommandTimes(GetResourceConfigHistoryCommand, 26);
    expect(result.detail).toMatchObject({ rules: [{ configHistory: 'AWS Config holds no configuration item of the group in the 182 days before the edit' }] });
  });

  test('CloudTrail: at most 5 pages of 50 events on the group, unrelated events skipped', async () => {
    // Prepare: the edit itself first (the history has reached it), then 49 unrelated events a page, always another page.
    const unrelated = Array.from({ length: 49 }, (_, i) =>
      trailEvent(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, 'CreateTags', '2026-11-19T00:00:00Z', { requestParameters: {} }),
    );
    cloudTrailMock.on(LookupEventsCommand).resolves({ Events: [theEdit(), ...unrelated], NextToken: 'more' });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(LOOKUP_PAGE_LIMIT).toBe(5);
    expect(cloudTrailMock).toHaveReceivedCommandTimes(LookupEventsCommand, 5);
    expect(result.detail).toMatchObject({ rules: [{ result: 'revoked', cloudTrailHistory: 'no CloudTrail event among the 250 most recent on the group set this rule' }] });
  });
});
