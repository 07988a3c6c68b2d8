import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DETECTIONS_END, DETECTIONS_START, renderDetectionsTable } from '../../lib/readme-detections-table';
import { RULES } from '../../rules';

describe('README detections table', () => {
  test('is what the registry renders (run `npm run rules:generate`)', () => {
    // Prepare
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

    // Act
    const block = readme.slice(readme.indexOf(DETECTIONS_START), readme.indexOf(DETECTIONS_END) + DETECTIONS_END.length);

    // Assess
    expect(block).toBe(renderDetectionsTable(RULES));
  });

  test('lists every rule once', () => {
    const table = renderDetectionsTable(RULES);
    for (const rule of RULES) expect(table.split(`\`${rule.id}\``)).toHaveLength(2);
  });
});
