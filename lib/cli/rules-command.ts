import { Engine } from '../engine';
import { historyFiles, missingPaths } from '../history/files';
import { replay } from '../replay';
import type { RuleDefinition } from '../rule';
import type { RuleRegistry } from '../rule-registry';
import { UsageError, oneOf, parse } from './args';
import { LineWriter, columns, type CliIo } from './output';

export const RULES_HELP = `Usage: trailguard rules [--format table|json]
       trailguard rules --stats <history>... [--format table|json]

Lists the rule catalogue: id, category, severity, status, CIS control, MITRE technique, remediation and the
EventBridge pattern each rule deploys. With --stats, replays the history and shows per rule how many events its
pattern selected (each one a Lambda invocation), how many findings its classifier produced, and the ratio.`;

const catalogueEntry = (rule: RuleDefinition) => ({
  id: rule.id,
  title: rule.title,
  category: rule.category,
  severity: rule.severity,
  status: rule.status,
  cis: rule.references.cis ?? [],
  securityHub: rule.references.securityHub ?? [],
  mitre: rule.references.mitre ?? [],
  stratus: rule.references.stratus ?? [],
  remediation: rule.actions ?? [],
  allManagementEvents: rule.allManagementEvents === true,
  pattern: rule.pattern,
});

interface RuleStats {
  selected: number;
  findings: number;
}

const ratio = (stats: RuleStats): string => (stats.selected === 0 ? '-' : (stats.findings / stats.selected).toFixed(2));

export const rulesCommand = async (args: string[], io: CliIo, registry: RuleRegistry): Promise<number> => {
  const rules = registry.rules;
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    stats: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(`${RULES_HELP}\n`);
    return 0;
  }
  const format = oneOf('format', values.format, ['table', 'json'] as const, 'table');
  const out = new LineWriter(io.stdout);

  if (values.stats) {
    if (positionals.length === 0) throw new UsageError('rules --stats needs at least one history file or directory');
    const missing = missingPaths(positionals);
    if (missing.length > 0) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
    const stats = new Map<string, RuleStats>(rules.map((rule) => [rule.id, { selected: 0, findings: 0 }]));
    // Every selected event counts, the responder's own included: each one is an invocation paid for.
    const summary = await replay({
      engine: new Engine({ rules }),
      files: historyFiles(positionals),
      onFinding: () => {},
      onInvalid: () => {},
      onEvaluation(evaluation) {
        for (const rule of evaluation.matchedRules) stats.get(rule.id)!.selected++;
        for (const { rule } of evaluation.findings) stats.get(rule.id)!.findings++;
      },
    });
    if (format === 'json') {
      out.line(JSON.stringify({
        events: summary.events,
        rules: rules.map((rule) => ({ id: rule.id, ...stats.get(rule.id)!, ratio: Number(ratio(stats.get(rule.id)!)) || 0 })),
      }));
    } else {
      const rows = [['RULE', 'SELECTED', 'FINDINGS', 'RATIO']];
      for (const rule of rules) {
        const s = stats.get(rule.id)!;
        rows.push([rule.id, String(s.selected), String(s.findings), ratio(s)]);
      }
      const total = [...stats.values()].reduce((a, s) => ({ selected: a.selected + s.selected, findings: a.findings + s.findings }), { selected: 0, findings: 0 });
      rows.push(['(all rules)', String(total.selected), String(total.findings), ratio(total)]);
      out.line(`${summary.events} events replayed; a selected event is one Lambda invocation.`);
      for (const line of columns(rows, new Set([1, 2, 3]))) out.line(line);
    }
    out.flush();
    return 0;
  }

  if (format === 'json') {
    out.line(JSON.stringify(rules.map(catalogueEntry), null, 2));
  } else {
    const rows = [['ID', 'CATEGORY', 'SEVERITY', 'STATUS', 'CIS', 'MITRE', 'REMEDIATION']];
    for (const rule of rules) {
      const e = catalogueEntry(rule);
      rows.push([e.id, e.category, e.severity, e.status, [...e.cis, ...e.securityHub].join(' ') || '-', e.mitre.join(' ') || '-', e.remediation.join(',') || '-']);
    }
    for (const line of columns(rows)) out.line(line);
    out.line('');
    out.line('EventBridge patterns (* = rule also receives read-only Describe/Get/List calls):');
    for (const rule of rules) out.line(`${rule.id}${rule.allManagementEvents ? ' *' : ''}  ${JSON.stringify(rule.pattern)}`);
  }
  out.flush();
  return 0;
};
