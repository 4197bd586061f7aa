// `aws-hardening lint <files or folders…> [--format text|json|sarif] [--fix] [--language zone|cfn|pem]
// [--max-findings-per-rule N]`.
// Exit codes: 0 no error-severity finding, 1 errors found, 2 usage or I/O problem (with the findings
// of every file that could be read).
import { dirname } from 'node:path';
import { analyzeText } from '../core/analyze';
import type { ReadInclude } from '../core/dns/parse';
import { capFindings, DEFAULT_MAX_FINDINGS_PER_RULE } from '../core/cap';
import { detectLanguage, isPemFileName, looksLikePem, looksLikeZone } from '../core/detect';
import { fixAll } from '../core/fix-all';
import { allRules } from '../core/rules/registry';
import type { AnalysisOptions, DocumentLanguage } from '../core/rules/types';
import { LineIndex } from '../core/text';
import { AtomicWriteError, writeFileAtomic } from '../io/atomic-write';
import { describeError, readInput } from '../io/read-input';
import { zoneIncludeReader } from '../io/zone-includes';
import { decodeInput, isBinary, type Decoded } from './decode';
import { escapeControls } from '../core/escape';
import { collectFiles, type InputFile } from './files';
import { createReporter, VERSION, type Format, type Reporter } from './report';
import { loadAccount } from '../account/load';
import type { ScanIo } from './scan';
import { HARDEN_HELP, HARDEN_SYNOPSIS, isScanUsageError, LOGIN_SYNOPSIS, SCAN_HELP, SCAN_USAGE } from './account-help';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const USAGE = `Usage: aws-hardening lint <files or folders…> [--format text|json|sarif] [--fix] [--origin <zone>]
                         [--language zone|cfn|pem] [--max-findings-per-rule N]
${SCAN_USAGE}
       ${LOGIN_SYNOPSIS}
       ${HARDEN_SYNOPSIS}
       aws-hardening rules
       aws-hardening --version

Lints CloudFormation templates (YAML or JSON), DNS zone files (.zone, .dns, db.<domain>, or any
file that starts with $ORIGIN, $TTL or an SOA record) and
PEM certificate bundles (.pem, .crt, .cer; binary DER certificates are skipped with a note)
for AWS hardening advice. A file named on the command line that is none of these is skipped
with a note; in folders such files are passed over.
  --format     text (default), json (one JSON object) or sarif (SARIF 2.1.0)
  --fix        apply safe fixes in place and report what changed (on standard error); a file is
               replaced only by a complete new copy, and never rewritten when that would change
               bytes the fixes do not touch (not UTF-8) or when it is reached through a symbolic
               link that leads out of the folders given
  --origin     the origin of zone files that do not say (default: $ORIGIN, the SOA owner, or the file name)
  --language   read the files named on the command line as zone files, templates (cfn) or PEM bundles
  --max-findings-per-rule
               list at most N findings of one rule per file, then one that counts the rest
               (default ${DEFAULT_MAX_FINDINGS_PER_RULE}; 0 lists all)
Exit status: 0 when no error-severity finding, 1 when there is one, 2 on usage or I/O problems.

${SCAN_HELP}

'${LOGIN_SYNOPSIS}' signs an IAM Identity Center profile in with a code shown in the terminal
(for machines without the AWS CLI v2); 'aws-hardening login --help' says more.

${HARDEN_HELP}`;

class UsageError extends Error {}

interface LintArgs {
  readonly paths: string[];
  readonly format: Format;
  readonly fix: boolean;
  readonly origin?: string;
  readonly language?: DocumentLanguage;
  readonly maxPerRule: number;
}

const LANGUAGES: Readonly<Record<string, DocumentLanguage>> = { zone: 'dns-zone', cfn: 'cloudformation', pem: 'pem' };

function parseLintArgs(args: readonly string[]): LintArgs {
  const paths: string[] = [];
  let format: Format = 'text';
  let fix = false;
  let origin: string | undefined;
  let language: DocumentLanguage | undefined;
  let maxPerRule = DEFAULT_MAX_FINDINGS_PER_RULE;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const valueOf = (name: string): string | undefined => (arg.startsWith(`${name}=`) ? arg.slice(name.length + 1) : args[++i]);
    if (arg === '--fix') fix = true;
    else if (arg === '--origin' || arg.startsWith('--origin=')) {
      const value = valueOf('--origin');
      if (!value || !/^[A-Za-z0-9_.-]+$/.test(value)) throw new UsageError(`--origin takes a domain name${value === undefined ? '' : `, not '${value}'`}`);
      origin = value.endsWith('.') ? value : `${value}.`;
    }
    else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = valueOf('--format');
      if (value !== 'text' && value !== 'json' && value !== 'sarif') {
        throw new UsageError(`--format takes text, json or sarif${value === undefined ? '' : `, not '${value}'`}`);
      }
      format = value;
    } else if (arg === '--language' || arg.startsWith('--language=')) {
      const value = valueOf('--language');
      language = value === undefined ? undefined : LANGUAGES[value];
      if (!language) throw new UsageError(`--language takes zone, cfn or pem${value === undefined ? '' : `, not '${value}'`}`);
    } else if (arg === '--max-findings-per-rule' || arg.startsWith('--max-findings-per-rule=')) {
      const value = valueOf('--max-findings-per-rule');
      if (value === undefined || !/^\d{1,9}$/.test(value)) throw new UsageError(`--max-findings-per-rule takes a whole number (0 lists all)${value === undefined ? '' : `, not '${value}'`}`);
      maxPerRule = Number(value);
    } else if (arg === '--') paths.push(...args.slice(i + 1)), (i = args.length);
    else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else paths.push(arg);
  }
  if (paths.length === 0) throw new UsageError('lint needs at least one file or folder');
  return { paths, format, fix, maxPerRule, ...(origin ? { origin } : {}), ...(language ? { language } : {}) };
}

const CAP_HINT = 'Run with --max-findings-per-rule 0 to list them all.';

/** A certificate found by its first line in a folder: keys and other PEM blocks are not ours to read. */
const CERTIFICATE_BEGIN = /-----BEGIN (TRUSTED )?CERTIFICATE-----/;

/** How much of a file with an unknown name is read to tell whether it is a zone or a bundle. */
const SNIFF_BYTES = 4096;

/** A file linted, or why it was not. `skip` is shown only for files named on the command line. */
type Outcome =
  | { readonly linted: true; readonly errors: boolean; readonly writeFailed: boolean }
  | { readonly skip: string }
  | { readonly problem: string }
  | { readonly ignored: true };

function lint(args: LintArgs, io: Io): number {
  const { files, problems } = collectFiles(args.paths);
  const report = (message: string): void => io.err(`aws-hardening: ${escapeControls(message)}`);
  for (const p of problems) report(p);
  const reporter = createReporter(args.format, io.out);
  let linted = 0;
  let skipped = 0;
  let failed = problems.length > 0;
  let errors = false;
  for (const file of files) {
    const outcome = lintFile(file, args, reporter, io, report);
    if ('linted' in outcome) {
      linted++;
      errors ||= outcome.errors;
      failed ||= outcome.writeFailed;
    } else if ('problem' in outcome) {
      report(outcome.problem);
      failed = true;
    } else if ('skip' in outcome) {
      // Not a problem with the user's files, so the exit status stays as the findings make it.
      report(`note: skipped '${file.path}': ${outcome.skip}`);
      skipped++;
    }
  }
  reporter.end(linted, skipped);
  if (failed) return 2;
  return errors ? 1 : 0;
}

/**
 * A zone's includes come from its real file's folder, even when it was reached through a link;
 * the reader also gives the parser the top file's real path, so a zone that includes itself is
 * caught at once whatever path it was named by.
 */
function includesOf(file: InputFile): ReadInclude {
  return zoneIncludeReader([dirname(file.real)]);
}

/** An SOA record among a zone's first lines: the type as a word between the owner and the data. */
const SOA_RECORD = /^[^;\r\n]*\sSOA\s/im;

/**
 * A file's text, or why it has none. The bytes stay in here: a large zone is linted with its text
 * alone in memory, not its bytes as well.
 */
function readText(file: InputFile, forced: LintArgs['language']): Decoded | { outcome: Outcome } {
  const read = readInput(file.real);
  if (!read.ok) return { outcome: { problem: `cannot read '${file.path}': ${read.reason}` } };
  if (!forced && isPemFileName(file.path) && !read.bytes.includes('-----BEGIN') && !read.bytes.includes('-----END')) {
    return { outcome: { skip: "no PEM text (a binary DER certificate? 'openssl x509 -inform der' converts it)" } };
  }
  return decodeInput(read.bytes);
}

function lintFile(file: InputFile, args: LintArgs, reporter: Reporter, io: Io, report: (message: string) => void): Outcome {
  if (file.sniff) {
    // A file with a name that says nothing is read in full only when its first lines say zone or
    // certificate. A zone must also have its SOA there: a fragment that other zones `$INCLUDE`
    // (records under an `$ORIGIN`, no SOA) is linted through them, not on its own.
    const head = readInput(file.real, SNIFF_BYTES);
    if (!head.ok) return { problem: `cannot read '${file.path}': ${head.reason}` };
    const text = new TextDecoder().decode(head.bytes);
    const zone = looksLikeZone(text) && SOA_RECORD.test(text);
    if (!zone && !(looksLikePem(text) && CERTIFICATE_BEGIN.test(text))) return { ignored: true };
  }
  const forced = file.explicit ? args.language : undefined;
  const decoded = readText(file, forced);
  if ('outcome' in decoded) return decoded.outcome;
  if (isBinary(decoded)) return file.explicit ? { skip: decoded.binary } : { ignored: true };
  const language = detectLanguage(decoded.text, { path: file.path, ...(forced ? { forced } : {}) });
  if (!language) return file.explicit ? { skip: 'not a CloudFormation template, zone file or PEM bundle (--language says which it is)' } : { ignored: true };
  const options: AnalysisOptions =
    language === 'pem'
      ? { language: 'pem', fileName: file.path }
      : language === 'dns-zone'
        ? { language: 'dns-zone', fileName: file.path, readInclude: includesOf(file), ...(args.origin ? { origin: args.origin } : {}) }
        : {};
  let text = decoded.text;
  // Without --fix only the findings shown are needed, so a zone caps them while they are made;
  // fix-all needs every finding.
  const cap = { max: args.maxPerRule, hint: CAP_HINT };
  let analysis = analyzeText(text, args.fix ? options : { ...options, cap });
  let writeFailed = false;
  if (analysis.kind === 'none') {
    return file.explicit ? { skip: 'not a CloudFormation template (no AWSTemplateFormatVersion or Resources with AWS types)' } : { ignored: true };
  }
  if (args.fix) {
    const fixed = fixAll(text, options, analysis);
    const readOnly = file.readOnly ?? decoded.readOnly;
    if (fixed.text !== text && readOnly) {
      report(`note: '${file.path}' was not rewritten (${fixed.applied.length} safe fix${fixed.applied.length === 1 ? '' : 'es'} left unapplied): ${readOnly}`);
    } else if (fixed.text !== text) {
      try {
        writeFileAtomic(file.real, Buffer.from(fixed.text, 'utf8'));
        for (const a of fixed.applied) io.err(escapeControls(`fixed ${file.path}: ${a.title} (${a.ruleId})`));
        text = fixed.text;
        analysis = fixed.analysis ?? analyzeText(text, { ...options, cap });
      } catch (err) {
        const why = err instanceof AtomicWriteError ? err.message : describeError(err);
        report(`cannot write '${file.path}': ${why}; the original was left unchanged`);
        writeFailed = true;
      }
    }
  }
  const findings = analysis.capped ? [...analysis.findings] : capFindings(analysis.findings, args.maxPerRule, CAP_HINT);
  const lines = new LineIndex(text);
  reporter.add(findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, file: file.path, range: lines.range(f), message: f.message, resource: f.resource })));
  return { linted: true, errors: findings.some((f) => f.severity === 'error'), writeFailed };
}

export function main(argv: readonly string[], io: Io): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return lint(parseLintArgs(rest), io);
      case 'rules':
        io.out(allRules.map((r) => `${r.id.padEnd(36)} ${r.severity.padEnd(11)} ${r.title}`).join('\n'));
        return 0;
      case '--version':
      case '-v':
        io.out(VERSION);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return 0;
      case undefined:
        throw new UsageError('no command given');
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`aws-hardening: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}

/**
 * The whole command line, including the commands that talk to AWS and so take time: `scan`
 * resolves when the scan ends (or is cancelled through `io.signal`); the rest is `main`.
 */
export async function mainAsync(argv: readonly string[], io: ScanIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'login') return loadAccount().login(rest, io, io.signal ? { signal: io.signal } : {});
  if (command === 'harden-bucket') return loadAccount().hardenBucketCommand(rest, io);
  if (command !== 'scan') return main(argv, io);
  try {
    return await loadAccount().scanCommand(rest, io);
  } catch (err) {
    if (isScanUsageError(err)) {
      io.err(`aws-hardening: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}
