import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { ENV, LOG_ALERTS, loadConfig, type ResponderConfig } from '../config';
import { ConfigError, TrailguardError } from '../errors';

/** serverless.yml cannot be read, or names no such stage, or a param replay needs is unusable. */
export class StageError extends TrailguardError {
  public override readonly name = 'StageError';
}

/** A stage's config as its functions would parse it, plus what only the deployment knows. */
export interface StageConfig {
  readonly config: ResponderConfig;
  /** An SMS subscription exists (alertSms set): SMS pages go out at smsMinSeverity and above. */
  readonly sms: boolean;
  readonly file: string;
}

/** The params the functions read, by the environment variable serverless.yml sets from each. */
const PARAM_OF_ENV: Readonly<Record<string, string>> = {
  [ENV.mode]: 'mode',
  [ENV.publicPorts]: 'publicPorts',
  [ENV.smsMinSeverity]: 'smsMinSeverity',
  [ENV.exceptions]: 'exceptions',
  [ENV.ownPrincipals]: 'ownPrincipals',
  [ENV.deploymentPrincipals]: 'deploymentPrincipals',
  [ENV.alertDedupMinutes]: 'alertDedupMinutes',
  // Organization topology: a central stage's loop guard also knows its member roles' sessions (lib/own-principals.ts).
  [ENV.topology]: 'topology',
  [ENV.organizationId]: 'organizationId',
  [ENV.deactivateAccessKeys]: 'deactivateAccessKeys',
  [ENV.flowLogs]: 'flowLogs',
};

type Yaml = { load(text: string, options: { filename: string; schema: unknown }): unknown };

/**
 * osls's own YAML reader (js-yaml with its CloudFormation tags), resolved from the service's directory first, so
 * the file is read exactly as `sls package` reads it.
 */
const oslsYaml = (serviceDir: string): { yaml: Yaml; schema: unknown } => {
  for (const anchor of [join(serviceDir, 'package.json'), __filename]) {
    try {
      const fromOsls = createRequire(createRequire(anchor).resolve('osls/package.json'));
      return {
        yaml: fromOsls('js-yaml') as Yaml,
        schema: fromOsls('./lib/utils/serverless-utils/cloudformation-schema'),
      };
    } catch {
      // try the next anchor
    }
  }
  throw new StageError('--stage needs osls (the deploy CLI, a dev dependency: npm ci) to read serverless.yml');
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A param as the functions get it: lists joined or as JSON, exactly as lib/deploy-params.cjs passes them. */
const envValue = (param: string, value: unknown): string | undefined => {
  if (value === null || value === undefined) return undefined;
  if (param === 'exceptions' || param === 'flowLogs') return typeof value === 'string' ? value : JSON.stringify(value);
  if (Array.isArray(value)) return value.map((item) => String(item).trim()).join(',');
  return String(value).trim();
};

/**
 * Reads `params.<stage>` over `params.default` (osls's resolution order, without `--param`) from serverless.yml
 * and parses them with the functions' own cold-start parser, so replay applies exactly what the stage's
 * functions would: mode, public ports, exceptions, own principals (loop guard), deployment principals, SMS
 * threshold, dedup window.
 */
export const loadStageConfig = (stage: string, file = 'serverless.yml'): StageConfig => {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new StageError(`--stage ${stage}: cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
  const { yaml, schema } = oslsYaml(dirname(path));
  let document: unknown;
  try {
    document = yaml.load(text, { filename: path, schema });
  } catch (cause) {
    throw new StageError(`--stage ${stage}: cannot parse ${file}: ${(cause as Error).message}`, { cause });
  }
  const params = isRecord(document) && isRecord(document.params) ? document.params : {};
  const declared = Object.keys(params).filter((name) => name !== 'default');
  if (!Object.hasOwn(params, stage) || stage === 'default') {
    throw new StageError(
      `unknown stage ${JSON.stringify(stage)}: ${file} declares ${declared.length > 0 ? declared.join(', ') : 'no stage'} under params`,
    );
  }
  const merged: Record<string, unknown> = {
    ...(isRecord(params.default) ? params.default : {}),
    ...(isRecord(params[stage]) ? params[stage] : {}),
  };

  const env: Record<string, string | undefined> = {
    [ENV.stage]: stage,
    [ENV.alertTopicArn]: LOG_ALERTS,
  };
  for (const [variable, param] of Object.entries(PARAM_OF_ENV)) {
    const value = envValue(param, merged[param]);
    if (value !== undefined && value.includes('${')) {
      throw new StageError(`params.${stage}.${param} in ${file} is ${JSON.stringify(value)}: replay cannot resolve serverless variables; give the value itself`);
    }
    env[variable] = value;
  }
  // The deployed loop guard also covers the stack's own function roles, by the unique ids CloudFormation gives
  // them at deployment: a history does not say which those are, so replay --stage knows only the param's entries.

  let config: ResponderConfig;
  try {
    config = loadConfig(env);
  } catch (cause) {
    if (!(cause instanceof ConfigError)) throw cause;
    const variable = cause.param.replace(/\[.*$/, '');
    const param = PARAM_OF_ENV[variable] ?? cause.param;
    const reason = cause.message.replace(/^invalid configuration \S+: /, '');
    throw new StageError(`invalid param ${param} of stage ${stage} in ${file} (${cause.param.replace(variable, param)}): ${reason}`, { cause });
  }
  return { config, sms: (envValue('alertSms', merged.alertSms) ?? '') !== '', file };
};
