import { BACKTEST_ENV, MAP_RESULTS_PREFIX } from './backtest/layout';
import { SERVICE } from './names';

/*
 * The distributed backtest's part of the stack (stage param `backtest: true`): a results bucket, the worker and
 * merge functions with their own roles, and the state machine with its role. Rendered into
 * rules/deploy.generated.json under `backtest` by lib/deploy.ts; lib/deploy-params.cjs hands it to serverless.yml
 * (`backtestFunctions`, `backtestResources`) only when the param is true, after putting the stage's values in the
 * BACKTEST_SLOTS below.
 *
 * The state machine, in Amazon States Language (JSONPath), as documented by AWS for Distributed Map:
 * - Outer `Prefixes`: a Map in DISTRIBUTED mode whose ItemReader reads a JSON array (Resource
 *   arn:aws:states:::s3:getObject, ReaderConfig.InputType JSON) the CLI wrote to the results bucket: the pruned
 *   AWSLogs/<account>/CloudTrail/<region>/[YYYY/[MM/[DD/]]] prefixes of the run. A list in S3, not in the
 *   execution input, because execution input is capped at 256 KiB. Its ItemSelector builds each child's input
 *   from $$.Map.Item.Value/Index and the state input. Its children are STANDARD executions (a Distributed Map
 *   can only run inside a STANDARD child workflow, never inside an EXPRESS one).
 * - Inner `Objects`: a Map in DISTRIBUTED mode whose ItemReader is Resource arn:aws:states:::s3:listObjectsV2 with
 *   Parameters Bucket and Prefix: every object under that prefix becomes an item {Key, Etag, LastModified, Size,
 *   StorageClass}. ItemBatcher groups items (MaxItemsPerBatch items, MaxInputBytesPerBatch bytes of item JSON, at
 *   most 256 KiB) and passes BatchInput beside them: the child gets {BatchInput, Items}. MaxConcurrency caps the
 *   child executions running at once (0 would mean 10,000, the Distributed Map limit);
 *   ToleratedFailurePercentage is the share of failed items (0-100) the map run survives. ResultWriter
 *   (Resource arn:aws:states:::s3:putObject, Parameters Bucket and Prefix) writes the map run's manifest.json and
 *   its SUCCEEDED_/FAILED_/PENDING_ result files to S3 under <Prefix>/<map run id>/, so child outputs never
 *   count against the 256 KiB state output. Its children are EXPRESS executions (billed by duration, at most
 *   five minutes each: the worker's timeout stays under that).
 * - `Merge`: a Lambda task (arn:aws:states:::lambda:invoke) given the execution's name and start time.
 */

/** Values only the stage knows, put in by lib/deploy-params.cjs (as text: some sit inside the definition JSON). */
export const BACKTEST_SLOTS = {
  trailBucket: '@@backtestTrailBucket@@',
  trailPrefix: '@@backtestTrailPrefix@@',
  trailKeyArn: '@@backtestTrailKeyArn@@',
  concurrency: '@@backtestConcurrency@@',
  toleratedFailurePercent: '@@backtestToleratedFailurePercent@@',
  stage: '@@stage@@',
} as const;

export const BACKTEST_LOGICAL_IDS = {
  resultsBucket: 'BacktestResultsBucket',
  resultsBucketPolicy: 'BacktestResultsBucketPolicy',
  stateMachine: 'BacktestStateMachine',
  stateMachineRole: 'BacktestStateMachineRole',
  worker: { function: 'BacktestWorkerLambdaFunction', logGroup: 'BacktestWorkerLogGroup', role: 'BacktestWorkerRole' },
  merge: { function: 'BacktestMergeLambdaFunction', logGroup: 'BacktestMergeLogGroup', role: 'BacktestMergeRole' },
} as const;

/**
 * Objects per batch. CloudTrail files are small (a few KB to a few MB gzip): 500 of the bench's average 14.8 KB is
 * about half a second of one core, a few MB files a minute, well within the worker's timeout. Fewer would pay
 * a Standard state transition (each child execution started) for less work; ListObjectsV2 items are about 250
 * bytes, so 500 (about 125 KB) fit well within BACKTEST_BATCH_BYTES.
 */
export const BACKTEST_BATCH_ITEMS = 500;
/**
 * Bytes of item JSON per batch: 200 KiB, not Step Functions' 256 KiB ceiling, so that BatchInput (run, index,
 * bucket and the spec with its rule ids and filters) and the {BatchInput, Items} wrapper still fit the child's
 * 256 KiB input should they count toward it.
 */
export const BACKTEST_BATCH_BYTES = 204_800;
/** Prefixes whose map runs go on at once; each runs up to backtestConcurrency / this many workers. */
export const BACKTEST_PREFIX_CONCURRENCY = 10;
/** A full vCPU: Lambda gives 1 vCPU at 1,769 MB, and the replay engine is CPU-bound and single-threaded. */
export const BACKTEST_WORKER_MEMORY_MB = 1769;
/** Under the five minutes an EXPRESS child execution may last. */
export const BACKTEST_WORKER_TIMEOUT_S = 240;
export const BACKTEST_MERGE_MEMORY_MB = 3008;
export const BACKTEST_MERGE_TIMEOUT_S = 900;

/** The state machine's name: the CLI finds it by this (ListStateMachines) in the stage's region. */
export const backtestStateMachineName = (stage: string): string => `${SERVICE}-${stage}-backtest`;

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
interface Resource {
  readonly Type: string;
  readonly Properties: { readonly [key: string]: Json };
}

const ref = (logicalId: string): Json => ({ Ref: logicalId });
const arnOf = (logicalId: string): Json => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
const join = (parts: readonly Json[]): Json => ({ 'Fn::Join': ['', parts] });
const PARTITION = ref('AWS::Partition');
const REGION = ref('AWS::Region');
const ACCOUNT = ref('AWS::AccountId');
const { trailBucket, trailPrefix, trailKeyArn, stage } = BACKTEST_SLOTS;

/**
 * The worker's statement for a trail bucket encrypted with SSE-KMS (CloudTrail's own option): kms:Decrypt on that
 * key only, and only through S3. lib/deploy-params.cjs removes it when the stage names no key.
 */
export const DECRYPT_TRAIL_OBJECTS_SID = 'DecryptTrailObjects';
const STATE_MACHINE_NAME = backtestStateMachineName(stage);

const trailObjects = join(['arn:', PARTITION, `:s3:::${trailBucket}/${trailPrefix}*`]);
const trailBucketArn = join(['arn:', PARTITION, `:s3:::${trailBucket}`]);
const resultsObjects = (pattern: string): Json => join([arnOf(BACKTEST_LOGICAL_IDS.resultsBucket), `/${pattern}`]);

const allow = (sid: string, actions: readonly string[], resource: Json, condition?: Json): Json => ({
  Sid: sid,
  Effect: 'Allow',
  Action: [...actions],
  Resource: resource,
  ...(condition === undefined ? {} : { Condition: condition }),
});

const role = (name: string, service: string, description: string, statements: readonly Json[]): Resource => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    RoleName: join([`${SERVICE}-${stage}-`, REGION, `-${name}`]),
    Description: description,
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: service },
          Action: 'sts:AssumeRole',
          // A state machine role: only this account's state machines may use it (confused deputy).
          ...(service === 'states.amazonaws.com' ? { Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } } : {}),
        },
      ],
    },
    Policies: [{ PolicyName: `${SERVICE}-${name}`, PolicyDocument: { Version: '2012-10-17', Statement: [...statements] } }],
  },
});

const writeOwnLogs = (logGroup: string): Json => allow('WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], arnOf(logGroup));

/** Lambda throttling and service hiccups are retried; a function error is the batch's failure. */
const LAMBDA_RETRY = [
  {
    ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  },
];

const WORKER_ARN = '@@workerArn@@';
const MERGE_ARN = '@@mergeArn@@';
const RESULTS_BUCKET = '@@resultsBucket@@';

/** The definition as an object, with tokens where CloudFormation values go (see definitionString). */
export const backtestDefinition = (): Record<string, unknown> => ({
  Comment: 'trailguard distributed backtest: the replay engine over CloudTrail objects in S3 (README "Backtest at organization scale")',
  StartAt: 'Prefixes',
  States: {
    Prefixes: {
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { Bucket: RESULTS_BUCKET, 'Key.$': '$.prefixesKey' },
      },
      ItemSelector: {
        'prefix.$': '$$.Map.Item.Value',
        'index.$': '$$.Map.Item.Index',
        'run.$': '$$.Execution.Name',
        'bucket.$': '$.bucket',
        'spec.$': '$.spec',
        // Not read by the children: it tells the CLI which prefix this stage's roles may read.
        trailPrefix,
      },
      MaxConcurrency: BACKTEST_PREFIX_CONCURRENCY,
      ToleratedFailurePercentage: BACKTEST_SLOTS.toleratedFailurePercent,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Objects',
        States: {
          Objects: {
            Type: 'Map',
            ItemReader: {
              Resource: 'arn:aws:states:::s3:listObjectsV2',
              Parameters: { Bucket: trailBucket, 'Prefix.$': '$.prefix' },
            },
            ItemBatcher: {
              MaxItemsPerBatch: BACKTEST_BATCH_ITEMS,
              MaxInputBytesPerBatch: BACKTEST_BATCH_BYTES,
              BatchInput: { 'run.$': '$.run', 'index.$': '$.index', 'bucket.$': '$.bucket', 'spec.$': '$.spec' },
            },
            MaxConcurrency: BACKTEST_SLOTS.concurrency,
            ToleratedFailurePercentage: BACKTEST_SLOTS.toleratedFailurePercent,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
              StartAt: 'Replay',
              States: {
                Replay: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Parameters: { FunctionName: WORKER_ARN, 'Payload.$': '$' },
                  OutputPath: '$.Payload',
                  Retry: LAMBDA_RETRY,
                  End: true,
                },
              },
            },
            ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: RESULTS_BUCKET, Prefix: MAP_RESULTS_PREFIX } },
            ResultPath: null,
            End: true,
          },
        },
      },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: RESULTS_BUCKET, Prefix: MAP_RESULTS_PREFIX } },
      ResultPath: null,
      Next: 'Merge',
    },
    Merge: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: MERGE_ARN, Payload: { 'run.$': '$$.Execution.Name', 'started.$': '$$.Execution.StartTime' } },
      OutputPath: '$.Payload',
      Retry: LAMBDA_RETRY,
      End: true,
    },
  },
});

/**
 * The definition as CloudFormation text: Fn::Join of the JSON around the function ARNs and the bucket name
 * (never Fn::Sub or DefinitionSubstitutions, whose `${…}` serverless would take for its own variables). The
 * numeric slots are quoted in the object and unquoted here, so the stage's numbers land as JSON numbers.
 */
const definitionString = (): Json => {
  let text = JSON.stringify(backtestDefinition());
  for (const slot of [BACKTEST_SLOTS.concurrency, BACKTEST_SLOTS.toleratedFailurePercent]) text = text.split(`"${slot}"`).join(slot);
  const values: Record<string, Json> = {
    [WORKER_ARN]: arnOf(BACKTEST_LOGICAL_IDS.worker.function),
    [MERGE_ARN]: arnOf(BACKTEST_LOGICAL_IDS.merge.function),
    [RESULTS_BUCKET]: ref(BACKTEST_LOGICAL_IDS.resultsBucket),
  };
  const parts: Json[] = [];
  for (const piece of text.split(/(@@(?:workerArn|mergeArn|resultsBucket)@@)/)) {
    if (piece !== '') parts.push(values[piece] ?? piece);
  }
  return join(parts);
};

export interface BacktestFunction {
  readonly handler: string;
  readonly description: string;
  readonly role: string;
  readonly memorySize: number;
  readonly timeout: number;
  /** Invoked synchronously by the state machine, which retries; no async retries apply. */
  readonly environment: { readonly [name: string]: Json };
}

export interface BacktestDeployData {
  readonly stateMachineName: string;
  /** serverless.yml `functions:` entries, by function name. */
  readonly functions: Readonly<Record<string, BacktestFunction>>;
  readonly cloudformation: { readonly Resources: Readonly<Record<string, Resource>>; readonly Outputs: { readonly [name: string]: Json } };
}

/**
 * Everything `backtest: true` adds. Least privilege: the worker reads CloudTrail objects under the trail prefix
 * and writes partials; the merge lists and reads partials and writes results; the state machine lists the trail
 * prefix (ItemReader), reads the prefix lists, writes map-run results, invokes the two functions and runs its own
 * child executions. None of them can do anything else.
 */
export const renderBacktest = (): BacktestDeployData => {
  const ids = BACKTEST_LOGICAL_IDS;
  const resultsBucketEnv = { [BACKTEST_ENV.resultsBucket]: ref(ids.resultsBucket) };
  const stateMachineArn = join(['arn:', PARTITION, ':states:', REGION, ':', ACCOUNT, `:stateMachine:${STATE_MACHINE_NAME}`]);
  const resources: Record<string, Resource> = {
    [ids.resultsBucket]: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        // Results name actors and addresses: they go after 30 days, and a stage without runs keeps nothing.
        LifecycleConfiguration: {
          Rules: [
            { Id: 'ExpireResults', Status: 'Enabled', ExpirationInDays: 30, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
          ],
        },
      },
    },
    [ids.resultsBucketPolicy]: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: ref(ids.resultsBucket),
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [arnOf(ids.resultsBucket), resultsObjects('*')],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
    [ids.worker.role]: role('backtestWorker', 'lambda.amazonaws.com', 'trailguard backtest worker: reads CloudTrail objects, writes partial results', [
      writeOwnLogs(ids.worker.logGroup),
      allow('ReadCloudTrailObjects', ['s3:GetObject'], trailObjects),
      // The bucket may sit in another region than the stack, so any region's S3 endpoint.
      allow(DECRYPT_TRAIL_OBJECTS_SID, ['kms:Decrypt'], trailKeyArn, { StringLike: { 'kms:ViaService': join(['s3.*.', ref('AWS::URLSuffix')]) } }),
      allow('WritePartials', ['s3:PutObject'], resultsObjects('runs/*/partials/*')),
    ]),
    [ids.merge.role]: role('backtestMerge', 'lambda.amazonaws.com', 'trailguard backtest merge: reads partial results, writes the merged results', [
      writeOwnLogs(ids.merge.logGroup),
      allow('ListRuns', ['s3:ListBucket'], arnOf(ids.resultsBucket), { StringLike: { 's3:prefix': 'runs/*' } }),
      allow('ReadPartials', ['s3:GetObject'], resultsObjects('runs/*/partials/*')),
      allow('WriteResults', ['s3:PutObject'], resultsObjects('runs/*/results.ndjson')),
    ]),
    [ids.stateMachineRole]: role('backtestStates', 'states.amazonaws.com', 'trailguard backtest state machine: lists the trail prefix, runs the worker and merge', [
      allow('InvokeBacktestFunctions', ['lambda:InvokeFunction'], [arnOf(ids.worker.function), arnOf(ids.merge.function)]),
      // Distributed Map runs its children as executions of this same state machine.
      allow('RunChildExecutions', ['states:StartExecution'], [stateMachineArn]),
      allow('ManageChildExecutions', ['states:DescribeExecution', 'states:StopExecution'], [
        join(['arn:', PARTITION, ':states:', REGION, ':', ACCOUNT, `:execution:${STATE_MACHINE_NAME}/*`]),
        join(['arn:', PARTITION, ':states:', REGION, ':', ACCOUNT, `:express:${STATE_MACHINE_NAME}/*`]),
      ]),
      allow('ListTrailPrefix', ['s3:ListBucket'], trailBucketArn, { StringLike: { 's3:prefix': `${trailPrefix}*` } }),
      allow('ReadPrefixLists', ['s3:GetObject'], resultsObjects('runs/*/prefixes.json')),
      allow('WriteMapResults', ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'], resultsObjects(`${MAP_RESULTS_PREFIX}/*`)),
    ]),
    [ids.stateMachine]: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        StateMachineName: STATE_MACHINE_NAME,
        StateMachineType: 'STANDARD',
        RoleArn: arnOf(ids.stateMachineRole),
        DefinitionString: definitionString(),
      },
    },
  };
  return {
    stateMachineName: STATE_MACHINE_NAME,
    functions: {
      backtestWorker: {
        handler: 'handlers/backtest-worker.handler',
        description: 'Distributed backtest: replays one batch of CloudTrail objects with the stage engine',
        role: ids.worker.role,
        memorySize: BACKTEST_WORKER_MEMORY_MB,
        timeout: BACKTEST_WORKER_TIMEOUT_S,
        environment: resultsBucketEnv,
      },
      backtestMerge: {
        handler: 'handlers/backtest-merge.handler',
        description: 'Distributed backtest: merges the batches into one results.ndjson',
        role: ids.merge.role,
        memorySize: BACKTEST_MERGE_MEMORY_MB,
        timeout: BACKTEST_MERGE_TIMEOUT_S,
        environment: resultsBucketEnv,
      },
    },
    cloudformation: {
      Resources: resources,
      Outputs: {
        BacktestStateMachineArn: { Description: 'Distributed backtest (trailguard replay s3://… --distributed)', Value: ref(ids.stateMachine) },
        BacktestResultsBucket: { Description: 'Distributed backtest results (runs/<execution>/results.ndjson)', Value: ref(ids.resultsBucket) },
      },
    },
  };
};
