// Stage params for serverless.yml, read as `${file(./lib/deploy-params.cjs):<name>}`. Every param goes through
// here so a bad value fails `sls package`/`sls deploy` with a message naming the param, instead of failing the
// functions' cold start after the deployment. Each param is checked on its own (an error shows only where that
// param is used), the structured ones with the same lib/config.ts parser the functions run at cold start.
// `stage` also checks what does not belong to one param: the stage name's length and that
// rules/deploy.generated.json is current.
//
// osls calls each exported function with { options, resolveVariable, resolveConfigurationProperty }, possibly
// several times and in several phases.
'use strict';

const { readFileSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const GENERATED = path.join(ROOT, 'rules', 'deploy.generated.json');

const MODES = ['dry-run', 'enforce'];
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];
// CloudWatch Logs PutRetentionPolicy values.
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
// E.164: a plus sign, a country code that does not start with 0, at most 15 digits in all.
const E164 = /^\+[1-9]\d{1,14}$/;
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
// Lambda caps the environment of a function at 4 KB in all; the other variables take well under 1 KB.
const EXCEPTIONS_MAX_BYTES = 3000;
// About ten declared flow logs; with the exceptions' share the environment stays under Lambda's 4 KB only if
// both are not at their maximum (Lambda refuses the deployment otherwise, naming the function).
const FLOW_LOGS_MAX_BYTES = 1500;
// The longest region name (role names `trailguard-<stage>-<region>-<function>` must fit IAM's limit in any region).
const LONGEST_REGION_LENGTH = 14;
// Stand-ins for values that exist only once deployed, so the cold-start parser can run now.
const PLACEHOLDER_ACCOUNT = '000000000000';
// `sls invoke local` runs a handler on this machine and can only resolve plain strings (a Ref needs a deployed
// stack, Fn::Join is refused): there, alerts go to the log and the loop guard knows only the ownPrincipals param's exact ARNs and ids.
const INVOKE_LOCAL = process.argv.slice(2, 4).join(' ') === 'invoke local';
let invokeLocalOverride;
const invokeLocal = () => invokeLocalOverride ?? INVOKE_LOCAL;
// `sls invoke local` runs the handler with this shell's AWS credentials: in an enforce stage it would revoke
// rules and restart trails in whatever account those credentials reach. Only this variable, set to 1, allows it.
const ALLOW_LOCAL_ENFORCE = 'TRAILGUARD_ALLOW_LOCAL_ENFORCE';
// Params serverless.yml may set besides those in params.default: none. Every param is declared there, with its
// default and a comment; a name found anywhere else is a typo that would otherwise be ignored silently.
const DEFAULT_BLOCK = 'default';

class ParamError extends Error {
  constructor(param, stage, reason) {
    super(`Invalid stage param "${param}" for stage "${stage}": ${reason}`);
    this.name = 'ParamError';
    this.param = param;
  }
}

const once = (fn) => {
  let value;
  return () => (value ??= fn());
};

/** A TypeScript entry file bundled and loaded on the fly (esbuild is a dev dependency, as serverless-esbuild needs it anyway). */
const loadTypeScript = (entry) => {
  const filename = path.join(ROOT, entry);
  const { outputFiles } = require('esbuild').buildSync({
    entryPoints: [filename],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const compiled = new Module(filename, module);
  compiled.filename = filename;
  compiled.paths = Module._nodeModulePaths(ROOT);
  compiled._compile(outputFiles[0].text, filename);
  return compiled.exports;
};

/** The config parser, the deployment renderer and the names (lib/deploy-params-entry.ts). */
const lib = once(() => loadTypeScript('lib/deploy-params-entry.ts'));

/** The rule registry (rules/index.ts). */
const rules = once(() => loadTypeScript('rules/index.ts').RULES);

/** What lib/deploy.ts renders from the rule registry now (`npm run rules:generate` writes the same text). */
const renderGenerated = once(() => {
  const { renderDeployData, serializeDeployData } = lib();
  return serializeDeployData(renderDeployData(rules()));
});

/** Deploying patterns or permissions that are not the rules' current ones would be silent drift: refuse it. */
const staleGeneratedMessage = (checkedIn, rendered) =>
  checkedIn === rendered
    ? undefined
    : 'rules/deploy.generated.json is not what the rules and actions render now: run `npm run rules:generate` (and commit it) before packaging';

const generated = once(() => JSON.parse(readFileSync(GENERATED, 'utf8')));

/** Edit distance (insertions, deletions, substitutions, adjacent transpositions): for did-you-mean hints. */
const distance = (a, b) => {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) rows[0][j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
};

/**
 * ` (did you mean "alertEmail"?)` when a known name is close enough to be the intended one: a few edits away, or
 * one of the two starting with the other (`production` for `prod`).
 */
const didYouMean = (name, known) => {
  const lower = name.toLowerCase();
  const [best] = known
    .map((candidate) => {
      const other = candidate.toLowerCase();
      const prefix = other.length >= 3 && lower.length >= 3 && (lower.startsWith(other) || other.startsWith(lower));
      return { candidate, d: prefix ? 1 : distance(name, candidate) };
    })
    .sort((x, y) => x.d - y.d || x.candidate.localeCompare(y.candidate));
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean "${best.candidate}"?)` : '';
};

/**
 * What serverless.yml declares: the stages (every key of `params` but `default`) and the params (the keys of
 * `params.default`). A stage must be declared, and every param set for any stage or with `--param` must be one
 * of those in `params.default`.
 */
const checkDeclared = ({ stage, declared, cliParams }) => {
  const blocks = declared && typeof declared === 'object' ? declared : {};
  const known = Object.keys(blocks[DEFAULT_BLOCK] || {});
  const stages = Object.keys(blocks).filter((name) => name !== DEFAULT_BLOCK);
  if (!stages.includes(stage)) {
    throw new ParamError('stage', stage, `is not declared in serverless.yml${didYouMean(stage, stages)}: declared stages are ${stages.join(', ')}. Add params.${stage} (with at least its mode: dry-run or enforce) to deploy it`);
  }
  for (const block of stages) {
    for (const name of Object.keys(blocks[block] || {})) {
      if (!known.includes(name)) throw new ParamError(name, stage, `is not a trailguard param (set in serverless.yml params.${block})${didYouMean(name, known)}; the params are ${known.join(', ')}`);
    }
  }
  for (const item of cliParams || []) {
    const name = String(item).split('=')[0].trim();
    if (!known.includes(name)) throw new ParamError(name, stage, `is not a trailguard param (given with --param)${didYouMean(name, known)}; the params are ${known.join(', ')}`);
  }
};

const text = (value) => (value === null || value === undefined ? '' : String(value).trim());

/** A list param may be a YAML list or, from `--param name=…`, a JSON array or a comma-separated string. */
const list = (param, stage, value, { json }) => {
  if (value === null || value === undefined || value === '') return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) {
      try {
        return JSON.parse(trimmed);
      } catch (error) {
        throw new ParamError(param, stage, `is not a JSON array: ${error.message}`);
      }
    }
    if (!json) return trimmed.split(',').map((item) => item.trim()).filter(Boolean);
  }
  throw new ParamError(param, stage, `must be a list${json ? ' (YAML list, or a JSON array with --param)' : ' or a comma-separated string'}`);
};

/** Runs the cold-start parser over a valid environment with one variable set from the param being checked. */
const checkWithConfigParser = (param, stage, variable, value, others = {}) => {
  const { loadConfig, ENV, SERVICE } = lib();
  try {
    loadConfig({
      [ENV.stage]: stage,
      [ENV.mode]: 'dry-run',
      [ENV.alertTopicArn]: `arn:aws:sns:us-east-1:${PLACEHOLDER_ACCOUNT}:${SERVICE}-${stage}-alerts`,
      // Other params' values the check depends on, by their config variable's name in lib/config.ts ENV.
      ...Object.fromEntries(Object.entries(others).map(([name, other]) => [ENV[name], other])),
      [ENV[variable]]: value,
    });
  } catch (error) {
    throw new ParamError(param, stage, error.message);
  }
};

/**
 * A YAML list param the functions read as JSON (its config variable has the param's name in lib/config.ts ENV):
 * at most `maxBytes` of Lambda's 4 KB environment, checked entry by entry by the cold-start parser.
 */
const jsonListParam = async (param, maxBytes, { stage, get }, others = {}) => {
  const value = JSON.stringify(list(param, stage, await get(param), { json: true }));
  if (Buffer.byteLength(value) > maxBytes) {
    throw new ParamError(param, stage, `is ${Buffer.byteLength(value)} bytes as JSON; Lambda environments hold 4 KB in all, keep it under ${maxBytes}`);
  }
  checkWithConfigParser(param, stage, param, value, others);
  return value;
};

/** An optional email address param: empty, or an address. */
const emailParam = async (param, { stage, get }) => {
  const email = text(await get(param));
  if (email !== '' && !EMAIL.test(email)) throw new ParamError(param, stage, `is not an email address (got ${JSON.stringify(email)})`);
  return email;
};

/** An optional phone number param: empty, or E.164 once spaces, dashes and parentheses are dropped. */
const phoneParam = async (param, { stage, get }) => {
  const number = text(await get(param)).replace(/[\s()-]/g, '');
  if (number !== '' && !E164.test(number)) {
    throw new ParamError(param, stage, `must be a phone number in E.164 form, such as +15555550123 (got ${JSON.stringify(number)})`);
  }
  return number;
};

/** A boolean param: `true`/`false` in YAML or with --param. */
const booleanParam = (param, stage, value) => {
  if (value === true || value === false) return value;
  const word = text(value).toLowerCase();
  if (word === 'true' || word === 'false') return word === 'true';
  throw new ParamError(param, stage, `must be true or false (got ${JSON.stringify(value)})`);
};

// A key ARN as IAM takes it: a key id (UUID) or a multi-Region key id (mrk-…), never an alias.
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
// S3 bucket naming rules (general purpose buckets).
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * The generated backtest part with the stage's values in its slots (lib/backtest-deploy.ts BACKTEST_SLOTS).
 * Workers per prefix: the concurrency param shared by the prefixes the outer map runs at once.
 */
const backtestPart = async (context) => {
  const { BACKTEST_SLOTS, BACKTEST_PREFIX_CONCURRENCY, BACKTEST_LOGICAL_IDS, DECRYPT_TRAIL_OBJECTS_SID } = lib();
  const values = {
    [BACKTEST_SLOTS.trailBucket]: await PARAMS.backtestTrailBucket(context),
    [BACKTEST_SLOTS.trailPrefix]: await PARAMS.backtestTrailPrefix(context),
    [BACKTEST_SLOTS.concurrency]: String(Math.max(1, Math.floor((await PARAMS.backtestConcurrency(context)) / BACKTEST_PREFIX_CONCURRENCY))),
    [BACKTEST_SLOTS.toleratedFailurePercent]: String(await PARAMS.backtestToleratedFailurePercent(context)),
    [BACKTEST_SLOTS.stage]: context.stage,
  };
  const keyArn = await PARAMS.backtestTrailKeyArn(context);
  const backtest = structuredClone(generated().backtest);
  if (keyArn === '') {
    // An SSE-S3 bucket: the worker gets no KMS permission at all.
    const policy = backtest.cloudformation.Resources[BACKTEST_LOGICAL_IDS.worker.role].Properties.Policies[0].PolicyDocument;
    policy.Statement = policy.Statement.filter((statement) => statement.Sid !== DECRYPT_TRAIL_OBJECTS_SID);
  } else {
    values[BACKTEST_SLOTS.trailKeyArn] = keyArn;
  }
  let json = JSON.stringify(backtest);
  for (const [slot, value] of Object.entries(values)) json = json.split(slot).join(value);
  return JSON.parse(json);
};

/** Each param's check and the value it gives serverless.yml; `get(name)` reads a `params:` value. */
const PARAMS = {
  stage: async ({ stage, declared, cliParams }) => {
    checkDeclared({ stage, declared: await declared(), cliParams });
    const stale = staleGeneratedMessage(readFileSync(GENERATED, 'utf8'), renderGenerated());
    if (stale) throw new Error(stale);
    const { ROLE_NAME_LIMIT, SERVICE } = lib();
    const longestFunction = Math.max(...Object.keys(generated().functions).map((name) => name.length));
    const maxStage = ROLE_NAME_LIMIT - `${SERVICE}---`.length - LONGEST_REGION_LENGTH - longestFunction;
    if (stage.length > maxStage) {
      throw new ParamError('stage', stage, `is longer than ${maxStage} characters: role names ${SERVICE}-<stage>-<region>-<function> must fit IAM's 64 in every region`);
    }
    return stage;
  },

  mode: async ({ stage, get }) => {
    const mode = text(await get('mode'));
    if (!MODES.includes(mode)) throw new ParamError('mode', stage, `must be ${MODES.join(' or ')} (got ${JSON.stringify(mode)})`);
    if (mode === 'enforce' && invokeLocal() && process.env[ALLOW_LOCAL_ENFORCE] !== '1') {
      throw new ParamError('mode', stage, `is enforce: \`sls invoke local\` would revert changes in whatever account this shell's AWS credentials reach. Invoke a dry-run stage, or set ${ALLOW_LOCAL_ENFORCE}=1 to run it anyway`);
    }
    return mode;
  },

  alertEmail: (context) => emailParam('alertEmail', context),

  alertSms: (context) => phoneParam('alertSms', context),

  /** Where alarms go by email: its own param, else the alert address (alarms must reach someone). */
  alarmEmail: async (context) => (await emailParam('alarmEmail', context)) || PARAMS.alertEmail(context),

  alarmSms: (context) => phoneParam('alarmSms', context),

  smsMinSeverity: async ({ stage, get }) => {
    const { severities } = generated();
    const severity = text(await get('smsMinSeverity')).toUpperCase();
    if (!severities.includes(severity)) throw new ParamError('smsMinSeverity', stage, `must be one of ${severities.join(', ')} (got ${JSON.stringify(severity)})`);
    return severity;
  },

  /** The SMS subscription's filter policy: smsMinSeverity and every more severe level. */
  smsSeverities: async (context) => {
    const { severities } = generated();
    return severities.slice(severities.indexOf(await PARAMS.smsMinSeverity(context)));
  },

  publicPorts: async ({ stage, get }) => {
    const ports = await get('publicPorts');
    const value = Array.isArray(ports) ? ports.join(',') : text(ports);
    checkWithConfigParser('publicPorts', stage, 'publicPorts', value);
    return value;
  },

  /** A YAML list of {id, match, reason, owner, expires}; the functions read it as JSON. */
  exceptions: (context) => jsonListParam('exceptions', EXCEPTIONS_MAX_BYTES, context),

  /**
   * The loop guard: every function role of this stage as `<RoleId>|<Arn>` (its unique id and exact ARN, from
   * CloudFormation: a role that only shares the name is someone else), plus the param's extra principals, each an
   * exact ARN or unique id (no globs). Under `sls invoke local` there is no stack to take ids from: only the extras.
   */
  ownPrincipals: async ({ stage, get }) => {
    const extra = list('ownPrincipals', stage, await get('ownPrincipals'), { json: false }).map(text);
    checkWithConfigParser('ownPrincipals', stage, 'ownPrincipals', extra.join(','));
    if (invokeLocal()) return extra.join(',');
    const roles = Object.values(generated().functions).map(({ roleLogicalId }) => ({
      'Fn::Join': ['|', [{ 'Fn::GetAtt': [roleLogicalId, 'RoleId'] }, { 'Fn::GetAtt': [roleLogicalId, 'Arn'] }]],
    }));
    return { 'Fn::Join': [',', [...roles, ...extra]] };
  },

  /**
   * Principals that deploy infrastructure as code (Terraform, CloudFormation service roles, CI): their routine
   * network and IAM changes drop to LOW. Exact role or user ARNs only, checked by the cold-start parser.
   */
  deploymentPrincipals: async ({ stage, get }) => {
    const value = list('deploymentPrincipals', stage, await get('deploymentPrincipals'), { json: false }).map(text).join(',');
    checkWithConfigParser('deploymentPrincipals', stage, 'deploymentPrincipals', value);
    return value;
  },

  alertDedupMinutes: async ({ stage, get }) => {
    const value = text(await get('alertDedupMinutes'));
    checkWithConfigParser('alertDedupMinutes', stage, 'alertDedupMinutes', value);
    return value;
  },

  /**
   * Opt-in: deactivate an access key one principal created for another IAM user (`true`/`false` in YAML or with
   * --param), passed to the functions as the text the cold-start parser checks.
   */
  deactivateAccessKeys: async ({ stage, get }) => {
    const value = await get('deactivateAccessKeys');
    const word = value === true || value === false ? String(value) : text(value).toLowerCase();
    checkWithConfigParser('deactivateAccessKeys', stage, 'deactivateAccessKeys', word);
    return word;
  },

  /**
   * The account's flow logs to recreate after a DeleteFlowLogs: a YAML list of {resourceId, destination (S3 or log
   * group ARN), trafficType, region, deliverLogsRoleArn (log groups only)}; the functions read it as JSON, checked
   * entry by entry by the cold-start parser, with the stage's topology (a central stage refuses log groups).
   */
  flowLogs: async (context) =>
    jsonListParam('flowLogs', FLOW_LOGS_MAX_BYTES, context, { topology: await PARAMS.topology(context), organizationId: await PARAMS.organizationId(context) }),

  /**
   * iam:PassRole on exactly the declared log groups' delivery roles, to vpc-flow-logs only, for the function that
   * recreates flow logs (lib/deploy.ts flowLogDeliveryResources); nothing when no flow log goes to a log group.
   */
  flowLogResources: async (context) => {
    const { deliveryRoleArns, flowLogDeliveryResources } = lib();
    return flowLogDeliveryResources(deliveryRoleArns(JSON.parse(await PARAMS.flowLogs(context))));
  },

  /** A boolean: `true`/`false` in YAML or with --param. */
  pointInTimeRecovery: async ({ stage, get }) => {
    const value = await get('pointInTimeRecovery');
    if (value === true || value === false) return value;
    const word = text(value).toLowerCase();
    if (word === 'true' || word === 'false') return word === 'true';
    throw new ParamError('pointInTimeRecovery', stage, `must be true or false (got ${JSON.stringify(value)})`);
  },

  // Distributed backtest (README "Backtest at organization scale"; lib/backtest-deploy.ts renders what it adds).
  backtest: async ({ stage, get }) => booleanParam('backtest', stage, await get('backtest')),

  /** The CloudTrail bucket the backtest reads: required with backtest: true (its roles are scoped to it). */
  backtestTrailBucket: async (context) => {
    const bucket = text(await context.get('backtestTrailBucket'));
    if (bucket === '' && !(await PARAMS.backtest(context))) return bucket;
    if (!S3_BUCKET.test(bucket) || bucket.includes('..')) {
      throw new ParamError('backtestTrailBucket', context.stage, `must be the name of the CloudTrail bucket the backtest reads (backtest is true; got ${JSON.stringify(bucket)})`);
    }
    return bucket;
  },

  /** The key prefix under which the backtest may read (AWSLogs/ by default): a folder, no wildcards. */
  backtestTrailPrefix: async ({ stage, get }) => {
    const prefix = text(await get('backtestTrailPrefix'));
    // S3's safe key characters only: the prefix goes into IAM ARNs and the state machine's JSON as it is.
    if (prefix !== '' && (!prefix.endsWith('/') || !/^[A-Za-z0-9!_.'()/-]+$/.test(prefix) || prefix.startsWith('/'))) {
      throw new ParamError('backtestTrailPrefix', stage, `must be empty or a folder such as AWSLogs/ or org-trail/AWSLogs/ (ending in /, letters, digits and !_.'()- only; got ${JSON.stringify(prefix)})`);
    }
    return prefix;
  },

  /**
   * The KMS key of a trail bucket encrypted with SSE-KMS (empty: SSE-S3): the worker may kms:Decrypt with it, through
   * S3 only. The key's policy must also let the worker role use it (it is in another account for an organization
   * trail's log archive).
   */
  backtestTrailKeyArn: async ({ stage, get }) => {
    const arn = text(await get('backtestTrailKeyArn'));
    if (arn !== '' && !KMS_KEY_ARN.test(arn)) {
      throw new ParamError('backtestTrailKeyArn', stage, `must be empty or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>; an alias does not work in IAM policies; got ${JSON.stringify(arn)})`);
    }
    return arn;
  },

  /** Worker invocations at once across the run (Lambda concurrency the backtest may take). */
  backtestConcurrency: async ({ stage, get }) => {
    const value = Number(text(await get('backtestConcurrency')));
    if (!Number.isInteger(value) || value < 1 || value > 10000) {
      throw new ParamError('backtestConcurrency', stage, 'must be a whole number of concurrent workers from 1 to 10000 (the Distributed Map limit)');
    }
    return value;
  },

  backtestToleratedFailurePercent: async ({ stage, get }) => {
    const value = Number(text(await get('backtestToleratedFailurePercent')));
    if (!Number.isFinite(value) || value < 0 || value > 100) {
      throw new ParamError('backtestToleratedFailurePercent', stage, 'must be a percentage from 0 to 100 (0: any failed batch fails the run)');
    }
    return value;
  },

  /** serverless.yml `functions:` entries the backtest adds; none without backtest: true. */
  backtestFunctions: async (context) => ((await PARAMS.backtest(context)) ? (await backtestPart(context)).functions : {}),

  /** CloudFormation the backtest adds; none without backtest: true. */
  backtestResources: async (context) => ((await PARAMS.backtest(context)) ? (await backtestPart(context)).cloudformation : {}),

  /**
   * The stage's state table; empty under `sls invoke local`, which cannot resolve a Ref: the function then runs
   * without idempotency and says so at cold start.
   */
  stateTable: async () => (invokeLocal() ? '' : { Ref: 'StateTable' }),
  /** The alert topic's key, which the responder-tampering rules protect; unknown under `sls invoke local`. */
  alertKeyArn: async () => (invokeLocal() ? '' : { 'Fn::GetAtt': ['AlertTopicKey', 'Arn'] }),

  /** The stage's alert topic; `log` under `sls invoke local`, where there is no topic to publish to. */
  alertTopicArn: async () => (invokeLocal() ? 'log' : { Ref: 'AlertTopic' }),

  // ---- Organization topology (issue 13) ----

  /** `single` (this account and region) or `central` (the security account's stage for the whole organization). */
  topology: async ({ stage, get }) => {
    const value = text(await get('topology'));
    try {
      return lib().parseTopology('topology', value);
    } catch (error) {
      throw new ParamError('topology', stage, error.message.replace(/^invalid configuration topology: /, ''));
    }
  },

  /** The organization (o-…) the central bus and member roles admit; required in central, refused in single. */
  organizationId: async (context) => {
    const topology = await PARAMS.topology(context);
    const value = text(await context.get('organizationId'));
    try {
      return lib().parseOrganizationId('organizationId', topology, value) ?? '';
    } catch (error) {
      throw new ParamError('organizationId', context.stage, error.message.replace(/^invalid configuration organizationId: /, ''));
    }
  },

  /** A YAML map of account id → name (alerts name the account); the functions read it as JSON. */
  accountNames: async ({ stage, get }) => {
    const raw = await get('accountNames');
    const value = raw === null || raw === undefined || raw === '' ? '{}' : typeof raw === 'string' ? raw.trim() : JSON.stringify(raw);
    checkWithConfigParser('accountNames', stage, 'accountNames', value);
    return JSON.stringify(JSON.parse(value) ?? {});
  },

  /** The bus the stage's rules listen on: `default`, or the organization bus in central. */
  eventBusName: async (context) => ((await PARAMS.topology(context)) === 'central' ? { Ref: 'CentralEventBus' } : 'default'),

  /**
   * The region in the functions' own resource ARNs: the stack's in single; any in central, where the security
   * account's own events of every region come through the bus and are remediated with the functions' own roles.
   */
  remediationRegion: async (context) => ((await PARAMS.topology(context)) === 'central' ? '*' : { Ref: 'AWS::Region' }),

  /** The central bus and its organization-only policy (lib/deploy-organization.ts); nothing in single. */
  centralResources: async (context) => {
    const organizationId = await PARAMS.organizationId(context);
    if (organizationId === '') return {};
    const remediating = Object.entries(generated().functions)
      .filter(([, deployed]) => deployed.permissions.length > 0)
      .map(([functionName, deployed]) => ({ functionName, roleLogicalId: deployed.roleLogicalId }));
    return lib().centralResources(context.stage, organizationId, remediating);
  },

  logLevel: async ({ stage, get }) => {
    const level = text(await get('logLevel')).toUpperCase();
    if (!LOG_LEVELS.includes(level)) throw new ParamError('logLevel', stage, `must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(level)})`);
    return level;
  },

  logRetentionDays: async ({ stage, get }) => {
    const days = Number(text(await get('logRetentionDays')));
    if (!LOG_RETENTION_DAYS.includes(days)) {
      throw new ParamError('logRetentionDays', stage, `must be one of ${LOG_RETENTION_DAYS.join(', ')} (CloudWatch Logs retention values)`);
    }
    return days;
  },
};

// One result per param, stage and `--param` list. A failure is not kept: before `param:` can be resolved, osls's
// resolveVariable throws MISSING_VARIABLE_DEPENDENCY, which means "ask again in a later phase".
const cache = new Map();
const resolver = (name) => async ({ options, resolveVariable, resolveConfigurationProperty }) => {
  const key = JSON.stringify([name, options && options.stage, options && options.param]);
  if (!cache.has(key)) {
    const pending = (async () => {
      const stage = String(await resolveVariable('sls:stage'));
      return PARAMS[name]({
        stage,
        get: (param) => resolveVariable(`param:${param}`),
        declared: () => resolveConfigurationProperty(['params']),
        cliParams: (options && options.param) || [],
      });
    })();
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return cache.get(key);
};

/**
 * The service's names for serverless.yml (lib/names.ts): `${file(./lib/deploy-params.cjs):names.metricsNamespace}`,
 * `names.metric.RuleErrors`…
 */
const names = {
  metricsNamespace: async () => lib().METRICS_NAMESPACE,
  metric: async () => lib().Metric,
};

/**
 * The organization member template of a central stage (lib/deploy-organization.ts), rendered from the same rule
 * registry as rules/deploy.generated.json; lib/build/member-template-plugin.cjs writes it when packaging.
 */
const memberTemplate = ({ stage, region, organizationId }) => {
  const { MEMBER_TEMPLATE_FILE, renderMemberTemplate } = lib();
  return { file: MEMBER_TEMPLATE_FILE, template: renderMemberTemplate(rules(), { stage, centralRegion: region, organizationId }) };
};

module.exports = {
  ...Object.fromEntries(Object.keys(PARAMS).map((name) => [name, resolver(name)])),
  names,
  memberTemplate,
  // For tests (not used by serverless.yml).
  testing: { ParamError, staleGeneratedMessage, renderGenerated, checkDeclared, setInvokeLocal: (value) => { invokeLocalOverride = value; } },
};
