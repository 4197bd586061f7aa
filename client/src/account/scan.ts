// Scans and reports: a scan runs with a cancellable progress notification fed by the server's
// work-done progress; a scan that fails as a whole leaves the tree as it was. Reports are written
// by the server from the kept results and saved where the user picks.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress } from 'vscode-languageclient/node';
import {
  ACCOUNT_PROFILES_REQUEST,
  ACCOUNT_REPORT_REQUEST,
  ACCOUNT_SCAN_REQUEST,
  type AccountProfilesResult,
  type AccountReport,
  type AccountReportParams,
  type AccountScanParams,
  type AccountScanResult,
} from '../../../server/src/protocol';
import { accountSettings, type AccountsModel } from './model';
import { messageOf, requireClient, type ClientSource } from './server';

/** The scan's regions and concurrency, from the settings. */
export function scanOptions(): Pick<AccountScanParams, 'regions' | 'concurrency'> {
  const settings = accountSettings();
  const regions = settings.get<unknown>('regions');
  const names = Array.isArray(regions) ? regions.filter((r): r is string => typeof r === 'string' && r.length > 0) : [];
  const concurrency = Math.min(64, Math.max(1, Math.round(Number(settings.get('concurrency', 8)) || 8)));
  return { ...(names.includes('all') ? { regions: 'all' as const } : names.length ? { regions: names } : {}), concurrency };
}

/** Reads the profiles of the user's AWS config; false (and a message) when the server cannot. */
export async function readProfiles(model: AccountsModel, source: ClientSource, quiet = false): Promise<boolean> {
  try {
    const client = requireClient(source);
    model.setProfiles(await client.sendRequest<AccountProfilesResult>(ACCOUNT_PROFILES_REQUEST, {}));
    return true;
  } catch (err) {
    if (!quiet) void vscode.window.showErrorMessage(`AWS Hardening: the AWS profiles could not be read: ${messageOf(err)}`);
    return false;
  }
}

/**
 * Scans the profiles and keeps each one's result. Resolves false when the scan was cancelled or
 * failed as a whole (the server is down, or answered an error): the kept results stay as they were.
 */
export async function runScan(model: AccountsModel, source: ClientSource, profiles: readonly string[]): Promise<boolean> {
  if (profiles.length === 0) return false;
  let client;
  try {
    client = requireClient(source);
  } catch (err) {
    void vscode.window.showErrorMessage(`AWS Hardening: cannot scan: ${messageOf(err)}`);
    return false;
  }
  const running = client;
  for (const p of profiles) model.scanning.add(p);
  model.fire();
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `AWS Hardening: scanning ${profiles.join(', ')}`, cancellable: true },
      async (progress, token) => {
        const workDoneToken = randomUUID();
        let done = 0;
        // The server reports work done in percent; the notification wants increments.
        const listening = running.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
          if (value.kind === 'end') return;
          const percentage = value.percentage ?? done;
          progress.report({ ...(value.message ? { message: value.message } : {}), increment: Math.max(0, percentage - done) });
          done = Math.max(done, percentage);
        });
        try {
          const params: AccountScanParams = { profiles, ...scanOptions(), workDoneToken };
          const result = await running.sendRequest<AccountScanResult>(ACCOUNT_SCAN_REQUEST, params, token);
          if (token.isCancellationRequested) return false;
          model.keep(result);
          return true;
        } catch (err) {
          if (token.isCancellationRequested) return false;
          void vscode.window.showErrorMessage(`AWS Hardening: the scan of ${profiles.join(', ')} failed: ${messageOf(err)}`);
          return false;
        } finally {
          listening.dispose();
        }
      },
    );
  } finally {
    for (const p of profiles) model.scanning.delete(p);
    model.fire();
  }
}

const FORMATS = [
  { label: 'SARIF', format: 'sarif', extension: 'sarif', detail: 'For code scanning dashboards and other SARIF viewers' },
  { label: 'CSV', format: 'csv', extension: 'csv', detail: 'One finding a row, for spreadsheets' },
  { label: 'Markdown report', format: 'markdown', extension: 'md', detail: 'A report per account with the Essential Eight scorecard' },
] as const;

export type ExportFormat = (typeof FORMATS)[number]['format'];

/** Writes the kept results as a report; `format` and `target` skip the pickers (for tests). Resolves with the file written. */
export async function exportReport(model: AccountsModel, source: ClientSource, format?: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const result = model.asScanResult();
  if (!result) {
    void vscode.window.showInformationMessage('AWS Hardening: nothing to export yet: scan a profile first.');
    return undefined;
  }
  const choice = format ? FORMATS.find((f) => f.format === format) : await vscode.window.showQuickPick(FORMATS, { title: 'Export the scan as' });
  if (!choice) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `aws-hardening-scan.${choice.extension}`;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: `Save the ${choice.label}`,
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(name),
      filters: { [choice.label]: [choice.extension] },
    }));
  if (!uri) return undefined;
  try {
    const params: AccountReportParams = { result, format: choice.format };
    const report = await requireClient(source).sendRequest<AccountReport>(ACCOUNT_REPORT_REQUEST, params);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(report.text, 'utf8'));
    return uri;
  } catch (err) {
    void vscode.window.showErrorMessage(`AWS Hardening: the report could not be written: ${messageOf(err)}`);
    return undefined;
  }
}
