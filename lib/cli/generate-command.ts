import { readFileSync, writeFileSync } from 'node:fs';
import { renderDetectionsTable, withDetectionsTable } from '../readme-detections-table';
import { renderDeployData, serializeDeployData } from '../deploy';
import type { RuleRegistry } from '../rule-registry';
import { UsageError, parse } from './args';
import type { CliIo } from './output';

export const GENERATE_HELP = `Usage: trailguard generate --out FILE [--readme FILE]

Renders the deployment data serverless.yml reads (EventBridge patterns and states per rule, functions, IAM
permissions) from the rule and action declarations, and with --readme rewrites the README's detections table.
\`npm run rules:generate\` writes rules/deploy.generated.json and README.md.`;

export const generateCommand = (args: string[], io: CliIo, registry: RuleRegistry): number => {
  const { values } = parse(args, { out: { type: 'string' }, readme: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout(`${GENERATE_HELP}\n`);
    return 0;
  }
  if (!values.out) throw new UsageError('generate needs --out FILE');
  writeFileSync(values.out, serializeDeployData(renderDeployData(registry.rules)));
  io.stdout(`wrote ${values.out}\n`);
  if (values.readme) {
    writeFileSync(values.readme, withDetectionsTable(readFileSync(values.readme, 'utf8'), renderDetectionsTable(registry.rules)));
    io.stdout(`wrote ${values.readme}\n`);
  }
  return 0;
};
