// One rule text feeds the hover, the CLI, SARIF and the generated docs/rules/<id>.md pages.
import { E8_NAMES, type RuleMeta } from './rules/types';

export const REPOSITORY_URL = 'https://github.com/aws-hardening/aws-hardening';

export function ruleDocsUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`;
}

const SEVERITY_WORD = { error: 'Error', warning: 'Warning', information: 'Information' } as const;
const FIX_WORD = { none: 'none', safe: 'safe (applied by "Fix all" and `--fix`)', unsafe: 'unsafe (offered one at a time, labelled)' } as const;

function fence(language: RuleMeta['language'], code: string): string {
  const lang = language === 'cloudformation' ? 'yaml' : language === 'dns' ? 'dns' : language === 'account' ? 'json' : 'text';
  return `\`\`\`${lang}\n${code}\n\`\`\``;
}

/** The rule's documentation as Markdown; `heading` false gives the body used in hovers. */
export function ruleMarkdown(meta: RuleMeta, heading = true): string {
  const parts: string[] = [];
  if (heading) parts.push(`# ${meta.id}: ${meta.title}`, '');
  parts.push(
    meta.docs.what,
    '',
    `**Why:** ${meta.docs.why}`,
    '',
    `**Essential Eight:** ${meta.e8.map((e) => `${E8_NAMES[e]} (${e})`).join(', ')}`,
    '',
    `**Fix:** ${meta.docs.fix}`,
    '',
    `**Severity:** ${SEVERITY_WORD[meta.severity]} · **Quick fix:** ${FIX_WORD[meta.fix]}`,
    '',
    `**Equivalent rules elsewhere:** ${meta.anchors.length ? meta.anchors.map((a) => `\`${a}\``).join(', ') : 'none'}`,
  );
  if (meta.docs.bad) parts.push('', 'Flagged:', '', fence(meta.language, meta.docs.bad));
  if (meta.docs.good) parts.push('', 'Not flagged:', '', fence(meta.language, meta.docs.good));
  return `${parts.join('\n')}\n`;
}

/** Plain text for terminals and SARIF `help.text`. */
export function ruleText(meta: RuleMeta): string {
  return `${meta.docs.what} ${meta.docs.why} Fix: ${meta.docs.fix}`.replace(/`/g, '');
}
