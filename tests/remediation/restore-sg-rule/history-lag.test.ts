import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetResourceConfigHistoryCommand } from '@aws-sdk/client-config-service';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restoreSgRuleApplier } from '../../../lib/remediation/restore-sg-rule/apply';
import { HISTORY_BEHIND } from '../../../lib/remediation/restore-sg-rule/history';
import { instantRetry } from '../support';
import { cloudTrailMock, configBefore, configItem, configMock, params, resetWorld, theAuthorize } from './world';

// EventBridge delivers the edit within seconds; event history shows it minutes later. Until it does, what history
// says about the rule may miss a change made just before the edit, and the alert says so.

beforeEach(resetWorld);

describe('restore-sg-rule when event history does not show the edit yet', () => {
  test('nothing found in a history that has not reached the edit: the reason is the lag, not an absence', async () => {
    // Prepare
    cloudTrailMock.on(LookupEventsCommand).resolves({ Events: [] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(result.detail).toMatchObject({ rules: [{ result: 'revoked', cloudTrailHistory: HISTORY_BEHIND }] });
  });

  test('an older setter found in a history that has not reached the edit: used, and flagged as possibly not the last', async () => {
    // Prepare
    configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [] });
    cloudTrailMock.on(LookupEventsCommand).resolves({ Events: [theAuthorize()] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(result.detail).toMatchObject({ rules: [{ result: 'restored', restoredFrom: 'CloudTrail', previous: expect.stringContaining('10.1.0.0/16'), cloudTrailBehind: HISTORY_BEHIND }] });
  });

  test('Config used while history lags: the alert facts say CloudTrail could not vouch for it', async () => {
    // Prepare
    configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [configItem(configBefore())] });
    cloudTrailMock.on(LookupEventsCommand).resolves({ Events: [] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(result.detail).toMatchObject({ rules: [{ result: 'restored', restoredFrom: 'AWS Config', configHistory: 'used', cloudTrailHistory: HISTORY_BEHIND }] });
  });
});
