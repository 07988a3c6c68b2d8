import { ENV, loadConfig } from '../../lib/config';
import { ConfigError } from '../../lib/errors';

// Config is parsed once at cold start; a bad value stops it with an error naming the variable (and the entry).
const valid = {
  [ENV.stage]: 'prod',
  [ENV.mode]: 'enforce',
  [ENV.alertTopicArn]: 'arn:aws:sns:us-east-1:123456789012:trailguard-prod-alerts',
};

const failure = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  test('defaults: public ports 80 and 443, SMS from HIGH, no exceptions, no own principals (nothing ignored by name)', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      stage: 'prod',
      mode: 'enforce',
      alertTopicArn: valid[ENV.alertTopicArn],
      publicPorts: [80, 443],
      smsMinSeverity: 'HIGH',
      alertDedupMinutes: 15,
    });
    expect(config.exceptions.size).toBe(0);
    expect(config.ownPrincipals.size).toBe(0);
    expect(config.remediationSettings).toEqual({ deactivateAccessKeys: false, flowLogs: [] });
  });

  test('flowLogs: declared S3 flow logs, traffic type ALL unless given', () => {
    const config = loadConfig({
      ...valid,
      [ENV.flowLogs]: JSON.stringify([
        { resourceId: 'vpc-0a1b2c3d4e5f67890', destination: 'arn:aws:s3:::flow-logs-bucket/vpc' },
        { resourceId: 'subnet-0a1b2c3d', destination: 'arn:aws:s3:::flow-logs-bucket', trafficType: 'REJECT', region: 'eu-west-1' },
      ]),
    });
    expect(config.remediationSettings.flowLogs).toEqual([
      { resourceId: 'vpc-0a1b2c3d4e5f67890', destination: 'arn:aws:s3:::flow-logs-bucket/vpc', trafficType: 'ALL' },
      { resourceId: 'subnet-0a1b2c3d', destination: 'arn:aws:s3:::flow-logs-bucket', trafficType: 'REJECT', region: 'eu-west-1' },
    ]);
  });

  test('flowLogs in a central stage: each entry names its account and region, kept for the rule to match events by', () => {
    const entries = [
      { resourceId: 'vpc-0a1b2c3d4e5f67890', destination: 'arn:aws:s3:::flow-logs-bucket/a', trafficType: 'ALL', region: 'us-east-1', account: '123456789012' },
      // The same VPC id and destination in another account is another flow log.
      { resourceId: 'vpc-0a1b2c3d4e5f67890', destination: 'arn:aws:s3:::flow-logs-bucket/a', trafficType: 'ALL', region: 'us-east-1', account: '210987654321' },
    ];
    const config = loadConfig({ ...valid, [ENV.topology]: 'central', [ENV.organizationId]: 'o-a1b2c3d4e5', [ENV.flowLogs]: JSON.stringify(entries) });
    expect(config.remediationSettings.flowLogs).toEqual(entries);
  });

  test('flowLogs: a log group destination with its delivery role, in the group\'s region, without the console\'s `:*`', () => {
    const config = loadConfig({
      ...valid,
      [ENV.flowLogs]: JSON.stringify([
        {
          resourceId: 'vpc-0a1b2c3d4e5f67890',
          destination: 'arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/flow-logs:*',
          deliverLogsRoleArn: 'arn:aws:iam::123456789012:role/service-role/flow-logs-delivery',
        },
      ]),
    });
    expect(config.remediationSettings.flowLogs).toEqual([
      {
        resourceId: 'vpc-0a1b2c3d4e5f67890',
        destination: 'arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/flow-logs',
        trafficType: 'ALL',
        region: 'eu-west-1',
        deliverLogsRoleArn: 'arn:aws:iam::123456789012:role/service-role/flow-logs-delivery',
      },
    ]);
  });

  test.each([['true', true], ['TRUE', true], ['false', false], ['', false]])('deactivateAccessKeys %j opts in: %s', (text, on) => {
    expect(loadConfig({ ...valid, [ENV.deactivateAccessKeys]: text }).remediationSettings.deactivateAccessKeys).toBe(on);
  });

  test('the alert topic may be `log`: sls invoke local writes alerts to the log instead of publishing', () => {
    expect(loadConfig({ ...valid, [ENV.alertTopicArn]: 'log' }).alertTopicArn).toBe('log');
  });

  test('every optional param parsed', () => {
    const config = loadConfig({
      ...valid,
      [ENV.publicPorts]: '80, 443,8443',
      [ENV.smsMinSeverity]: 'critical',
      [ENV.ownPrincipals]:
        'AROAEXAMPLERESPONDER1|arn:aws:iam::123456789012:role/trailguard-prod-us-east-1-alert, arn:aws:iam::123456789012:role/ops/BreakGlass AIDAEXAMPLECIUSER0001',
      [ENV.exceptions]: JSON.stringify([
        { id: 'bastion', match: { securityGroupId: 'sg-0123456789abcdef0', port: 22 }, reason: 'bastion host', owner: 'netops', expires: '2027-01-31' },
      ]),
    });
    expect(config.publicPorts).toEqual([80, 443, 8443]);
    expect(config.smsMinSeverity).toBe('CRITICAL');
    expect(config.ownPrincipals.entries).toEqual([
      { kind: 'role', id: 'AROAEXAMPLERESPONDER1', arn: 'arn:aws:iam::123456789012:role/trailguard-prod-us-east-1-alert' },
      { kind: 'arn', arn: 'arn:aws:iam::123456789012:role/ops/BreakGlass' },
      { kind: 'id', id: 'AIDAEXAMPLECIUSER0001' },
    ]);
    expect(config.exceptions.size).toBe(1);
  });

  test.each([
    [{ [ENV.mode]: '' }, ENV.mode, 'is not set'],
    [{ [ENV.mode]: 'enforcing' }, ENV.mode, 'must be dry-run or enforce'],
    [{ [ENV.alertTopicArn]: 'trailguard-alerts' }, ENV.alertTopicArn, 'is not an SNS topic ARN'],
    [{ [ENV.stage]: ' ' }, ENV.stage, 'is not set'],
    [{ [ENV.publicPorts]: '80,https' }, `${ENV.publicPorts}[1]`, 'is not a port number'],
    [{ [ENV.publicPorts]: '80,70000' }, `${ENV.publicPorts}[1]`, 'is not a port number'],
    [{ [ENV.smsMinSeverity]: 'URGENT' }, ENV.smsMinSeverity, 'must be one of'],
    [{ [ENV.ownPrincipals]: 'trailguard' }, `${ENV.ownPrincipals}[0]`, 'is neither an exact IAM/STS principal ARN nor an IAM unique id'],
    [{ [ENV.ownPrincipals]: 'AROAEXAMPLERESPONDER1,arn:aws:iam::*:role/trailguard-*' }, `${ENV.ownPrincipals}[1]`, 'is a glob'],
    [{ [ENV.ownPrincipals]: 'AROAEXAMPLERESPONDER1|arn:aws:iam::123456789012:user/bob' }, `${ENV.ownPrincipals}[0]`, 'is not an exact IAM role ARN'],
    [{ [ENV.exceptions]: '[{' }, ENV.exceptions, 'is not JSON'],
    [{ [ENV.alertDedupMinutes]: '15m' }, ENV.alertDedupMinutes, 'whole number of minutes'],
    [{ [ENV.alertDedupMinutes]: '2000' }, ENV.alertDedupMinutes, 'whole number of minutes'],
    [{ [ENV.exceptions]: '{}' }, ENV.exceptions, 'must be a JSON array'],
    [{ [ENV.deactivateAccessKeys]: 'yes' }, ENV.deactivateAccessKeys, 'must be true or false'],
    [{ [ENV.flowLogs]: '{}' }, ENV.flowLogs, 'must be a JSON array'],
    [{ [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:s3:::flow-logs-bucket"},{"resourceId":"igw-0a1b2c3d","destination":"arn:aws:s3:::flow-logs-bucket"}]' }, `${ENV.flowLogs}[1].resourceId`, 'must be a VPC, subnet or network interface id'],
    [{ [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:logs:us-east-1:123456789012:log-group:flow"}]' }, `${ENV.flowLogs}[0].deliverLogsRoleArn`, 'is required with a CloudWatch Logs destination'],
    [{ [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:logs:us-east-1:123456789012:flow"}]' }, `${ENV.flowLogs}[0].destination`, 'must be a CloudWatch Logs log group ARN'],
    [{ [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:logs:us-east-1:123456789012:log-group:flow","deliverLogsRoleArn":"arn:aws:iam::123456789012:role/*"}]' }, `${ENV.flowLogs}[0].deliverLogsRoleArn`, 'must be an exact IAM role ARN'],
    [{ [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:logs:us-east-1:123456789012:log-group:flow","deliverLogsRoleArn":"arn:aws:iam::123456789012:user/flow"}]' }, `${ENV.flowLogs}[0].deliverLogsRoleArn`, 'must be an exact IAM role ARN'],
    [{ [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:logs:us-east-1:123456789012:log-group:flow","deliverLogsRoleArn":"arn:aws:iam::210987654321:role/flow"}]' }, `${ENV.flowLogs}[0].deliverLogsRoleArn`, "the delivery role must be of the log group's account"],
    [{ [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:logs:us-east-1:123456789012:log-group:flow","deliverLogsRoleArn":"arn:aws:iam::123456789012:role/flow","region":"eu-west-1"}]' }, `${ENV.flowLogs}[0].region`, 'a flow log delivers to a log group of its own region'],
    [{ [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:s3:::flow-logs-bucket","deliverLogsRoleArn":"arn:aws:iam::123456789012:role/flow"}]' }, `${ENV.flowLogs}[0].deliverLogsRoleArn`, 'applies only to a CloudWatch Logs log group destination'],
    [{ [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:logs:us-east-1:123456789012:log-group:flow:*","deliverLogsRoleArn":"arn:aws:iam::123456789012:role/a"},{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:logs:us-east-1:123456789012:log-group:flow","deliverLogsRoleArn":"arn:aws:iam::123456789012:role/b"}]' }, `${ENV.flowLogs}[1]`, 'twice'],
    [{ [ENV.topology]: 'central', [ENV.organizationId]: 'o-a1b2c3d4e5', [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:logs:us-east-1:123456789012:log-group:flow","deliverLogsRoleArn":"arn:aws:iam::123456789012:role/flow"}]' }, `${ENV.flowLogs}[0].destination`, 'a central stage (topology central) recreates only S3 flow logs'],
    [{ [ENV.topology]: 'central', [ENV.organizationId]: 'o-a1b2c3d4e5', [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:s3:::flow-logs-bucket","region":"us-east-1","account":"123456789012"},{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:s3:::flow-logs-bucket","region":"us-east-1"}]' }, `${ENV.flowLogs}[1].account`, 'is required in a central stage (topology central)'],
    [{ [ENV.topology]: 'central', [ENV.organizationId]: 'o-a1b2c3d4e5', [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:s3:::flow-logs-bucket","account":"123456789012"}]' }, `${ENV.flowLogs}[0].region`, 'is required in a central stage (topology central)'],
    [{ [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:s3:::flow-logs-bucket","account":"12345"}]' }, `${ENV.flowLogs}[0].account`, 'must be a 12-digit AWS account id'],
    [{ [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:logs:us-east-1:123456789012:log-group:flow","deliverLogsRoleArn":"arn:aws:iam::123456789012:role/flow","account":"210987654321"}]' }, `${ENV.flowLogs}[0].account`, "a log group entry belongs to its group's account"],
    [{ [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:s3:::flow-logs-bucket","trafficType":"SOME"}]' }, `${ENV.flowLogs}[0].trafficType`, 'must be one of ACCEPT, REJECT, ALL'],
    [{ [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:s3:::flow-logs-bucket","logGroup":"x"}]' }, `${ENV.flowLogs}[0].logGroup`, 'is not a known field'],
    [{ [ENV.flowLogs]: '[{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:s3:::flow-logs-bucket"},{"resourceId":"vpc-0a1b2c3d","destination":"arn:aws:s3:::flow-logs-bucket"}]' }, `${ENV.flowLogs}[1]`, 'twice'],
  ])('%j stops the cold start naming %s', (override, param, reason) => {
    const error = failure({ ...valid, ...override });
    expect(error.param).toBe(param);
    expect(error.message).toContain(reason);
  });

  test.each([
    [{ match: { port: 22 }, owner: 'o', expires: '2027-01-01' }, '[0].reason', 'must be a non-empty string'],
    [{ match: { port: 22 }, reason: 'r', owner: 'o', expires: '31/01/2027' }, '[0].expires', 'must be a date'],
    [{ match: {}, reason: 'r', owner: 'o', expires: '2027-01-01' }, '[0].match', 'at least one of'],
    [{ match: { port: '22' }, reason: 'r', owner: 'o', expires: '2027-01-01' }, '[0].match.port', 'must be a port number'],
    [{ match: { sg: 'sg-1' }, reason: 'r', owner: 'o', expires: '2027-01-01' }, '[0].match.sg', 'is not a known condition'],
    [{ match: { securityGroupId: 'default' }, reason: 'r', owner: 'o', expires: '2027-01-01' }, '[0].match.securityGroupId', 'security group id'],
    [{ match: { category: 'sg-open' }, reason: 'r', owner: 'o', expires: '2027-01-01' }, '[0].match.category', 'category id'],
    [{ match: { port: 22 }, reason: 'r', owner: 'o', expires: '2027-01-01', until: 'x' }, '[0].until', 'is not a known field'],
  ])('a bad exception %j names its field %s', (entry, suffix, reason) => {
    const error = failure({ ...valid, [ENV.exceptions]: JSON.stringify([entry]) });
    expect(error.param).toBe(`${ENV.exceptions}${suffix}`);
    expect(error.message).toContain(reason);
  });

  test('exception ids must be unique', () => {
    const entry = { id: 'x', match: { port: 22 }, reason: 'r', owner: 'o', expires: '2027-01-01' };
    expect(failure({ ...valid, [ENV.exceptions]: JSON.stringify([entry, entry]) }).message).toContain('used twice');
  });
});
