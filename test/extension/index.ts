// The entry point VS Code loads as extensionTestsPath, in the web workbench and in
// @vscode/test-electron alike: both call run() and treat a rejection as failure.
import { RESULTS_ENV, runAll, writeResults } from './runner';
import './activation.e2e';
import './quick-fix.e2e';
import './hardening.e2e';
import './zone.e2e';
import './pem.e2e';
import './harden-bucket.e2e';
import './schema.e2e';
// Last: it leaves the workbench with the Accounts view's results and a template open.
import './accounts.e2e';

export async function run(): Promise<void> {
  const results = await runAll();
  writeResults(results);
  console.log(`[aws-hardening-test] extension-host: ${results.passed} passed, ${results.failed} failed`);
  if (!process.env[RESULTS_ENV]) console.log(`[aws-hardening-test] (${RESULTS_ENV} not set, so no results file was written)`);
  if (results.failed > 0) throw new Error(`${results.failed} extension-host test(s) failed`);
}
