import { policyAudience } from '../../lib/iam/policy-audience';
import { parsePolicyDocument } from '../../lib/iam/policy-document';

// The one reader of trust and resource policies: who a document admits, seen from the event's own account, for
// every way CloudTrail and people write principals and conditions.
const OWN = '123456789012';
const FOREIGN = '111122223333';
const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });

describe('policyAudience', () => {
  test.each([
    ['Principal "*"', doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }), true, []],
    ['{"AWS": "*"}', doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject' }), true, []],
    ['{"AWS": ["*"]} with only sts:ExternalId', doc({ Effect: 'Allow', Principal: { AWS: ['*'] }, Condition: { StringEquals: { 'sts:ExternalId': 'x' } } }), true, []],
    ['"*" narrowed by aws:PrincipalOrgID (any case)', doc({ Effect: 'Allow', Principal: '*', Condition: { StringEquals: { 'AWS:principalorgid': 'o-a1b2c3d4e5' } } }), false, []],
    ['"*" narrowed by aws:SourceAccount', doc({ Effect: 'Allow', Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:SourceAccount': OWN } } }), false, []],
    ['Allow with NotPrincipal admits everyone else', doc({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${OWN}:root` } }), true, []],
    ['Deny "*" admits nobody', doc({ Effect: 'Deny', Principal: '*', Action: 's3:*' }), false, []],
    ['foreign root ARN, bare id, role ARN and STS session', doc({ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${FOREIGN}:root`, '444455556666', `arn:aws:iam::${OWN}:role/ci`, 'arn:aws:sts::777788889999:assumed-role/r/s'] } }), false, [FOREIGN, '444455556666', '777788889999']],
    ['GovCloud partition', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws-us-gov:iam::${FOREIGN}:root` } }), false, [FOREIGN]],
    ['service and federated principals are no account', doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com', Federated: 'cognito-identity.amazonaws.com' } }), false, []],
    ['a bare statement object instead of a list', { Statement: { Effect: 'Allow', Principal: { AWS: FOREIGN } } }, false, [FOREIGN]],
  ])('%s', (_name, document, everyone, foreign) => {
    // Act
    const audience = policyAudience(document, OWN);

    // Assess
    expect(audience).toEqual({ everyone, foreignAccounts: foreign });
  });
});

describe('parsePolicyDocument', () => {
  const policy = doc({ Effect: 'Allow', Principal: '*' });

  test.each([
    ['an object', policy],
    ['a JSON string', JSON.stringify(policy)],
    ['a URL-encoded JSON string', encodeURIComponent(JSON.stringify(policy))],
    ['a JSON string with surrounding whitespace', `\n ${JSON.stringify(policy)} `],
  ])('reads %s', (_name, value) => {
    expect(parsePolicyDocument(value)).toEqual(policy);
  });

  test.each([
    ['malformed JSON', '{"Statement": ['],
    ['malformed URL encoding', '%7B%E0%A4%A'],
    ['a JSON array', '[]'],
    ['a number', 42],
    ['null', null],
    ['an oversized string', `{"x":"${'a'.repeat(140_000)}"}`],
  ])('gives undefined for %s', (_name, value) => {
    expect(parsePolicyDocument(value)).toBeUndefined();
  });
});
