// The composition root: a connection over whatever transport the command line names
// (`--stdio`, `--node-ipc`, `--socket=N`), handed to startServer.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/start-server';

startServer(createConnection(ProposedFeatures.all));
