// What every rule carries: its metadata (one text feeds the CLI, hover, SARIF and docs), a check,
// and fixes kept apart from whether they are safe to apply without a person looking.
import type { Style } from '../cfn/edit';
import type { Template } from '../cfn/template';
import type { ParsedZone, ReadInclude } from '../dns/parse';
import type { TextEdit } from '../text';

export type Severity = 'error' | 'warning' | 'information';
export type FixSafety = 'none' | 'safe' | 'unsafe';
/** ASD Essential Eight strategies, plus the guidance's hardening beyond the eight. */
export type E8 = 'AC' | 'PA' | 'UAH' | 'RAP' | 'PO' | 'MFA' | 'BK' | '+TLS' | '+DNS' | '+NET' | '+LOG' | '—';

export const E8_NAMES: Record<E8, string> = {
  AC: 'Application control',
  PA: 'Patch applications',
  UAH: 'User application hardening',
  RAP: 'Restrict administrative privileges',
  PO: 'Patch operating systems',
  MFA: 'Multi-factor authentication',
  BK: 'Regular backups',
  '+TLS': 'Transport security (beyond the Essential Eight)',
  '+DNS': 'DNS and email hygiene (beyond the Essential Eight)',
  '+NET': 'Network exposure (beyond the Essential Eight)',
  '+LOG': 'Logging (beyond the Essential Eight)',
  '—': 'None',
};

export interface RuleMeta {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly fix: FixSafety;
  readonly e8: readonly E8[];
  /** The nearest rules of other tools (cfn_nag, checkov, Guard/Config, Security Hub). */
  readonly anchors: readonly string[];
  /** Where the rule looks: `account` rules are answered only by a live account's API. */
  readonly language: 'cloudformation' | 'dns' | 'pem' | 'account';
  readonly docs: {
    /** What the rule flags, one sentence. */
    readonly what: string;
    /** Why it matters. */
    readonly why: string;
    /** How to fix it, and what the quick fix does. */
    readonly fix: string;
    readonly bad?: string;
    readonly good?: string;
  };
}

export interface Fix {
  readonly title: string;
  readonly safety: Exclude<FixSafety, 'none'>;
  /** Computed on demand; null when the text is already right (a second application changes nothing). */
  readonly edits: () => TextEdit[] | null;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** The logical id (templates), owner name (zones) or null. */
  readonly resource: string | null;
  /** The fix fix-all and `--fix` apply when it is safe, and the preferred quick fix. */
  readonly fix?: Fix;
  /**
   * Other ways to fix the same finding, offered only as quick fixes a person picks (e.g. the
   * stricter `https-only` beside a safe redirect); never applied by fix-all.
   */
  readonly alternatives?: readonly Fix[];
}

export interface Settings {
  /** Days noncurrent S3 object versions are kept: the "undelete window". */
  readonly undeleteWindowDays: number;
  /** CAs the CAA fix allows to issue for a zone. */
  readonly caaIssuers: readonly string[];
  /** Days before a certificate's notAfter from which it is reported as expiring. */
  readonly pemWarningDays: number;
}

export const DEFAULT_SETTINGS: Settings = { undeleteWindowDays: 30, caaIssuers: ['amazon.com', 'letsencrypt.org'], pemWarningDays: 90 };

/** What a document is, as the editor's language id or a file's extension says. */
export type DocumentLanguage = 'cloudformation' | 'dns-zone' | 'pem';

export interface AnalysisOptions {
  /** The current time; injectable so date-dependent rules are testable. */
  readonly now?: Date;
  readonly settings?: Partial<Settings>;
  /** Per-rule severity overrides; `off` disables a rule. */
  readonly severities?: Readonly<Record<string, Severity | 'off'>>;
  /** The document's language; templates when not given. */
  readonly language?: DocumentLanguage;
  /** The document's path: a zone's origin may come from its name, and `$INCLUDE` is relative to it. */
  readonly fileName?: string;
  /** A zone's origin when the file does not say (absolute). */
  readonly origin?: string;
  /** Reads a zone's `$INCLUDE` target; none given means includes are reported as unreadable. */
  readonly readInclude?: ReadInclude;
  /**
   * List at most `max` findings of each rule and one summary finding for the rest, as `capFindings`
   * does, while the findings are made: a zone of a million records then never holds a million
   * findings. Zones only (no other document has that many); the analysis says it was capped.
   */
  readonly cap?: { readonly max: number; readonly hint: string };
  /**
   * The same zone file as read before this edit, with the same options: the reader takes what did
   * not change from it instead of reading the whole text again (the editor passes it).
   */
  readonly previousZone?: ParsedZone;
}

export interface CfnContext {
  readonly template: Template;
  readonly style: Style;
  readonly now: Date;
  readonly settings: Settings;
}

/** A finding as a check reports it: the rule's default severity applies unless it names one. */
export type CheckFinding = Omit<Finding, 'severity'> & { readonly severity?: Severity };

export interface CfnRule {
  readonly meta: RuleMeta;
  check(ctx: CfnContext): CheckFinding[];
}
