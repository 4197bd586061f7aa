// "Inspect Certificate Bundle from URL…": asks for an HTTPS address (the RDS bundle by default),
// downloads it under a cancellable progress notification and opens it as an untitled PEM document,
// which the language server then analyses like any other.
import * as vscode from 'vscode';
import { bundleUrlProblem, DEFAULT_BUNDLE_URL, DownloadError, downloadCertificateBundle, type DownloadedBundle } from './download';

export const INSPECT_BUNDLE_COMMAND = 'awsHardening.inspectCertificateBundle';

/**
 * Runs the command. `url` may be given by a caller that already has one; otherwise the user is
 * asked. Resolves with the opened document, or undefined when nothing was opened.
 */
export async function inspectCertificateBundle(url?: unknown): Promise<vscode.TextDocument | undefined> {
  const address =
    typeof url === 'string'
      ? url
      : await vscode.window.showInputBox({
          title: 'Inspect Certificate Bundle from URL',
          prompt: 'The HTTPS address of a PEM certificate bundle. The default is the Amazon RDS bundle for every region.',
          value: DEFAULT_BUNDLE_URL,
          ignoreFocusOut: true,
          validateInput: (value) => bundleUrlProblem(value),
        });
  if (!address?.trim()) return undefined;
  const problem = bundleUrlProblem(address);
  if (problem) {
    void vscode.window.showErrorMessage(`AWS Hardening: ${problem}`);
    return undefined;
  }
  let bundle: DownloadedBundle;
  try {
    bundle = await download(address.trim());
  } catch (error) {
    // Cancelling is the user's own choice: nothing to report.
    if (error instanceof DownloadError && error.code === 'cancelled') return undefined;
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`AWS Hardening: ${message}`, 'Retry').then((choice) => {
      if (choice) void vscode.commands.executeCommand(INSPECT_BUNDLE_COMMAND, address);
    });
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'pem', content: bundle.text });
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

function download(address: string): Promise<DownloadedBundle> {
  const host = new URL(address).host;
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `AWS Hardening: downloading from ${host}`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        try {
          return await downloadCertificateBundle(address, {
            signal: controller.signal,
            onProgress: (received, total) => {
              // With a known size the bar fills; without one, the count of bytes is the progress.
              const percent = total ? Math.floor((received / total) * 100) : 0;
              progress.report({ message: `${Math.round(received / 1024)} KB`, ...(total ? { increment: percent - reported } : {}) });
              reported = percent;
            },
          });
        } finally {
          subscription.dispose();
        }
      },
    ),
  );
}
