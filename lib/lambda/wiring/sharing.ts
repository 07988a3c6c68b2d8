import { unshareDbSnapshotApplier } from '../../remediation/unshare-db-snapshot/apply';
import { unshareImageApplier } from '../../remediation/unshare-image/apply';
import { unshareSnapshotApplier } from '../../remediation/unshare-snapshot/apply';
import { remediatingWiring } from './remediating-wiring';

export const sharingWiring = remediatingWiring('sharing', [
  unshareImageApplier,
  unshareSnapshotApplier,
  unshareDbSnapshotApplier,
]);
