import type { Finding, InvalidEntry } from '../finding';
import { CATEGORIES, SEVERITIES, severityRank } from '../rule';

/** The summary line of `replay --format ndjson`, as far as the report reads it (extra fields are ignored). */
export interface ReportSummary {
  readonly events: number;
  readonly matched: number;
  readonly findings: number;
  readonly invalid: number;
  readonly seconds: number;
  readonly byCategory?: Readonly<Record<string, number>>;
  /** What `--stage` adds: the stage's name and mode head the page. */
  readonly stage?: { readonly stage: string; readonly mode: string };
}

export interface HtmlReportInput {
  readonly findings: readonly Finding[];
  readonly invalid: readonly InvalidEntry[];
  readonly summary: ReportSummary;
  /** What was replayed, for the title. */
  readonly source?: string;
  readonly generatedAt?: Date;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value in a finding may come from an attacker's API call: nothing reaches the page unescaped. */
const esc = (value: unknown): string =>
  String(value ?? '')
    // Control and bidi characters could hide or reorder text in a report people act on.
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Distinct colours, one per category in catalogue order; categories beyond them reuse the list. */
const PALETTE = [
  '#d62728', '#1f77b4', '#9467bd', '#bcbd22', '#17becf', '#e377c2', '#2ca02c', '#8c564b', '#ff7f0e', '#393b79',
  '#637939', '#843c39', '#7b4173', '#3182bd', '#e6550d', '#31a354', '#756bb1', '#636363', '#b5cf6b', '#ce6dbd',
  '#9c9ede', '#cedb9c', '#e7cb94', '#e7969c', '#de9ed6', '#6baed6', '#fd8d3c', '#74c476', '#9e9ac8', '#969696',
  '#5254a3', '#8ca252', '#bd9e39', '#ad494a', '#a55194', '#17a589', '#f1c40f', '#34495e', '#ff9896', '#c49c94',
];

/** One fixed colour per category, so the same category has the same colour in every report. */
export const categoryColour = (category: string): string => {
  const index = (CATEGORIES as readonly string[]).indexOf(category);
  return index < 0 ? '#777777' : PALETTE[index % PALETTE.length]!;
};

const SEVERITY_COLOUR: Readonly<Record<string, string>> = {
  CRITICAL: '#8b0000',
  HIGH: '#c0392b',
  MEDIUM: '#d68910',
  LOW: '#2e86c1',
};

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Hourly buckets for a short history, daily ones beyond three days, so the chart has a readable number of bars. */
const bucketsOf = (times: readonly number[]): { size: number; start: number; count: number } => {
  const valid = times.filter((t) => Number.isFinite(t));
  if (valid.length === 0) return { size: DAY, start: 0, count: 0 };
  let min = valid[0]!;
  let max = valid[0]!;
  for (const t of valid) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const size = max - min <= 3 * DAY ? HOUR : DAY;
  const start = Math.floor(min / size) * size;
  return { size, start, count: Math.floor((max - start) / size) + 1 };
};

const label = (t: number, size: number): string => {
  const iso = new Date(t).toISOString();
  return size === HOUR ? `${iso.slice(0, 10)} ${iso.slice(11, 13)}:00` : iso.slice(0, 10);
};

/** Stacked bars of findings per time bucket and category, as inline SVG (no script needed to see it). */
const timeline = (findings: readonly Finding[]): string => {
  const times = findings.map((f) => Date.parse(f.eventTime));
  const { size, start, count } = bucketsOf(times);
  if (count === 0) return '<p class="empty">No findings to chart.</p>';
  const stacks: Map<string, number>[] = Array.from({ length: count }, () => new Map());
  findings.forEach((f, i) => {
    const t = times[i]!;
    if (!Number.isFinite(t)) return;
    const bucket = stacks[Math.floor((t - start) / size)]!;
    bucket.set(f.category, (bucket.get(f.category) ?? 0) + 1);
  });
  const tallest = Math.max(1, ...stacks.map((s) => [...s.values()].reduce((a, b) => a + b, 0)));
  // Every segment gets pixels of its own, so a category with one finding among hundreds is still seen; a bucket
  // stacking many categories (an attacker trying one technique after another) makes the chart taller instead.
  const segments = Math.max(1, ...stacks.map((s) => s.size));
  const minimum = 8;
  const width = 960;
  const left = 36;
  const bottom = 28;
  const height = Math.max(220, bottom + 10 + 2 * minimum * segments);
  const slot = (width - left - 8) / count;
  const bar = Math.max(1, Math.min(40, slot * 0.8));
  const scale = (height - bottom - 10 - minimum * segments) / tallest;
  const parts: string[] = [];
  parts.push(`<line x1="${left}" y1="${height - bottom}" x2="${width - 4}" y2="${height - bottom}" stroke="#888"/>`);
  parts.push(`<text x="${left - 6}" y="14" text-anchor="end" class="axis">${tallest}</text>`);
  parts.push(`<text x="${left - 6}" y="${height - bottom}" text-anchor="end" class="axis">0</text>`);
  const labelEvery = Math.max(1, Math.ceil(count / 8));
  stacks.forEach((stack, b) => {
    const x = left + b * slot + (slot - bar) / 2;
    let y = height - bottom;
    for (const category of CATEGORIES) {
      const n = stack.get(category);
      if (!n) continue;
      const h = minimum + n * scale;
      y -= h;
      parts.push(
        `<rect class="bar" data-category="${esc(category)}" data-count="${n}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${categoryColour(category)}"><title>${esc(label(start + b * size, size))}: ${n} ${esc(category)}</title></rect>`,
      );
    }
    if (b % labelEvery === 0) {
      parts.push(`<text x="${(x + bar / 2).toFixed(1)}" y="${height - 10}" text-anchor="middle" class="axis">${esc(label(start + b * size, size))}</text>`);
    }
  });
  const legend = CATEGORIES.filter((c) => findings.some((f) => f.category === c))
    .map((c) => `<span class="key"><i style="background:${categoryColour(c)}"></i>${esc(c)}</span>`)
    .join('');
  return `<svg id="timeline" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Findings per ${size === HOUR ? 'hour' : 'day'} by category">${parts.join('')}</svg><div class="legend">${legend}</div>`;
};

const top = (values: readonly string[], n: number): [string, number][] => {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
};

const topTable = (id: string, title: string, rows: [string, number][]): string =>
  `<section class="half"><h2>${title}</h2><table id="${id}"><thead><tr><th>${title.replace(/^Top /, '')}</th><th class="n">findings</th></tr></thead><tbody>${rows
    .map(([v, n]) => `<tr><td class="mono">${esc(v)}</td><td class="n">${n}</td></tr>`)
    .join('')}</tbody></table></section>`;

const remediationText = (f: Finding): string => {
  const { action, status, reason } = f.remediation;
  if (action === 'none') return 'alert only';
  return `${action} ${status}${reason ? `: ${reason}` : ''}`;
};

const isRevert = (f: Finding): boolean => f.remediation.action !== 'none' && f.remediation.status === 'planned';

const STYLE = `
:root{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2329;background:#f5f6f8}
body{margin:0 auto;max-width:1200px;padding:20px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:22px 0 8px}
.sub{color:#5b6570;margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:24px}.card span{color:#5b6570;font-size:12px}
section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:4px 14px 12px;margin-top:12px}
.row{display:flex;gap:12px;flex-wrap:wrap}.half{flex:1 1 420px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #eceff2;vertical-align:top}
th{font-size:12px;color:#5b6570;font-weight:600}td.n,th.n{text-align:right}
.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
.sev{color:#fff;border-radius:3px;padding:1px 5px;font-size:11px;font-weight:700}
.axis{font-size:10px;fill:#5b6570}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:12px;margin-top:6px}
.key i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
.filters{display:flex;gap:8px;flex-wrap:wrap;margin:6px 0}
.filters input,.filters select{font:inherit;padding:3px 6px}
.empty{color:#5b6570}
`;

/** Filters run in the page: severity, category and free text over each row's text. */
const SCRIPT = `
(function(){
  var rows=[].slice.call(document.querySelectorAll('#findings tbody tr'));
  var sev=document.getElementById('f-severity'),cat=document.getElementById('f-category'),txt=document.getElementById('f-text'),shown=document.getElementById('f-shown');
  function apply(){
    var s=sev.value,c=cat.value,t=txt.value.toLowerCase(),n=0;
    rows.forEach(function(r){
      var ok=(!s||r.getAttribute('data-severity')===s)&&(!c||r.getAttribute('data-category')===c)&&(!t||r.textContent.toLowerCase().indexOf(t)!==-1);
      r.hidden=!ok;if(ok)n++;
    });
    shown.textContent=n+' of '+rows.length+' shown';
  }
  sev.addEventListener('change',apply);cat.addEventListener('change',apply);txt.addEventListener('input',apply);apply();
})();
`;

/**
 * One self-contained HTML file for a replay: summary figures, a timeline of findings per category, top actors and
 * source IPs, the reverts that would run, and every finding in a filterable table. It loads nothing (inline CSS,
 * SVG and script, and a content security policy that forbids any fetch), so it can be mailed or attached as is.
 */
export const renderHtmlReport = (input: HtmlReportInput): string => {
  const { findings, invalid, summary } = input;
  const ordered = [...findings].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0),
  );
  const reverts = findings.filter(isRevert);
  const bySeverity = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).reverse();
  const card = (n: unknown, text: string, id: string) => `<div class="card" id="${id}"><b>${esc(n)}</b><span>${text}</span></div>`;
  const categories = CATEGORIES.filter((c) => findings.some((f) => f.category === c));
  const sevBadge = (s: string) => `<span class="sev" style="background:${SEVERITY_COLOUR[s] ?? '#555'}">${esc(s)}</span>`;

  const findingRows = ordered
    .map(
      (f) =>
        `<tr data-severity="${esc(f.severity)}" data-category="${esc(f.category)}" data-event-id="${esc(f.eventId)}"><td>${sevBadge(f.severity)}</td><td class="mono">${esc(f.eventTime)}</td><td>${esc(f.category)}</td><td>${esc(f.eventName)}</td><td class="mono">${esc(f.account)}<br>${esc(f.region)}</td><td class="mono">${esc(f.actor)}</td><td class="mono">${esc(f.sourceIp)}</td><td class="mono">${esc(f.resources.join(', '))}</td><td>${esc(remediationText(f))}</td><td>${esc(f.summary)}</td></tr>`,
    )
    .join('');
  const revertRows = reverts
    .map(
      (f) =>
        `<tr><td class="mono">${esc(f.eventTime)}</td><td>${esc(f.remediation.action)}</td><td class="mono">${esc(f.account)} ${esc(f.region)}</td><td class="mono">${esc(f.resources.join(', '))}</td><td class="mono">${esc(JSON.stringify(f.remediation.detail))}</td></tr>`,
    )
    .join('');
  const invalidRows = invalid
    .slice(0, 200)
    .map((e) => `<tr><td class="mono">${esc(e.source)}</td><td>${esc(e.reason)}</td></tr>`)
    .join('');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>trailguard replay report</title><style>${STYLE}</style></head><body>
<h1>trailguard replay</h1>
<p class="sub">${input.source ? `${esc(input.source)} · ` : ''}${summary.stage ? `as stage ${esc(summary.stage.stage)} (${esc(summary.stage.mode)}) · ` : ''}generated ${esc((input.generatedAt ?? new Date()).toISOString().slice(0, 19).replace('T', ' '))} UTC</p>
<div class="cards">
${card(summary.events, 'events read', 'c-events')}${card(summary.matched, 'selected by a rule', 'c-matched')}${card(summary.findings, 'findings', 'c-findings')}${card(reverts.length, 'reverts that would run', 'c-reverts')}${card(summary.invalid, 'invalid inputs', 'c-invalid')}
${bySeverity.map(([s, n]) => card(n, s, `c-${s.toLowerCase()}`)).join('')}
</div>
<section><h2>Findings over time, by category</h2>${timeline(findings)}</section>
<div class="row">${topTable('top-actors', 'Top actors', top(findings.map((f) => f.actor), 10))}${topTable('top-ips', 'Top source IPs', top(findings.map((f) => f.sourceIp), 10))}</div>
<section><h2>Reverts that would run (${reverts.length})</h2>${
    reverts.length === 0
      ? '<p class="empty">None.</p>'
      : `<table id="reverts"><thead><tr><th>time</th><th>action</th><th>where</th><th>resources</th><th>plan</th></tr></thead><tbody>${revertRows}</tbody></table>`
  }</section>
<section><h2>Findings (${findings.length})</h2>
<div class="filters"><select id="f-severity"><option value="">all severities</option>${[...SEVERITIES]
    .reverse()
    .map((s) => `<option>${s}</option>`)
    .join('')}</select><select id="f-category"><option value="">all categories</option>${categories.map((c) => `<option>${esc(c)}</option>`).join('')}</select><input id="f-text" type="search" placeholder="filter: actor, IP, resource…"><span id="f-shown"></span></div>
<table id="findings"><thead><tr><th>severity</th><th>time</th><th>category</th><th>event</th><th>account / region</th><th>actor</th><th>source IP</th><th>resources</th><th>remediation</th><th>summary</th></tr></thead><tbody>${findingRows}</tbody></table></section>
${invalid.length > 0 ? `<section><h2>Invalid input (${invalid.length}${invalid.length > 200 ? ', first 200' : ''})</h2><table id="invalid"><tbody>${invalidRows}</tbody></table></section>` : ''}
<script>${SCRIPT}</script>
</body></html>
`;
};
