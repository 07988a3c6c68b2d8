import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

// Imports run one way: the composition roots (bin/ for the CLI, handlers/ for Lambda) and the tests and benches
// import rules/ and lib/; rules/ imports lib/; lib/ imports none of them, and inside lib/ only lib/cli imports
// the command line. An edge the other way is a finding here, not a surprise in the import graph later.

const ROOT = join(__dirname, '..', '..');
const SOURCE = /\.(ts|cjs|js)$/;

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });

// Static imports, re-exports, dynamic import() and require() of relative paths.
const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

const resolveImport = (from: string, specifier: string): string | undefined => {
  const base = resolve(dirname(from), specifier);
  return [base, `${base}.ts`, `${base}.cjs`, `${base}.js`, `${base}.json`, join(base, 'index.ts')].find(
    (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
  );
};

const posix = (path: string): string => relative(ROOT, path).split(sep).join('/');

/** Every relative import under lib/, as `importer -> imported` (paths from the project root). */
const libImports = (): string[] => {
  const edges: string[] = [];
  for (const file of sourceFiles(join(ROOT, 'lib'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const target = resolveImport(file, match[1]!);
      if (target !== undefined) edges.push(`${posix(file)} -> ${posix(target)}`);
    }
  }
  return edges;
};

/**
 * Back-edges known when this test was written, each to be removed here when its import goes: the test fails
 * when one is fixed and left listed, so the list cannot go stale.
 */
const KNOWN_BACK_EDGES: readonly string[] = [];

describe('import direction', () => {
  const edges = libImports();

  test('lib/ imports nothing from rules/, bin/, handlers/, tests/ or bench/ (beyond the known back-edges)', () => {
    // Prepare: a walk that found nothing would pass vacuously.
    expect(edges.length).toBeGreaterThan(300);

    // Act
    const outward = edges.filter((edge) => /-> (rules|bin|handlers|tests|bench)\//.test(edge));

    // Assess
    expect(outward.sort()).toEqual([...KNOWN_BACK_EDGES].sort());
  });

  test('inside lib/, only the command line imports lib/cli', () => {
    const intoCli = edges.filter((edge) => edge.includes('-> lib/cli/'));
    expect(intoCli.length).toBeGreaterThan(10);
    expect(intoCli.filter((edge) => !edge.startsWith('lib/cli/'))).toEqual([]);
  });

  test('the finder sees static imports, re-exports and dynamic import()', () => {
    expect(edges).toContain('lib/cli/main.ts -> lib/errors.ts');
    // `export * from './client-factory'`
    expect(edges).toContain('lib/aws/clients.ts -> lib/aws/client-factory.ts');
    // The S3 reader loads with import(), only for s3:// runs.
    expect(edges).toContain('lib/cli/replay-parallel-option.ts -> lib/history/s3.ts');
  });
});
