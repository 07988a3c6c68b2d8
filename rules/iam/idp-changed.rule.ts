import { awsServiceCaller, describeActor, fieldText, firstFieldText, request, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

const EVENTS: ReadonlySet<string> = new Set([
  'CreateSAMLProvider',
  'UpdateSAMLProvider',
  'CreateOpenIDConnectProvider',
  'UpdateOpenIDConnectProviderThumbprint',
  'AddClientIDToOpenIDConnectProvider',
]);

const VERBS: Readonly<Record<string, string>> = {
  CreateSAMLProvider: 'created SAML identity provider',
  UpdateSAMLProvider: 'changed the metadata or keys of SAML identity provider',
  CreateOpenIDConnectProvider: 'created OIDC identity provider',
  UpdateOpenIDConnectProviderThumbprint: 'replaced the certificate thumbprints of OIDC identity provider',
  AddClientIDToOpenIDConnectProvider: 'added a client id (audience) to OIDC identity provider',
};

/**
 * The provider as `saml-provider/<name>` or `oidc-provider/<host/path>`, from its ARN (request or response) or,
 * on a create without a response, from the name or URL it was created with. CloudTrail lower-cases only the
 * first letter of SAMLProviderArn and OpenIDConnectProviderArn; the plain camelCase spellings are accepted too.
 */
const providerOf = (record: CloudTrailRecord): string | undefined => {
  const arn = firstFieldText(
    request(record, 'sAMLProviderArn'),
    request(record, 'samlProviderArn'),
    request(record, 'openIDConnectProviderArn'),
    request(record, 'openIdConnectProviderArn'),
    response(record, 'sAMLProviderArn'),
    response(record, 'samlProviderArn'),
    response(record, 'openIDConnectProviderArn'),
    response(record, 'openIdConnectProviderArn'),
  );
  const named = arn === undefined ? undefined : /:((?:saml|oidc)-provider\/.+)$/.exec(arn)?.[1];
  if (named !== undefined) return named;
  if (record.eventName === 'CreateSAMLProvider') {
    const name = fieldText(request(record, 'name'), 128);
    return name && `saml-provider/${name}`;
  }
  const url = fieldText(request(record, 'url'), 255)?.replace(/^https:\/\//i, '');
  return url && `oidc-provider/${url}`;
};

/**
 * MITRE T1484.002 (trust modification): an IAM SAML or OIDC identity provider created, or its signing material or
 * audiences changed. Whoever controls the provider's keys can then sign in to every role that trusts it: a new
 * provider is a door an attacker brings with its own keys, and new metadata, thumbprints or client ids let another
 * IdP speak for a trusted one. Providers AWS services create with their own roles (IAM Identity Center's
 * `AWSSSO_…_DO_NOT_DELETE`) are theirs. Deleting a provider or removing a client id closes doors, and is left out.
 */
export default defineRule({
  id: 'iam.idp-changed',
  title: 'IAM SAML or OIDC identity provider created or changed',
  description: 'A federated identity provider decides who may sign in to the roles that trust it: a new or altered one lets its key holder in.',
  category: 'identity-provider-changed',
  severity: 'HIGH',
  status: 'active',
  // The calls by name, not a `*Provider*` wildcard that would be a few bytes shorter in the organization member
  // template: a wildcard cannot be looked up, so it was tested on every IAM event replay and the matcher see.
  pattern: apiCallPattern('iam', [...EVENTS]),
  classify: (record) => {
    if (record.eventSource !== 'iam.amazonaws.com' || !EVENTS.has(record.eventName) || !succeeded(record)) return null;
    if (awsServiceCaller(record) !== undefined) return null;
    const provider = providerOf(record);
    const listed = request(record, 'clientIDList');
    const clientIds = [request(record, 'clientID'), ...(Array.isArray(listed) ? (listed as unknown[]) : [])]
      .map((value) => fieldText(value, 255))
      .filter((value): value is string => value !== undefined);
    return {
      resources: [provider ?? '(unknown provider)'],
      summary: `${describeActor(record)} ${VERBS[record.eventName]} ${provider?.slice(provider.indexOf('/') + 1) ?? '(unknown)'}`,
      facts: {
        ...(clientIds.length > 0 ? { 'Client ids': [...new Set(clientIds)].slice(0, 10).join(', ') } : {}),
        ...viaService(record),
      },
    };
  },
  guidance:
    'Check the change against a change request. If not expected: delete the provider (aws iam delete-saml-provider, ' +
    'delete-open-id-connect-provider) or restore its metadata, thumbprints or client ids; find the roles whose trust ' +
    'policy names its ARN, and review AssumeRoleWithSAML / AssumeRoleWithWebIdentity calls on them since.',
  references: {
    mitre: ['T1484.002'],
    links: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers.html'],
  },
});
