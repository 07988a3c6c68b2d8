import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A moto server on loopback for one test file; stopped by its pid whatever happens. */
export interface Moto {
  readonly endpoint: string;
  stop(): void;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** True when the system Python can run moto's server (CI must have it; a local run without it skips loudly). */
export const motoAvailable = (): boolean => spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0;

export const startMoto = async (): Promise<Moto> => {
  const port = await freePort();
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const stop = () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  // Also on a crash of the test process: never leave a server behind.
  process.once('exit', stop);
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}: ${log}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok || response.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`moto did not start on ${endpoint} within 30 s: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { endpoint, stop };
};
