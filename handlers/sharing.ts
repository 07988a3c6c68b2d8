import { createHandler } from '../lib/lambda/create-handler';
import { sharingWiring } from '../lib/lambda/wiring/sharing';
import { RULES } from '../rules';

/** AMIs and EBS or RDS snapshots shared outside the account: alerts, and takes back what the event shared. */
export const handler = createHandler(sharingWiring, RULES);
