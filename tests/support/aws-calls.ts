import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The IAM service prefix of each SDK client package the project imports. */
export const IAM_PREFIX: Readonly<Record<string, string>> = {
  cloudtrail: 'cloudtrail',
  'config-service': 'config',
  dynamodb: 'dynamodb',
  ec2: 'ec2',
  eventbridge: 'events',
  iam: 'iam',
  kms: 'kms',
  lambda: 'lambda',
  rds: 'rds',
  s3: 's3',
  sfn: 'states',
  sns: 'sns',
  sts: 'sts',
};

/**
 * The IAM actions of every SDK command the project code reached from `entry` constructs (its own and every
 * project module it imports, as esbuild would bundle them, comments left out), each with the file that sends it.
 * Calls the libraries make themselves (Powertools idempotency's table writes) are not seen: their grants are the
 * deployment's to hold.
 */
export const awsCallsReachedFrom = (entry: string): { action: string; file: string }[] => {
  const { metafile } = esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: [entry], bundle: true, platform: 'node', write: false, metafile: true, logLevel: 'silent', packages: 'external',
  });
  const sent: { action: string; file: string }[] = [];
  for (const file of Object.keys(metafile.inputs).filter((input) => input.startsWith('lib/'))) {
    const { code } = esbuild.transformSync(readFileSync(join(ROOT, file), 'utf8'), { loader: 'ts' });
    const clientOf = new Map<string, string>();
    for (const [, names, client] of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"@aws-sdk\/client-([a-z0-9-]+)"/g)) {
      for (const name of names!.split(',')) clientOf.set(name.trim().split(/\s+as\s+/)[0]!, client!);
    }
    for (const [, command] of code.matchAll(/new (\w+)Command\(/g)) {
      const client = clientOf.get(`${command}Command`);
      sent.push({ action: `${client === undefined ? '(not imported from an SDK client)' : (IAM_PREFIX[client] ?? `(no IAM prefix for client-${client})`)}:${command}`, file });
    }
  }
  return sent;
};
