// The backtest params, checked at package time by lib/deploy-params.cjs: each error names the param and the stage.
type Context = { options: { stage: string; param: string[] }; resolveVariable: (v: string) => Promise<unknown>; resolveConfigurationProperty: () => Promise<unknown> };
const resolver = require('../../lib/deploy-params.cjs') as Record<string, (context: Context) => Promise<unknown>>;

const DEFAULTS: Record<string, unknown> = { backtest: false, backtestTrailBucket: '', backtestTrailPrefix: 'AWSLogs/', backtestTrailKeyArn: '', backtestConcurrency: 100, backtestToleratedFailurePercent: 0 };

let call = 0;
const resolveParam = (name: string, params: Record<string, unknown>) => {
  const values = { ...DEFAULTS, ...params };
  // The resolver caches per stage and --param list: a distinct list per call.
  return resolver[name]!({
    options: { stage: 'dev', param: [`case=${call++}`] },
    resolveVariable: async (variable) => (variable === 'sls:stage' ? 'dev' : values[variable.replace(/^param:/, '')]),
    resolveConfigurationProperty: async () => ({ default: DEFAULTS, dev: {} }),
  });
};

describe('backtest params', () => {
  test('off by default: no functions, no resources, and the trail bucket may stay empty', async () => {
    await expect(resolveParam('backtestFunctions', {})).resolves.toEqual({});
    await expect(resolveParam('backtestResources', {})).resolves.toEqual({});
    await expect(resolveParam('backtestTrailBucket', {})).resolves.toBe('');
  });

  test('on: the trail bucket is required, named in the error', async () => {
    await expect(resolveParam('backtestResources', { backtest: 'true' })).rejects.toThrow(
      'Invalid stage param "backtestTrailBucket" for stage "dev": must be the name of the CloudTrail bucket the backtest reads (backtest is true; got "")',
    );
    await expect(resolveParam('backtestTrailBucket', { backtest: true, backtestTrailBucket: 'Bad_Bucket' })).rejects.toThrow(/"backtestTrailBucket".*got "Bad_Bucket"/);
  });

  test('backtest must be a boolean', async () => {
    await expect(resolveParam('backtest', { backtest: 'yes' })).rejects.toThrow('Invalid stage param "backtest" for stage "dev": must be true or false (got "yes")');
  });

  test('the prefix is a folder with safe characters (it goes into ARNs and the definition as is)', async () => {
    await expect(resolveParam('backtestTrailPrefix', { backtestTrailPrefix: 'org/AWSLogs/' })).resolves.toBe('org/AWSLogs/');
    for (const bad of ['AWSLogs', 'AWSLogs/*/', 'a"b/', '/AWSLogs/']) {
      await expect(resolveParam('backtestTrailPrefix', { backtestTrailPrefix: bad })).rejects.toThrow(/"backtestTrailPrefix" for stage "dev": must be empty or a folder/);
    }
  });

  test('concurrency and tolerated failures are bounded numbers', async () => {
    await expect(resolveParam('backtestConcurrency', { backtestConcurrency: 0 })).rejects.toThrow(/"backtestConcurrency".*from 1 to 10000/);
    await expect(resolveParam('backtestConcurrency', { backtestConcurrency: '2.5' })).rejects.toThrow(/"backtestConcurrency"/);
    await expect(resolveParam('backtestToleratedFailurePercent', { backtestToleratedFailurePercent: 101 })).rejects.toThrow(/"backtestToleratedFailurePercent".*0 to 100/);
  });

  test('on: the stage values land in the resources and the definition (bucket, prefix, concurrency per prefix)', async () => {
    const part = (await resolveParam('backtestResources', { backtest: true, backtestTrailBucket: 'acme-trail', backtestTrailPrefix: 'org/AWSLogs/', backtestConcurrency: 35, backtestToleratedFailurePercent: 5 })) as {
      Resources: Record<string, { Properties: Record<string, unknown> }>;
    };
    const text = JSON.stringify(part);
    expect(text).not.toContain('@@');
    const definition = JSON.stringify(part.Resources.BacktestStateMachine!.Properties.DefinitionString);
    expect(definition).toContain('\\"Bucket\\":\\"acme-trail\\"');
    expect(definition).toContain('\\"MaxConcurrency\\":3,');
    expect(definition).toContain('\\"ToleratedFailurePercentage\\":5,');
    expect(text).toContain(':s3:::acme-trail/org/AWSLogs/*');
    expect(part.Resources.BacktestStateMachine!.Properties.StateMachineName).toBe('trailguard-dev-backtest');
  });

  describe('a trail bucket encrypted with SSE-KMS (backtestTrailKeyArn)', () => {
    const KEY = 'arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const workerStatements = async (params: Record<string, unknown>) => {
      const part = (await resolveParam('backtestResources', { backtest: true, backtestTrailBucket: 'acme-trail', ...params })) as {
        Resources: Record<string, { Properties: { Policies: { PolicyDocument: { Statement: { Sid: string; Action: string[]; Resource: unknown; Condition?: unknown }[] } }[] } }>;
      };
      return part.Resources.BacktestWorkerRole!.Properties.Policies[0]!.PolicyDocument.Statement;
    };

    test('named: the worker may kms:Decrypt with exactly that key, through S3 only', async () => {
      const decrypt = (await workerStatements({ backtestTrailKeyArn: KEY })).find((s) => s.Sid === 'DecryptTrailObjects');
      expect(decrypt).toEqual({
        Sid: 'DecryptTrailObjects',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: KEY,
        Condition: { StringLike: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.*.', { Ref: 'AWS::URLSuffix' }]] } } },
      });
    });

    test('empty (SSE-S3, the default): no KMS permission at all, and no slot left behind', async () => {
      const statements = await workerStatements({});
      expect(statements.map((s) => s.Sid)).not.toContain('DecryptTrailObjects');
      expect(JSON.stringify(statements)).not.toMatch(/kms:|@@/);
    });

    test.each(['alias/cloudtrail', 'arn:aws:kms:us-east-1:444455556666:alias/cloudtrail', '1234abcd-12ab-34cd-56ef-1234567890ab', 'arn:aws:kms:us-east-1:4444:key/x'])(
      '%s is refused, naming the param',
      async (value) => {
        await expect(resolveParam('backtestTrailKeyArn', { backtestTrailKeyArn: value })).rejects.toThrow(/"backtestTrailKeyArn" for stage "dev": must be empty or a KMS key ARN/);
      },
    );

    test('a multi-Region key ARN is taken', async () => {
      const mrk = 'arn:aws:kms:eu-west-1:444455556666:key/mrk-1234abcd12ab34cd56ef1234567890ab';
      await expect(resolveParam('backtestTrailKeyArn', { backtestTrailKeyArn: mrk })).resolves.toBe(mrk);
    });
  });
});
