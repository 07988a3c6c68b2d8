import { Engine } from '../../lib/engine';
import unauthorizedApiCall from '../../rules/account/unauthorized-api-call.rule';
import { apiCall } from '../support/records';

// The denied call is named as the IAM action a policy would grant: Lambda writes its API version into event names.

describe('account.unauthorized-api-call names the IAM action', () => {
  test.each([
    ['ListFunctions20150331', 'lambda:ListFunctions'],
    ['UpdateFunctionConfiguration20150331v2', 'lambda:UpdateFunctionConfiguration'],
    ['GetFunction', 'lambda:GetFunction'],
  ])('%s denied reads as %s', (eventName, action) => {
    // Prepare
    const engine = new Engine({ rules: [unauthorizedApiCall] });
    const record = apiCall({ eventSource: 'lambda.amazonaws.com', eventName, errorCode: 'AccessDenied', errorMessage: 'not authorized' });

    // Act
    const [finding] = engine.evaluateRecord(record).findings;

    // Assess
    expect(finding?.finding.summary.endsWith(`was denied ${action}`)).toBe(true);
  });
});
