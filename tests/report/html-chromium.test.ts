import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { categoryColour } from '../../lib/report/html';
import { chromiumPath, runChromium } from '../support/chromium';
import { runCli, scratch } from '../support/cli';
import { decodePng } from '../support/png';

// The HTML report as a browser shows it: rendered by headless Chromium, checked by its DOM and its pixels.
const chromium = chromiumPath();
if (!chromium) {
  if (process.env.CI === 'true') throw new Error('chromium is not installed: .ci/run installs Debian\'s chromium package');
  console.warn('SKIPPED tests/report/html-chromium.test.ts: chromium is not installed (apt-get install chromium)');
}
const maybe = chromium ? describe : describe.skip;

maybe('replay --format html in headless Chromium', () => {
  const dir = scratch('html');
  const report = join(dir.dir, 'report.html');
  let findings: { eventId: string; category: string }[] = [];
  let dom = '';

  beforeAll(async () => {
    // Prepare: the sample history as ndjson (the reference) and as a page.
    findings = (await runCli('replay', 'tests/fixtures/sample-history', '--format', 'ndjson')).lines
      .map((line) => JSON.parse(line))
      .filter((line) => line.type === 'finding');
    expect((await runCli('replay', 'tests/fixtures/sample-history', '--format', 'html', '--out', report)).code).toBe(0);

    // Act: --dump-dom prints the DOM after the page's script ran.
    dom = runChromium(chromium!, ['--dump-dom', `file://${report}`], dir.dir);
  }, 120_000);

  it('loads nothing from the network', () => {
    const html = readFileSync(report, 'utf8');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('lists every finding in the table, and the filter script ran', () => {
    const rows = [...dom.matchAll(/<tr data-severity="[A-Z]+" data-category="([a-z0-9-]+)" data-event-id="([^"]+)"/g)];
    expect(rows).toHaveLength(findings.length);
    expect(rows.map((r) => `${r[2]}|${r[1]}`).sort()).toEqual(findings.map((f) => `${f.eventId}|${f.category}`).sort());
    expect(dom).toContain(`<span id="f-shown">${findings.length} of ${findings.length} shown</span>`);
  });

  it('draws the timeline: one bar segment per bucket and category, adding up to the findings', () => {
    const bars = [...dom.matchAll(/<rect class="bar" data-category="([a-z0-9-]+)" data-count="(\d+)"/g)];
    expect(bars.length).toBeGreaterThan(1);
    expect(bars.reduce((n, bar) => n + Number(bar[2]), 0)).toBe(findings.length);
  });

  it('paints the chart: the screenshot is not blank and shows the categories\' colours', () => {
    // Act
    runChromium(chromium!, ['--window-size=1280,1000', `--screenshot=${join(dir.dir, 'shot.png')}`, `file://${report}`], dir.dir);
    const { width, height, rgba } = decodePng(readFileSync(join(dir.dir, 'shot.png')));

    // Assess: many distinct colours, and every charted category's colour over more than its 10x10 legend swatch.
    const colours = new Set<number>();
    const counts = new Map<string, number>();
    for (let i = 0; i < width * height; i++) {
      const hex = `#${rgba.subarray(i * 4, i * 4 + 3).toString('hex')}`;
      colours.add(rgba.readUIntBE(i * 4, 3));
      counts.set(hex, (counts.get(hex) ?? 0) + 1);
    }
    expect(colours.size).toBeGreaterThan(50);
    for (const category of new Set(findings.map((f) => f.category))) {
      expect({ category, painted: (counts.get(categoryColour(category)) ?? 0) > 200 }).toEqual({ category, painted: true });
    }
  }, 120_000);
});
