import { execFileSync } from 'node:child_process';

/** Debian's headless Chromium, or undefined (CI installs it; a local run without it skips loudly). */
export const chromiumPath = (): string | undefined => {
  for (const candidate of ['chromium', 'chromium-browser']) {
    try {
      execFileSync('which', [candidate], { stdio: 'pipe' });
      return candidate;
    } catch {
      // next
    }
  }
  return undefined;
};

/** Flags that let it run as root in a container, with no GPU, no network and no first-run UI. */
export const HEADLESS = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--disable-extensions'];

export const runChromium = (binary: string, args: string[], cwd: string): string =>
  execFileSync(binary, [...HEADLESS, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
