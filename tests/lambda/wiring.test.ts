import { WIRING } from '../../lib/lambda/wiring';
import { RESPONDERS } from '../../lib/functions';
import { RESPONDER_IDS } from '../../lib/functions';

// Each function bundles only what its wiring names: it must name exactly the appliers of its responder's actions,
// and the SDK clients those appliers (and the alert publish, and the state table) call.
const CLIENTS_OF_ACTION = {
  'revoke-ingress': ['ec2'],
  'restore-sg-rule': ['ec2', 'config', 'cloudtrail'],
  'restart-logging': ['cloudtrail'],
  'enable-event-rule': ['eventbridge'],
  'restore-function-concurrency': ['lambda'],
  'delete-backdoor-role': ['iam'],
  'unshare-image': ['ec2'],
  'unshare-snapshot': ['ec2'],
  'unshare-db-snapshot': ['rds'],
  'remove-function-permission': ['lambda'],
  'cancel-key-deletion': ['kms', 'cloudtrail'],
  'restart-config-recorder': ['config'],
  'deactivate-access-key': ['iam'],
  'recreate-flow-logs': ['ec2'],
} as const;

describe.each(RESPONDER_IDS.map((id) => [id] as const))('%s function wiring', (id) => {
  const wiring = WIRING[id];

  test('is the wiring of its own responder', () => {
    expect(wiring.responder).toBe(id);
  });

  test('holds exactly the appliers of the responder\'s actions', () => {
    expect(Object.keys(wiring.appliers).sort()).toEqual([...RESPONDERS[id].actions].sort());
  });

  test('holds exactly the SDK clients those appliers and the alert need', () => {
    const needed = [...new Set(['sns', 'dynamodb', ...RESPONDERS[id].actions.flatMap((action) => CLIENTS_OF_ACTION[action])])].sort();
    expect(Object.keys(wiring.clients).sort()).toEqual(needed);
  });
});
