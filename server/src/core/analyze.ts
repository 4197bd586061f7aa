// The single entry point of the core: text in, findings (with their fixes) out.
import { analyzePemText } from './analyze-pem';
import { analyzeZoneText, type ZoneAnalysis } from './analyze-zone';
import { duplicatesOf, heldBy } from './cfn/duplicates';
import { detectStyle, type Style } from './cfn/edit';
import { parseText, type ParseError, type ParsedDocument } from './cfn/parse';
import { readTemplate, type Template } from './cfn/template';
import type { PemBundle } from './pem/bundle';
import { route53Findings } from './route53/check';
import { allRules, cfnRules } from './rules/registry';
import { suppressionTable, Suppressor } from './suppress';
import { DEFAULT_SETTINGS, type AnalysisOptions, type CfnContext, type Finding, type Fix, type Severity } from './rules/types';
import { detectEol } from './text';

export type DocumentKind = 'cloudformation' | 'dns-zone' | 'pem' | 'none';

export interface Analysis {
  readonly kind: DocumentKind;
  readonly findings: readonly Finding[];
  /** True when the findings are only a parse error: callers may keep showing older findings. */
  readonly parseFailed: boolean;
  /** For a zone file, the zone as read, so editor features need not read it again. */
  readonly zone?: Pick<ZoneAnalysis, 'zone' | 'model'>;
  /** For a PEM file, the bundle as read: its certificates' facts feed the code lens and hover. */
  readonly pem?: PemBundle;
  /** For a template that parsed, the template as read: hover on types and properties reads it. */
  readonly template?: Template;
  /** The findings are already capped per rule (`options.cap`, zones): capping them again would count summaries. */
  readonly capped?: true;
}

/** Text that is a template even when it does not parse, so its syntax errors are worth showing. */
const TEMPLATE_MARK = /AWSTemplateFormatVersion|\bType["']?\s*:\s*["']?AWS::|AWS::Serverless-/;

let suppressions: ReturnType<typeof suppressionTable> | undefined;
function table(): ReturnType<typeof suppressionTable> {
  suppressions ??= suppressionTable(allRules);
  return suppressions;
}

function severityFor(id: string, fallback: Severity, options: AnalysisOptions): Severity | 'off' {
  return options.severities?.[id] ?? fallback;
}

export function analyzeTemplate(template: Template, options: AnalysisOptions = {}): Finding[] {
  // The style is read only when a fix is written: most analyses (a keystroke's) never need it.
  let style: Style | undefined;
  const ctx: CfnContext = {
    template,
    get style(): Style {
      style ??= detectStyle(template.doc);
      return style;
    },
    now: options.now ?? new Date(),
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
  };
  const findings: Finding[] = [];
  const suppressor = new Suppressor(template, table());
  for (const rule of cfnRules) {
    const override = options.severities?.[rule.meta.id];
    if (override === 'off') continue;
    for (const f of rule.check(ctx)) {
      const finding = { ...f, severity: override ?? f.severity ?? rule.meta.severity };
      if (!suppressor.suppressionFor(finding)) findings.push(finding);
    }
  }
  // Route53 record sets through the DNS rules, severities and suppressions as for the rules above.
  for (const finding of route53Findings(ctx, options)) {
    if (!suppressor.suppressionFor(finding)) findings.push(finding);
  }
  return holdFixes(template, findings).sort(byPosition);
}

/** Findings whose fix depends on a duplicated key, reported without the fix until the key is unique. */
function holdFixes(template: Template, findings: Finding[]): Finding[] {
  const duplicates = duplicatesOf(template);
  if (duplicates.sections.size === 0 && duplicates.resources.size === 0) return findings;
  return findings.map((finding) => {
    const key = finding.fix || finding.alternatives ? heldBy(duplicates, finding.resource) : undefined;
    if (key === undefined) return finding;
    const { fix: _fix, alternatives: _alternatives, ...rest } = finding;
    return { ...rest, message: `${finding.message} (No fix while ${key} is written twice.)` };
  });
}

function byPosition(a: Finding, b: Finding): number {
  return a.start - b.start || a.ruleId.localeCompare(b.ruleId);
}

export function analyzeParsed(doc: ParsedDocument, options: AnalysisOptions = {}): Analysis {
  if (doc.error && !doc.root) {
    if (!TEMPLATE_MARK.test(doc.text)) return { kind: 'none', findings: [], parseFailed: false };
    return { kind: 'cloudformation', findings: syntaxFindings(doc.error, options, doc.text.length), parseFailed: true };
  }
  const template = readTemplate(doc);
  if (!template) return { kind: 'none', findings: [], parseFailed: false };
  // An error that loses nothing (a duplicate key) is reported beside the template's findings.
  const findings = analyzeTemplate(template, options);
  if (doc.error) findings.push(...syntaxFindings(doc.error, options, doc.text.length));
  return { kind: 'cloudformation', findings: findings.sort(byPosition), parseFailed: false, template };
}

function syntaxFindings(error: ParseError, options: AnalysisOptions, length: number): Finding[] {
  const severity = severityFor('cfn-syntax', 'error', options);
  if (severity === 'off') return [];
  // A parser may place an error at the end of the text, one past it: the range stays inside.
  const start = Math.min(Math.max(0, error.start), length);
  const end = Math.min(Math.max(start, error.end), length);
  return [{ ruleId: 'cfn-syntax', severity, start, end, message: error.message, resource: null }];
}

/** Above this many characters a document gets a notice instead of an analysis. */
export const MAX_ANALYSED_LENGTH = 5 * 1024 * 1024;

export function analyzeText(text: string, options: AnalysisOptions = {}): Analysis {
  if (options.language === 'dns-zone') {
    const { zone, model, findings, capped } = analyzeZoneText(text, options);
    return { kind: 'dns-zone', findings, parseFailed: false, zone: { zone, model }, ...(capped ? { capped } : {}) };
  }
  if (options.language === 'pem') {
    const { bundle, findings } = analyzePemText(text, options);
    return { kind: 'pem', findings, parseFailed: false, pem: bundle };
  }
  if (text.length > MAX_ANALYSED_LENGTH) {
    // Only the head is looked at, so deciding costs nothing however large the file is.
    if (!TEMPLATE_MARK.test(text.slice(0, 65536))) return { kind: 'none', findings: [], parseFailed: false };
    const severity = severityFor('document-too-large', 'information', options);
    const size = `${(text.length / 1024 / 1024).toFixed(1)} MB`;
    const message = `This template is ${size}, above the 5 MB AWS Hardening analyses (CloudFormation itself accepts at most 1 MB), so it was not checked.`;
    const findings: Finding[] = severity === 'off' ? [] : [{ ruleId: 'document-too-large', severity, start: 0, end: 0, message, resource: null }];
    return { kind: 'cloudformation', findings, parseFailed: false };
  }
  // The yaml package breaks lines at LF and CRLF only, where YAML also breaks at a lone CR (old Mac
  // files): such text is read with each lone CR as LF, which keeps every offset, and the fixes'
  // new lines are written back with the file's own line break.
  // Most text has no CR at all: indexOf answers that without the regular expression's lookahead.
  if (text.includes('\r') && /\r(?!\n)/.test(text)) {
    const analysis = analyzeParsed(parseText(text.replace(/\r(?!\n)/g, '\n')), options);
    const eol = detectEol(text);
    return { ...analysis, findings: analysis.findings.map((f) => withLineBreak(f, eol)) };
  }
  return analyzeParsed(parseText(text), options);
}

function withLineBreak(finding: Finding, eol: string): Finding {
  const convert = (fix: Fix): Fix => ({ ...fix, edits: () => fix.edits()?.map((e) => ({ ...e, newText: e.newText.replace(/\r?\n/g, eol) })) ?? null });
  return {
    ...finding,
    ...(finding.fix ? { fix: convert(finding.fix) } : {}),
    ...(finding.alternatives ? { alternatives: finding.alternatives.map(convert) } : {}),
  };
}
