// Names shared by the client and the server. Imported by both bundles; no runtime dependencies.

export const DIAGNOSTIC_SOURCE = 'AWS Hardening';

/** The documents the language server analyses; it decides itself which ones are templates. */
export const documentSelector = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'untitled', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'untitled', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
  { scheme: 'untitled', language: 'jsonc' },
] as const;

/** The code action kind of our fix-all, so `editor.codeActionsOnSave` can name it. */
export const FIX_ALL_KIND = 'source.fixAll.awsHardening';
