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

/** The settings section the server reads through `workspace/configuration`. */
export const SETTINGS_SECTION = 'awsHardening';

export type SeveritySetting = 'error' | 'warning' | 'information' | 'off';

/** The shape of the `awsHardening` settings section. */
export interface ServerSettings {
  /** Per-rule severity overrides, by rule id. */
  readonly rules?: Record<string, SeveritySetting>;
  readonly s3?: { readonly undeleteWindowDays?: number };
}

/** The client-side command behind "Suppress with reason…": it asks for the reason. */
export const SUPPRESS_COMMAND = 'awsHardening.suppressWithReason';

/** Client → server: the edit that writes a suppression with the reason the user typed. */
export const SUPPRESSION_EDIT_REQUEST = 'awsHardening/suppressionEdit';

export interface SuppressionEditParams {
  readonly uri: string;
  readonly ruleId: string;
  readonly resource: string | null;
  readonly position: { readonly line: number; readonly character: number };
  readonly reason: string;
}
