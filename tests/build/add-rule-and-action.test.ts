import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

// The README's "Adding a rule" and "Adding a remediation action" sections, followed step by step in a temp copy of
// the checkout: a throwaway action (tag a security group) and a throwaway rule that requests it. If a step the
// conformance tests enforce is missing from the README, or the README names a file that is not where it says,
// this fails. It also shows the checks are not vacuous: before `rules:generate`, the stale deployment data fails.
const ROOT = join(__dirname, '..', '..');
const ACTION_ID = 'tag-quarantined-group';
const RULE_ID = 'ec2.throwaway-group-described';

let copy: string;

const write = (path: string, text: string): void => {
  mkdirSync(dirname(join(copy, path)), { recursive: true });
  writeFileSync(join(copy, path), text);
};
const edit = (path: string, change: (text: string) => string): void => {
  const before = readFileSync(join(copy, path), 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the README's step left ${path} unchanged: its anchor moved`);
  writeFileSync(join(copy, path), after);
};
const runJest = (...paths: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--silent', ...paths], {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
const npmRun = (script: string) => execFileSync('npm', ['run', '-s', script], { cwd: copy, encoding: 'utf8', stdio: 'pipe' });

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'trailguard-add-'));
  // The checkout without what installs and builds produce (a checkout without git history copies the tree).
  const skip = new Set(['node_modules', '.build', '.git', '.serverless', '.esbuild', '.cache', '.tmp', 'coverage', join('bench', '.data')]);
  cpSync(ROOT, copy, { recursive: true, filter: (source) => !skip.has(relative(ROOT, source)) });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
}, 60_000);
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('adding an action and a rule, as the README says', () => {
  test('the README has both sections, naming the files this test edits', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const rule = readme.slice(readme.indexOf('## Adding a rule'), readme.indexOf('## Adding a remediation action'));
    const action = readme.slice(readme.indexOf('## Adding a remediation action'), readme.indexOf('## The live path'));
    for (const file of ['rules/index.ts', 'rules/cases.ts', 'lib/rule.ts', 'lib/cloudtrail/patterns.ts', 'npm run rules:generate']) expect(rule).toContain(file);
    for (const file of ['lib/remediation/<id>/action.ts', 'lib/remediation/<id>/apply.ts', 'lib/remediation/index.ts', 'lib/functions.ts', 'lib/lambda/wiring/<function>.ts', 'tests/lambda/wiring.test.ts', 'tests/remediation/<id>/']) {
      expect(action).toContain(file);
    }
  });

  test('an action folder, one registry line, the function and its wiring: the conformance tests pass', () => {
    // Prepare: README "Adding a remediation action", steps 1 to 4.
    write(
      `lib/remediation/${ACTION_ID}/action.ts`,
      `import { REGION_NAME } from '../../cloudtrail/record';
import { SECURITY_GROUP_ID } from '../../ec2/ids';
import { defineAction } from '../action';
import { ParamsReader } from '../params-schema';

export interface TagQuarantinedGroupParams {
  readonly groupId: string;
  readonly region: string;
}

export const tagQuarantinedGroup = defineAction<TagQuarantinedGroupParams>({
  id: '${ACTION_ID}',
  description: 'Tag a security group for review',
  permissions: [{ action: 'ec2:CreateTags', resources: ['ec2:security-group'] }],
  parse(params) {
    const reader = new ParamsReader('${ACTION_ID}', params, ['groupId', 'region']);
    return { groupId: reader.string('groupId', SECURITY_GROUP_ID), region: reader.string('region', REGION_NAME) };
  },
  plan: (params) => ({ call: 'ec2:CreateTags', region: params.region, groupId: params.groupId }),
  undo: (params) => \`aws ec2 delete-tags --region \${params.region} --resources \${params.groupId} --tags Key=quarantine\`,
});
`,
    );
    write(
      `lib/remediation/${ACTION_ID}/apply.ts`,
      `import { CreateTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { withRetry } from '../../aws/retry';
import { failedResult, type ActionApplier, type Applier, type ErrorCodeTables } from '../applier';
import type { TagQuarantinedGroupParams } from './action';

const CODES: ErrorCodeTables = { alreadyCompliant: [], notApplicable: ['InvalidGroup.NotFound'], failureHints: {} };

const apply: Applier<TagQuarantinedGroupParams> = async (params, clients, options = {}) => {
  const detail = { call: 'ec2:CreateTags', region: params.region, groupId: params.groupId };
  try {
    const ec2 = clients.ec2(params.region);
    const { attempts } = await withRetry(() => ec2.send(new CreateTagsCommand({ Resources: [params.groupId], Tags: [{ Key: 'quarantine', Value: 'true' }] })), options.retry);
    return { outcome: 'applied', detail: { ...detail, attempts } };
  } catch (error) {
    return failedResult('${ACTION_ID}', detail, error, CODES.failureHints);
  }
};

export const tagQuarantinedGroupApplier: ActionApplier<TagQuarantinedGroupParams> = { id: '${ACTION_ID}', clients: { ec2: EC2Client }, codes: CODES, apply };
`,
    );
    edit('lib/remediation/index.ts', (text) =>
      text
        .replace(/^(import type \{ ActionDefinition \} from '.\/action';\n)/m, `$1import { tagQuarantinedGroup } from './${ACTION_ID}/action';\n`)
        .replace(/^(export const ACTIONS = \{\n)/m, `$1  '${ACTION_ID}': tagQuarantinedGroup,\n`),
    );
    edit('lib/functions.ts', (text) => text.replace("actions: ['revoke-ingress', 'restore-sg-rule']", `actions: ['revoke-ingress', 'restore-sg-rule', '${ACTION_ID}']`));
    edit('lib/lambda/wiring/security-group.ts', (text) =>
      text
        .replace(/^(import \{ remediatingWiring \})/m, `import { tagQuarantinedGroupApplier } from '../../remediation/${ACTION_ID}/apply';\n$1`)
        .replace('[revokeIngressApplier, restoreSgRuleApplier]', '[revokeIngressApplier, restoreSgRuleApplier, tagQuarantinedGroupApplier]'),
    );
    edit('tests/lambda/wiring.test.ts', (text) => text.replace("const CLIENTS_OF_ACTION = {\n", `const CLIENTS_OF_ACTION = {\n  '${ACTION_ID}': ['ec2'],\n`));

    // Act
    const run = runJest('tests/remediation/actions-registry.test.ts', 'tests/lambda/wiring.test.ts');

    // Assess
    expect({ status: run.status, output: run.status === 0 ? '' : run.stderr.slice(-3000) }).toEqual({ status: 0, output: '' });
    expect(run.stderr).toMatch(/^PASS tests\/remediation\/actions-registry\.test\.ts/m);
    expect(run.stderr).toMatch(/^PASS tests\/lambda\/wiring\.test\.ts/m);
  }, 180_000);

  test('a rule pair, two registry lines and rules:generate: the registry, cases and deployment-data tests pass', () => {
    // Prepare: README "Adding a rule", steps 1 to 5 (an existing category, so the sample history keeps its story).
    write(
      'rules/ec2/throwaway-group-described.rule.ts',
      `import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { describeActor, request } from '../../lib/cloudtrail/fields';
import { defineRule } from '../../lib/rule';

export default defineRule({
  id: '${RULE_ID}',
  title: 'Security group tagged by hand',
  description: 'A throwaway rule the README walk-through adds.',
  category: 'sg-change',
  severity: 'LOW',
  status: 'staged',
  pattern: apiCallPattern('ec2', ['CreateTags']),
  actions: ['${ACTION_ID}'],
  classify(record) {
    const resources = request(record, 'resourcesSet', 'items');
    const first: unknown = Array.isArray(resources) ? resources[0] : undefined;
    const groupId = typeof first === 'object' && first !== null ? (first as { resourceId?: unknown }).resourceId : undefined;
    if (typeof groupId !== 'string' || !groupId.startsWith('sg-')) return null;
    return {
      resources: [groupId],
      summary: \`\${describeActor(record)} tagged \${groupId}\`,
      remediation: { action: '${ACTION_ID}', params: { groupId, region: record.awsRegion } },
    };
  },
  references: { links: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTags.html'], mitre: ['T1578'] },
});
`,
    );
    write(
      'rules/ec2/throwaway-group-described.cases.ts',
      `import type { RuleCase } from '../../lib/rule';
import { ec2Call } from '../../tests/support/service-records';

const tags = (resourceId: string) => ({ resourcesSet: { items: [{ resourceId }] }, tagSet: { items: [{ key: 'owner', value: 'ops' }] } });

const cases: readonly RuleCase[] = [
  {
    name: 'a group tagged: tag it for review',
    record: ec2Call('CreateTags', tags('sg-0123456789abcdef0')),
    matches: true,
    findings: [{ severity: 'LOW', resources: ['sg-0123456789abcdef0'], action: '${ACTION_ID}', params: { groupId: 'sg-0123456789abcdef0', region: 'us-east-1' } }],
  },
  {
    name: 'an instance tagged: near miss',
    record: ec2Call('CreateTags', tags('i-0123456789abcdef0')),
    matches: true,
    findings: [],
  },
  {
    name: 'a failed call: not selected',
    record: ec2Call('CreateTags', tags('sg-0123456789abcdef0'), {}, { errorCode: 'Client.UnauthorizedOperation', errorMessage: 'You are not authorized to perform this operation.' }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
];
export default cases;
`,
    );
    edit('rules/index.ts', (text) =>
      text
        .replace(/^(import type \{ RuleDefinition \} from [^\n]+\n)/m, "$1import throwawayGroupDescribed from './ec2/throwaway-group-described.rule';\n")
        .replace(/(RULES: readonly RuleDefinition\[\] = \[\n)/, '$1  throwawayGroupDescribed,\n'),
    );
    edit('rules/cases.ts', (text) =>
      text
        .replace(/^(import type \{ RuleCase \} from [^\n]+\n)/m, "$1import throwawayGroupDescribed from './ec2/throwaway-group-described.cases';\n")
        .replace(/(RULE_CASES: [^\n]+ = \{\n)/, `$1  '${RULE_ID}': throwawayGroupDescribed,\n`),
    );
    // Before `rules:generate`, the deployment data is stale and says so.
    const stale = runJest('tests/rules/deploy-data.test.ts');
    expect(stale.status).not.toBe(0);

    // Act
    npmRun('rules:generate');
    const run = runJest('tests/rules', 'tests/remediation/actions-registry.test.ts');
    const listed = execFileSync(process.execPath, [join(copy, 'bin', 'trailguard.cjs'), 'rules'], { cwd: copy, encoding: 'utf8' });

    // Assess
    expect({ status: run.status, output: run.status === 0 ? '' : run.stderr.slice(-3000) }).toEqual({ status: 0, output: '' });
    expect(run.stderr).toMatch(/^PASS tests\/rules\/registry\.test\.ts/m);
    expect(run.stderr).toMatch(/^PASS tests\/rules\/rule-cases\.test\.ts/m);
    expect(listed).toContain(RULE_ID);
    const generated = JSON.parse(readFileSync(join(copy, 'rules', 'deploy.generated.json'), 'utf8')) as { cloudformation: unknown };
    expect(JSON.stringify(generated.cloudformation)).toContain('ec2:CreateTags');
  }, 300_000);
});
