import { runCliWith, scratch } from '../support/cli';
import { rootSignIn, worldOpenSsh } from '../support/history-records';

// The findings table fits the terminal and names the event.
const files = scratch('table-width');
files.write('log.json', JSON.stringify({ Records: [worldOpenSsh(), rootSignIn()] }));

test.each([100, 140])('every findings row fits %i columns and shows the event name', async (columns) => {
  const { stdout } = await runCliWith({ columns }, 'replay', files.dir);
  const rows = stdout.split('\n').filter((row) => /^(SEVERITY|CRITICAL|HIGH|MEDIUM|LOW) /.test(row));
  expect(rows.length).toBeGreaterThan(2);
  for (const row of rows) expect(row.length).toBeLessThanOrEqual(columns);
  expect(rows[0]).toContain('EVENT');
  expect(stdout).toMatch(/AuthorizeSecur/);
});
