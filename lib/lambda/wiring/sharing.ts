import { unshareDbSnapshotApplier } from '../../remediation/unshare-db-snapshot/apply';
import { unshareImageApplier } from '../../remediation/unshare-image/apply';
import { unshareSnapshotApplier } from '../../remediation/unshare-snapshot/apply';
import { functionWiring } from './function-wiring';

export const sharingWiring = functionWiring('sharing', [
  unshareImageApplier,
  unshareSnapshotApplier,
  unshareDbSnapshotApplier,
]);
