// A live finding's details as Markdown, for the account view: what was found, where, the evidence
// the API gave, why it matters and how to fix it (console steps and the AWS CLI, filled with the
// resource's names). Everything the account said goes through the helpers of `markdown.ts`, so a
// tag, a policy Sid or a record value cannot add a link, HTML or a table column.
import { ruleDocsUrl } from '../../core/docs';
import { ruleMeta } from '../../core/rules/registry';
import type { AccountFindingInfo } from '../../protocol';
import { codeSpan, fenced, mdText } from './markdown';
import { remediationFor } from './remediation';

const SEVERITY_WORD = { error: 'Error', warning: 'Warning', information: 'Information' } as const;

/** The Markdown of one finding. */
export function findingDetails(f: AccountFindingInfo): string {
  const meta = ruleMeta(f.ruleId);
  const out: string[] = [`# ${codeSpan(f.ruleId)}${meta ? `: ${mdText(meta.title)}` : ''}`, '', `**${SEVERITY_WORD[f.severity] ?? 'Finding'}.** ${mdText(f.message)}`, ''];

  const rows: Array<[string, string | null]> = [
    ['Resource', f.resource],
    ['Name', f.resourceName],
    ['Region', f.region],
    ['Account', f.account],
    ['Profile', f.profile],
    ['Stack', f.stack],
    ['Logical id', f.logicalId],
  ];
  out.push('| | |', '| --- | --- |');
  for (const [label, value] of rows) if (value) out.push(`| ${label} | ${codeSpan(value)} |`);
  out.push('');

  if (f.evidence && Object.keys(f.evidence).length > 0) {
    out.push('## Evidence', '', 'What the AWS API answered:', '', fenced('json', JSON.stringify(f.evidence, null, 2)), '');
  }

  if (meta) out.push('## Why it matters', '', meta.docs.why, '');

  out.push('## How to fix', '');
  if (f.stack && f.logicalId) {
    out.push(`> This resource belongs to stack ${codeSpan(f.stack)} (logical id ${codeSpan(f.logicalId)}): fix it in the template instead, so the stack does not drift.`, '');
  }
  const remediation = remediationFor(f.ruleId);
  if (remediation) {
    out.push(`**In the console:** ${remediation.console(f)}`, '', '**With the AWS CLI:**', '', fenced('sh', remediation.cli(f).join('\n')), '');
  } else if (meta) {
    out.push(meta.docs.fix, '');
  }
  // Only a known rule id makes a link: the id comes from the client.
  if (meta) out.push(`[Rule documentation](${ruleDocsUrl(meta.id)})`, '');
  return out.join('\n');
}
