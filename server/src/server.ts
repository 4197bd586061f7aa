// The composition root: a connection over whatever transport the command line names
// (`--stdio`, `--node-ipc`, `--socket=N`), handed to startServer. Over stdio the input first goes
// through a guard that ends the server on a frame no client would send.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { FrameGuard } from './lsp/frame-guard';
import { startServer } from './lsp/start-server';

function stdioConnection() {
  const guard = new FrameGuard((reason) => {
    process.stderr.write(`AWS Hardening language server: ${reason}; exiting so that the client restarts it.\n`);
    process.exit(1);
  });
  // Given streams, the library no longer routes console output away from stdout, where it would
  // corrupt the protocol: send it to stderr, which the client shows in its output channel.
  for (const level of ['log', 'info', 'debug', 'warn'] as const) console[level] = console.error;
  return createConnection(ProposedFeatures.all, process.stdin.pipe(guard), process.stdout);
}

startServer(process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all));
