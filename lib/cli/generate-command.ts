import { writeFileSync } from 'node:fs';
import { renderDeployData, serializeDeployData } from '../deploy';
import { RULES } from '../../rules';
import { UsageError, parse } from './args';
import type { CliIo } from './output';

export const GENERATE_HELP = `Usage: trailguard generate --out FILE

Renders the deployment data serverless.yml reads (EventBridge patterns and states per rule, functions, IAM
permissions) from the rule and action declarations. \`npm run rules:generate\` writes rules/deploy.generated.json.`;

export const generateCommand = (args: string[], io: CliIo): number => {
  const { values } = parse(args, { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout(`${GENERATE_HELP}\n`);
    return 0;
  }
  if (!values.out) throw new UsageError('generate needs --out FILE');
  writeFileSync(values.out, serializeDeployData(renderDeployData(RULES)));
  io.stdout(`wrote ${values.out}\n`);
  return 0;
};
