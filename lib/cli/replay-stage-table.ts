import type { StageSummary } from '../replay/stage-outcomes';
import { columns } from './output';

/** The table report's section on what the stage would have done, per day. */
export const renderStageTable = (stage: StageSummary): string[] => {
  const sms = stage.smsSubscribed ? `SMS at ${stage.smsMinSeverity} and above` : 'no SMS subscription (alertSms unset)';
  const dedup = stage.alertDedupMinutes > 0 ? `dedup window ${stage.alertDedupMinutes} min` : 'dedup off';
  const lines = [
    '',
    `Stage ${stage.stage} (${stage.mode}; public ports ${stage.publicPorts.join(',') || 'none'}; ${stage.exceptions} exception(s); ${dedup}; ${sms}):`,
  ];
  if (stage.days.length === 0) return [...lines, '  nothing: no reverts, no alerts.'];
  const rows: string[][] = [['DAY', 'REVERTS', 'ALERTS', 'SUPPRESSED', 'DIGESTS', 'SMS']];
  for (const d of [...stage.days, { day: 'total', ...stage.totals }]) {
    rows.push([d.day, String(d.reverts), String(d.alerts), String(d.suppressed), String(d.digests), stage.smsSubscribed ? String(d.sms) : '-']);
  }
  return [...lines, ...columns(rows, new Set([1, 2, 3, 4, 5])).map((line) => `  ${line}`)];
};
