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
    // A narrowing key narrows only with an operator that admits what it names and values that name someone.
    ['"*" with aws:PrincipalArn arn:aws:iam::*:* (StringLike)', doc({ Effect: 'Allow', Principal: { AWS: '*' }, Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:*' } } }), true, []],
    ['"*" with aws:PrincipalArn of any account\'s role named admin', doc({ Effect: 'Allow', Principal: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin' } } }), true, []],
    ['"*" with aws:PrincipalArn of one account\'s roles', doc({ Effect: 'Allow', Principal: '*', Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${OWN}:role/*` } } }), false, []],
    ['"*" with aws:SourceIp 0.0.0.0/0', doc({ Effect: 'Allow', Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }), true, []],
    ['"*" with aws:SourceIp of an office range', doc({ Effect: 'Allow', Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': ['198.51.100.0/24'] } } }), false, []],
    ['"*" with aws:PrincipalAccount "*"', doc({ Effect: 'Allow', Principal: '*', Condition: { StringLike: { 'aws:PrincipalAccount': '*' } } }), true, []],
    ['"*" with aws:PrincipalOrgID o-*', doc({ Effect: 'Allow', Principal: '*', Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } }), true, []],
    ['"*" with a negated org condition (StringNotEquals)', doc({ Effect: 'Allow', Principal: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }), true, []],
    ['"*" with an org condition IfExists', doc({ Effect: 'Allow', Principal: '*', Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }), true, []],
    ['"*" with Null aws:PrincipalOrgID false (any organization)', doc({ Effect: 'Allow', Principal: '*', Condition: { Null: { 'aws:PrincipalOrgID': 'false' } } }), true, []],
    ['"*" with aws:PrincipalIsAWSService false', doc({ Effect: 'Allow', Principal: '*', Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' } } }), true, []],
    ['"*" with aws:userid of one role\'s sessions', doc({ Effect: 'Allow', Principal: '*', Condition: { StringLike: { 'aws:userid': 'AROAEXAMPLEROLEID0001:*' } } }), false, []],
    ['"*" with an org path under one organization', doc({ Effect: 'Allow', Principal: '*', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/*' } } }), false, []],
    ['"*" with aws:SourceArn of any bucket', doc({ Effect: 'Allow', Principal: '*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } } }), true, []],
    ['"*" with aws:SourceArn of one bucket', doc({ Effect: 'Allow', Principal: '*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::my-logs' } } }), false, []],
    ['"*" with kms:CallerAccount of one account, through one service (key policy)', doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Condition: { StringEquals: { 'kms:CallerAccount': OWN, 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } } }), false, []],
    ['"*" with only kms:ViaService (any account, through that service)', doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Condition: { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } } }), true, []],
    ['"*" with kms:CallerAccount "*"', doc({ Effect: 'Allow', Principal: '*', Condition: { StringLike: { 'kms:CallerAccount': '*' } } }), true, []],
  ])('%s', (_name, document, everyone, foreign) => {
    // Act
    const audience = policyAudience(document, OWN);

    // Assess
    expect(audience).toEqual({ everyone, foreignAccounts: foreign });
  });
});

describe('policyAudience of a trust in a shared CI token issuer', () => {
  const GITHUB = `arn:aws:iam::${OWN}:oidc-provider/token.actions.githubusercontent.com`;
  const trust = (Condition?: Record<string, unknown>) =>
    doc({ Effect: 'Allow', Principal: { Federated: GITHUB }, Action: 'sts:AssumeRoleWithWebIdentity', ...(Condition ? { Condition } : {}) });

  test.each([
    ['only an aud condition', trust({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } })],
    ['no condition', trust()],
    ['a sub of any repository (repo:*)', trust({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' } })],
    ['a sub of any owner\'s repository named infra', trust({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*/infra:*' } })],
    ['a sub in a negated condition', trust({ StringNotLike: { 'token.actions.githubusercontent.com:sub': 'repo:evil/*' } })],
  ])('GitHub Actions with %s: any workflow may assume it', (_name, document) => {
    // Act
    const audience = policyAudience(document, OWN);

    // Assess
    expect(audience).toMatchObject({ everyone: true, everyoneVia: expect.stringContaining('any GitHub Actions workflow') });
  });

  test.each([
    ['one repository', trust({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main' } })],
    ['every repository of one owner', trust({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } })],
  ])('GitHub Actions narrowed to %s: nobody outside', (_name, document) => {
    // Act & Assess
    expect(policyAudience(document, OWN)).toEqual({ everyone: false, foreignAccounts: [] });
  });

  test('gitlab.com and Terraform Cloud are read the same way; a company\'s own OIDC provider is not graded', () => {
    // Prepare
    const gitlab = doc({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${OWN}:oidc-provider/gitlab.com` }, Condition: { StringEquals: { 'gitlab.com:aud': 'https://gitlab.com' } } });
    const terraform = doc({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${OWN}:oidc-provider/app.terraform.io` }, Condition: { StringLike: { 'app.terraform.io:sub': 'organization:acme:*' } } });
    const own = doc({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${OWN}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC` } });

    // Act & Assess
    expect(policyAudience(gitlab, OWN)).toMatchObject({ everyone: true, everyoneVia: expect.stringContaining('gitlab.com') });
    expect(policyAudience(terraform, OWN).everyone).toBe(false);
    expect(policyAudience(own, OWN).everyone).toBe(false);
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
