import { DescribeDBSnapshotAttributesCommand, ModifyDBSnapshotAttributeCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { unshareDbSnapshotApplier } from '../../../lib/remediation/unshare-db-snapshot/apply';
import { instantRetry } from '../support';
import { dbParams, FOREIGN, rdsError, restoreAttribute } from './world';

const rds = mockClient(RDSClient);

beforeEach(() => rds.reset());

describe('unshare-db-snapshot failed', () => {
  test('ModifyDBSnapshotAttribute denied: failed at once, with the AWS error as cause, saying the snapshot is still shared', async () => {
    // Prepare
    const denied = rdsError('AccessDenied', 403);
    rds.on(DescribeDBSnapshotAttributesCommand).resolves(restoreAttribute([FOREIGN]));
    rds.on(ModifyDBSnapshotAttributeCommand).rejects(denied);
    const options = instantRetry();

    // Act
    const result = await unshareDbSnapshotApplier.apply(dbParams, createAwsClients(), options);

    // Assess
    expect(rds).toHaveReceivedCommandTimes(ModifyDBSnapshotAttributeCommand, 1);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(denied);
    expect(result.error?.message).toMatch(/AccessDenied: .*still shared/);
  });
});
