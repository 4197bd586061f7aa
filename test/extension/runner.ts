// A tiny test runner for the extension host: tests register with test(), run one after the
// other with a timeout each, and the results go to a JSON file that the harness outside
// VS Code waits for (the run ends inside the extension host, where the harness cannot see).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TestResult {
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

export interface Results {
  passed: number;
  failed: number;
  tests: TestResult[];
}

type TestFn = () => Promise<void> | void;

interface Registered {
  name: string;
  fn: TestFn;
  timeoutMs: number;
}

/** The environment variable that names the results file. */
export const RESULTS_ENV = 'AWS_HARDENING_TEST_RESULTS';
const DEFAULT_TIMEOUT_MS = 30_000;
const registry: Registered[] = [];

/** Registers a test; tests run in registration order, so later ones may build on earlier ones. */
export function test(name: string, fn: TestFn, timeoutMs = DEFAULT_TIMEOUT_MS): void {
  registry.push({ name, fn, timeoutMs });
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

async function withTimeout(fn: TestFn, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.resolve().then(fn), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every registered test and returns the results; never throws. */
export async function runAll(log: (line: string) => void = (line) => console.log(line)): Promise<Results> {
  const results: Results = { passed: 0, failed: 0, tests: [] };
  for (const { name, fn, timeoutMs } of registry) {
    const started = Date.now();
    try {
      await withTimeout(fn, timeoutMs);
      results.tests.push({ name, ok: true, ms: Date.now() - started });
      results.passed++;
      log(`[aws-hardening-test] ok - ${name}`);
    } catch (error) {
      const message = describe(error);
      results.tests.push({ name, ok: false, error: message, ms: Date.now() - started });
      results.failed++;
      log(`[aws-hardening-test] not ok - ${name}: ${message}`);
    }
  }
  return results;
}

/**
 * Writes the results where RESULTS_ENV points, through a temporary file and a rename so
 * the harness, which watches for the file, never reads half of it.
 */
export function writeResults(results: Results, file = process.env[RESULTS_ENV]): void {
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, JSON.stringify(results, null, 2));
  fs.renameSync(partial, file);
}
