// `aws-hardening lint <files or folders…> [--format text|json|sarif] [--fix]`.
// Exit codes: 0 no error-severity finding, 1 errors found, 2 usage or I/O problem.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { analyzeText } from '../core/analyze';
import { fixAll } from '../core/fix-all';
import { allRules } from '../core/rules/registry';
import type { AnalysisOptions } from '../core/rules/types';
import { isZoneFile, zoneIncludeReader } from '../io/zone-includes';
import { LineIndex } from '../core/text';
import { collectFiles, InputError, isPemFile, readError } from './files';
import { formatJson, formatSarif, formatText, VERSION, type FileFinding } from './report';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const USAGE = `Usage: aws-hardening lint <files or folders…> [--format text|json|sarif] [--fix] [--origin <zone>]
       aws-hardening rules
       aws-hardening --version

Lints CloudFormation templates (YAML or JSON), DNS zone files (.zone, .dns, db.<domain>) and
PEM certificate bundles (.pem, .crt, .cer; binary DER certificates are skipped with a note)
for AWS hardening advice.
  --format   text (default), json (one JSON object) or sarif (SARIF 2.1.0)
  --fix      apply safe fixes in place and report what changed (on standard error)
  --origin   the origin of zone files that do not say (default: $ORIGIN, the SOA owner, or the file name)
Exit status: 0 when no error-severity finding, 1 when there is one, 2 on usage or I/O problems.`;

class UsageError extends Error {}

type Format = 'text' | 'json' | 'sarif';

interface LintArgs {
  readonly paths: string[];
  readonly format: Format;
  readonly fix: boolean;
  readonly origin?: string;
}

function parseLintArgs(args: readonly string[]): LintArgs {
  const paths: string[] = [];
  let format: Format = 'text';
  let fix = false;
  let origin: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--fix') fix = true;
    else if (arg === '--origin' || arg.startsWith('--origin=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (!value || !/^[A-Za-z0-9_.-]+$/.test(value)) throw new UsageError(`--origin takes a domain name${value === undefined ? '' : `, not '${value}'`}`);
      origin = value.endsWith('.') ? value : `${value}.`;
    }
    else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (value !== 'text' && value !== 'json' && value !== 'sarif') {
        throw new UsageError(`--format takes text, json or sarif${value === undefined ? '' : `, not '${value}'`}`);
      }
      format = value;
    } else if (arg === '--') paths.push(...args.slice(i + 1)), (i = args.length);
    else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else paths.push(arg);
  }
  if (paths.length === 0) throw new UsageError('lint needs at least one file or folder');
  return { paths, format, fix, ...(origin ? { origin } : {}) };
}

function lint(args: LintArgs, io: Io): number {
  const files = collectFiles(args.paths);
  const findings: FileFinding[] = [];
  const problems: string[] = [];
  let skipped = 0;
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      problems.push(readError(file, err).message);
      continue;
    }
    const pem = isPemFile(file);
    if (pem && !bytes.includes('-----BEGIN')) {
      // Not a problem with the user's files, so the exit status stays as the findings make it.
      io.err(`aws-hardening: note: skipped '${file}': no PEM text (a binary DER certificate? 'openssl x509 -inform der' converts it)`);
      skipped++;
      continue;
    }
    let text = bytes.toString('utf8');
    const options: AnalysisOptions = pem
      ? { language: 'pem', fileName: file }
      : isZoneFile(file)
        ? { language: 'dns-zone', fileName: file, readInclude: zoneIncludeReader([dirname(file)]), ...(args.origin ? { origin: args.origin } : {}) }
        : {};
    if (args.fix) {
      const fixed = fixAll(text, options);
      if (fixed.text !== text) {
        try {
          writeFileSync(file, fixed.text);
          for (const a of fixed.applied) io.err(`fixed ${file}: ${a.title} (${a.ruleId})`);
          text = fixed.text;
        } catch (err) {
          problems.push(`cannot write '${file}': ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
    const analysis = analyzeText(text, options);
    if (analysis.findings.length === 0) continue;
    const lines = new LineIndex(text);
    for (const f of analysis.findings) {
      findings.push({ ruleId: f.ruleId, severity: f.severity, file, range: lines.range(f), message: f.message, resource: f.resource });
    }
  }
  if (args.format === 'json') io.out(formatJson(findings));
  else if (args.format === 'sarif') io.out(formatSarif(findings));
  else io.out(formatText(findings, files.length - skipped));
  for (const p of problems) io.err(`aws-hardening: ${p}`);
  if (problems.length > 0) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
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
    if (err instanceof InputError) {
      io.err(`aws-hardening: ${err.message}`);
      return 2;
    }
    throw err;
  }
}
