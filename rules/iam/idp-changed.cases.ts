import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { cisIdentities, globalCall } from '../../tests/support/service-records';

const SAML_METADATA = '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.net/saml">…</md:EntityDescriptor>';
const OIDC_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/login.example.net`;
const mallory = { userIdentity: identities.assumedRole('DevRole', 'mallory') };
const iam = (eventName: string, requestParameters: Record<string, unknown>, responseElements: Record<string, unknown> | null = null, overrides: Parameters<typeof globalCall>[4] = mallory) =>
  globalCall('iam.amazonaws.com', eventName, requestParameters, responseElements, overrides);

export default [
  {
    name: 'SAML provider created: its key holder can sign in to every role that trusts it',
    record: iam('CreateSAMLProvider', { sAMLMetadataDocument: SAML_METADATA, name: 'evil-idp' }, { sAMLProviderArn: `arn:aws:iam::${ACCOUNT}:saml-provider/evil-idp` }),
    matches: true,
    findings: [{ category: 'identity-provider-changed', severity: 'HIGH', resources: ['saml-provider/evil-idp'], action: 'none' }],
  },
  {
    name: 'SAML provider created, no response recorded: named from the request',
    record: iam('CreateSAMLProvider', { sAMLMetadataDocument: SAML_METADATA, name: 'evil-idp' }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['saml-provider/evil-idp'] }],
  },
  {
    name: 'a trusted SAML provider\'s metadata replaced (another IdP speaks for it)',
    record: iam('UpdateSAMLProvider', { sAMLMetadataDocument: SAML_METADATA, sAMLProviderArn: `arn:aws:iam::${ACCOUNT}:saml-provider/okta` }, { sAMLProviderArn: `arn:aws:iam::${ACCOUNT}:saml-provider/okta` }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['saml-provider/okta'] }],
  },
  {
    name: 'OIDC provider created for an attacker\'s issuer',
    record: iam(
      'CreateOpenIDConnectProvider',
      { url: 'https://login.example.net', clientIDList: ['sts.amazonaws.com'], thumbprintList: ['9999999999999999999999999999999999999999'] },
      { openIDConnectProviderArn: OIDC_ARN },
    ),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['oidc-provider/login.example.net'] }],
  },
  {
    name: 'OIDC provider created, no response recorded: named from its URL',
    record: iam('CreateOpenIDConnectProvider', { url: 'https://login.example.net/tenant-7', clientIDList: ['sts.amazonaws.com'] }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['oidc-provider/login.example.net/tenant-7'] }],
  },
  {
    name: 'an OIDC provider\'s thumbprints replaced (another certificate accepted for its issuer)',
    record: iam('UpdateOpenIDConnectProviderThumbprint', { openIDConnectProviderArn: OIDC_ARN, thumbprintList: ['9999999999999999999999999999999999999999'] }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['oidc-provider/login.example.net'] }],
  },
  {
    name: 'a client id added to an OIDC provider (tokens for another audience accepted)',
    record: iam('AddClientIDToOpenIDConnectProvider', { openIDConnectProviderArn: OIDC_ARN, clientID: 'attacker-app' }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['oidc-provider/login.example.net'] }],
  },
  {
    name: 'near miss: IAM Identity Center creates its own SAML provider with its service-linked role',
    record: iam('CreateSAMLProvider', { sAMLMetadataDocument: SAML_METADATA, name: 'AWSSSO_0a1b2c3d4e5f6a7b_DO_NOT_DELETE' }, { sAMLProviderArn: `arn:aws:iam::${ACCOUNT}:saml-provider/AWSSSO_0a1b2c3d4e5f6a7b_DO_NOT_DELETE` }, {
      userIdentity: cisIdentities.serviceLinkedRole('sso.amazonaws.com', 'AWSServiceRoleForSSO'),
      sourceIPAddress: 'sso.amazonaws.com',
      userAgent: 'sso.amazonaws.com',
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: tags put on a SAML provider',
    record: iam('TagSAMLProvider', { sAMLProviderArn: `arn:aws:iam::${ACCOUNT}:saml-provider/okta`, tags: [{ key: 'owner', value: 'it' }] }),
    matches: false,
  },
  {
    name: 'near miss: SAML provider creation refused (already exists)',
    record: iam('CreateSAMLProvider', { sAMLMetadataDocument: SAML_METADATA, name: 'okta' }, null, {
      ...mallory,
      errorCode: 'EntityAlreadyExistsException',
      errorMessage: 'SAMLProvider okta already exists.',
    }),
    matches: false,
  },
  {
    name: 'near miss: a client id removed from an OIDC provider (closes a door)',
    record: iam('RemoveClientIDFromOpenIDConnectProvider', { openIDConnectProviderArn: OIDC_ARN, clientID: 'old-app' }),
    matches: false,
  },
  {
    name: 'near miss: OIDC provider deleted',
    record: iam('DeleteOpenIDConnectProvider', { openIDConnectProviderArn: OIDC_ARN }),
    matches: false,
  },
] satisfies readonly RuleCase[];
