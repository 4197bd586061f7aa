// Route53 names and values out of template intrinsics. Names are read symbolically: whatever a
// parameter, pseudo parameter or attribute stands for is written `${X}`, so `!Ref DomainName` and
// `!Sub '_dmarc.${DomainName}'` meet at the same apex whatever the stack is deployed with. Values
// must be judged as text, so a parameter in a value reads as its literal Default (no Default:
// unknown). A value keeps where its literal runs were written, so a fix can edit only those.
import { asMap, getPair, type Node, type ScalarNode } from '../cfn/model';
import { intrinsicArg, parameter } from '../cfn/refs';
import { intrinsicName, literal, type Template } from '../cfn/template';

/** A literal run of resolved text: `length` characters at `at` came from offset `from` of the written string. */
export interface Run {
  readonly at: number;
  readonly length: number;
  readonly from: number;
}

/** Where a resolved value was written: a literal scalar, or the template string of a `Fn::Sub`. */
export interface Written {
  readonly scalar: ScalarNode;
  readonly sub: boolean;
  readonly runs: readonly Run[];
}

export interface Resolved {
  readonly text: string;
  /** Undefined when the text was assembled in a way a fix cannot edit (`Fn::Join`, a parameter's Default). */
  readonly written?: Written;
}

type Mode = 'name' | 'value';

/** A `${…}` token of a name, e.g. `${DomainName}` or `${Lb.DNSName}`. */
function token(name: string): string {
  return `\${${name}}`;
}

/**
 * Expands a `Fn::Sub` template string with `lookup`, recording the literal runs. `${!X}` is the
 * literal text `${X}`. Undefined when a variable has no value or a `${` is not closed.
 */
function substitute(source: string, lookup: (name: string) => string | undefined): { text: string; runs: Run[] } | undefined {
  let text = '';
  const runs: Run[] = [];
  const keep = (from: number, to: number): void => {
    if (to <= from) return;
    runs.push({ at: text.length, length: to - from, from });
    text += source.slice(from, to);
  };
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('${', i);
    if (open < 0) {
      keep(i, source.length);
      break;
    }
    if (source[open + 2] === '!') {
      keep(i, open + 2);
      i = open + 3;
      continue;
    }
    const close = source.indexOf('}', open);
    if (close < 0) return undefined;
    keep(i, open);
    const value = lookup(source.slice(open + 2, close));
    if (value === undefined) return undefined;
    text += value;
    i = close + 1;
  }
  return { text, runs };
}

/** A plain string argument of an intrinsic (the short form's tagged scalar, or the long form's value). */
function stringArg(node: Node | null): ScalarNode | undefined {
  return node?.kind === 'scalar' && node.value !== null && typeof node.value === 'string' ? node : undefined;
}

function resolve(template: Template, node: Node | null | undefined, mode: Mode, depth: number): Resolved | undefined {
  if (!node || depth > 8) return undefined;
  const plain = literal(node);
  if (plain) {
    const text = String(plain.value);
    return { text, written: { scalar: plain, sub: false, runs: [{ at: 0, length: text.length, from: 0 }] } };
  }
  const name = intrinsicName(node);
  const arg = name ? intrinsicArg(node) : null;
  switch (name) {
    case 'Ref': {
      const target = stringArg(arg)?.value as string | undefined;
      if (target === undefined) return undefined;
      if (mode === 'name') return { text: token(target) };
      const fallback = parameter(template, target)?.default;
      return fallback === undefined ? undefined : { text: fallback };
    }
    case 'Fn::GetAtt': {
      if (mode === 'value') return undefined;
      const parts = arg?.kind === 'seq' ? arg.items.map((i) => stringArg(i)?.value) : [stringArg(arg)?.value];
      return parts.every((p) => typeof p === 'string') ? { text: token(parts.join('.')) } : undefined;
    }
    case 'Fn::Sub':
      return resolveSub(template, arg, mode, depth);
    case 'Fn::Join': {
      if (arg?.kind !== 'seq' || arg.items.length !== 2) return undefined;
      const delimiter = literal(arg.items[0]);
      const list = arg.items[1]!;
      if (!delimiter || list.kind !== 'seq' || list.tag) return undefined;
      const parts: string[] = [];
      for (const item of list.items) {
        const part = resolve(template, item, mode, depth + 1);
        if (!part) return undefined;
        parts.push(part.text);
      }
      return { text: parts.join(String(delimiter.value)) };
    }
    default:
      return undefined;
  }
}

function resolveSub(template: Template, arg: Node | null, mode: Mode, depth: number): Resolved | undefined {
  let source: ScalarNode | undefined;
  let variables: Node | null | undefined;
  if (arg?.kind === 'seq') {
    source = stringArg(arg.items[0] ?? null);
    variables = arg.items[1];
    if (arg.items.length !== 2 || !asMap(variables)) return undefined;
  } else source = stringArg(arg);
  if (!source) return undefined;
  const written = source.value as string;
  // A literal `${X}` in a name would read as a parameter's token: the name is unknown instead.
  if (mode === 'name' && written.includes('${!')) return undefined;
  const lookup = (key: string): string | undefined => {
    const bound = getPair(asMap(variables), key);
    if (bound) return resolve(template, bound.value, mode, depth + 1)?.text;
    if (mode === 'name') return token(key);
    // Pseudo parameters and attributes have no Default a value could be judged with.
    return key.includes('.') || key.includes('::') ? undefined : parameter(template, key)?.default;
  };
  const expanded = substitute(written, lookup);
  return expanded ? { text: expanded.text, written: { scalar: source, sub: true, runs: expanded.runs } } : undefined;
}

/** A record or zone name, absolute (a final dot added), with `${X}` for what the stack fills in; undefined when unknown. */
export function resolveName(template: Template, node: Node | null | undefined): string | undefined {
  const text = resolve(template, node, 'name', 0)?.text;
  if (!text) return undefined;
  return text.endsWith('.') ? text : `${text}.`;
}

/** A record value as text, parameters read as their Default; undefined when unknown. */
export function resolveValue(template: Template, node: Node | null | undefined): Resolved | undefined {
  return resolve(template, node, 'value', 0);
}

/** Whether a name has parts the stack fills in. */
export function isSymbolic(name: string): boolean {
  return name.includes('${');
}

/**
 * The written string after turning the resolved text `before` into `after`: the change must fall
 * inside one literal run. Undefined when it touches a substituted part.
 */
export function rewrite(written: Written, before: string, after: string): string | undefined {
  let prefix = 0;
  const limit = Math.min(before.length, after.length);
  while (prefix < limit && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < limit - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  const end = before.length - suffix;
  const run = written.runs.find((r) => r.at <= prefix && end <= r.at + r.length);
  if (!run) return undefined;
  let inserted = after.slice(prefix, after.length - suffix);
  // In a Sub, a literal `${` must be written `${!` or CloudFormation would substitute it.
  if (written.sub) inserted = inserted.replace(/\$\{/g, '${!');
  const source = String(written.scalar.value);
  return source.slice(0, run.from + (prefix - run.at)) + inserted + source.slice(run.from + (end - run.at));
}
