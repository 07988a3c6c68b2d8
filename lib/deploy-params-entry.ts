/*
 * Everything lib/deploy-params.cjs uses from the TypeScript sources, as one real entry it bundles with esbuild
 * (osls loads serverless.yml's `${file(…)}` resolvers as CommonJS, so it cannot import TypeScript itself). The
 * rule registry is the other entry it bundles: rules/index.ts, which lib/ never imports.
 */
export { ENV, loadConfig } from './config';
export { flowLogDeliveryResources, renderDeployData, ROLE_NAME_LIMIT, serializeDeployData } from './deploy';
export { deliveryRoleArns } from './ec2/flow-logs';
export { Metric, METRICS_NAMESPACE, SERVICE } from './names';
export { BACKTEST_LOGICAL_IDS, BACKTEST_PREFIX_CONCURRENCY, BACKTEST_SLOTS, DECRYPT_TRAIL_OBJECTS_SID } from './backtest-deploy';
// Organization topology (issue 13).
export { centralResources, MEMBER_TEMPLATE_FILE, renderMemberTemplate } from './deploy-organization';
export { parseAccountNames, parseOrganizationId, parseTopology } from './organization';
