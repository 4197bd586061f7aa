// A real AWS API emulator for the account tests: moto's server, started on a free loopback port
// and waited for by its "Running on" line (an event, not a sleep), reset between tests. Where no
// moto can be started the caller skips with the reason; on the project's machines it is there.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Moto {
  readonly url: string;
  /** Forgets every resource, as a fresh server would. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts moto, or resolves with why it cannot be started here. */
export async function startMoto(env: NodeJS.ProcessEnv = {}): Promise<Moto | { readonly unavailable: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  try {
    child = spawn(process.env.MOTO_PYTHON ?? 'python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  } catch (err) {
    return { unavailable: `python3 cannot be started: ${(err as Error).message}` };
  }
  const started = await new Promise<true | string>((resolve) => {
    let output = '';
    let running = false;
    const timer = setTimeout(() => resolve(`moto did not start within 30 s: ${output.slice(-400)}`), 30_000);
    // Read to the end either way (a full pipe would stall moto), but kept only until it runs.
    const watch = (chunk: Buffer): void => {
      if (running) return;
      output += chunk.toString();
      if (output.includes(`Running on ${url}`)) {
        running = true;
        output = '';
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve(`python3 cannot be started: ${err.message}`);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(`moto exited with ${code} (is it installed? pip install 'moto[server]'): ${output.slice(-400)}`);
    });
  });
  if (started !== true) {
    child.kill('SIGKILL');
    return { unavailable: started };
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A test process that dies before its after() hook must not leave moto running.
  const orphaned = (): void => void child.kill('SIGKILL');
  process.once('exit', orphaned);
  void exited.then(() => process.off('exit', orphaned));
  return {
    url,
    async reset() {
      const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset answered ${response.status}`);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
