import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { serviceCall } from '../../tests/support/service-records';

const ANCHOR_ID = '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const ANCHOR_ARN = `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:trust-anchor/${ANCHOR_ID}`;
const created = (sourceType: string) => ({ trustAnchor: { trustAnchorId: ANCHOR_ID, trustAnchorArn: ANCHOR_ARN, name: 'ops-ca', enabled: true, source: { sourceType } } });

export default [
  {
    name: 'trust anchor on an outside CA certificate bundle (Stratus rolesanywhere-create-trust-anchor)',
    record: serviceCall('rolesanywhere.amazonaws.com', 'CreateTrustAnchor', { name: 'ops-ca', enabled: true, source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: '-----BEGIN CERTIFICATE-----…' } } }, created('CERTIFICATE_BUNDLE')),
    matches: true,
    findings: [{ category: 'rolesanywhere-trust-anchor', severity: 'HIGH', resources: [ANCHOR_ARN], action: 'none' }],
  },
  {
    name: 'trust anchor on the account\'s AWS Private CA (MEDIUM)',
    record: serviceCall('rolesanywhere.amazonaws.com', 'CreateTrustAnchor', { name: 'ops-ca', source: { sourceType: 'AWS_ACM_PCA', sourceData: { acmPcaArn: `arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/11111111-2222-3333-4444-555555555555` } } }, created('AWS_ACM_PCA')),
    matches: true,
    findings: [{ severity: 'MEDIUM' }],
  },
  {
    name: 'near miss: trust anchor creation refused',
    record: serviceCall('rolesanywhere.amazonaws.com', 'CreateTrustAnchor', { name: 'ops-ca', source: { sourceType: 'CERTIFICATE_BUNDLE' } }, null, { errorCode: 'ValidationException', errorMessage: 'Invalid certificate bundle' }),
    matches: false,
  },
  {
    name: 'near miss: trust anchor disabled',
    record: serviceCall('rolesanywhere.amazonaws.com', 'DisableTrustAnchor', { trustAnchorId: ANCHOR_ID }),
    matches: false,
  },
] satisfies readonly RuleCase[];
