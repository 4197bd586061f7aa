// Every reference a template makes (Ref, GetAtt, Sub, FindInMap, conditions, DependsOn), found in
// one walk and kept per Template object: the reference rules run on every keystroke and all read
// the same list instead of walking the template each.
import { asMap, asString, get, getPair, type MapNode, type Node, type ScalarNode } from '../../cfn/model';
import { intrinsicArg } from '../../cfn/refs';
import { intrinsicName, type Template } from '../../cfn/template';

export type RefKind = 'Ref' | 'GetAtt' | 'Sub' | 'FindInMap' | 'Condition' | 'DependsOn';

/** Where a reference sits: its top-level section, and the entry of that section holding it. */
export interface Owner {
  readonly section: string;
  /** The logical id, output, condition or rule name; null for sections without named entries (Globals). */
  readonly name: string | null;
}

export interface RefSite {
  readonly kind: RefKind;
  /** The name referred to: a logical id, parameter, pseudo parameter, mapping or condition. */
  readonly name: string;
  /** The attribute of a GetAtt (or a `${Name.Attr}` Sub): null when an intrinsic gives it. */
  readonly attribute?: string | null;
  /** Where the attribute is written, when it can be pinned down. */
  readonly attributeRange?: { readonly start: number; readonly end: number };
  /** The name's text (or, when it cannot be pinned down, the whole reference's). */
  readonly start: number;
  readonly end: number;
  /** True when start..end is exactly the name as written, so it can be replaced. */
  readonly exact: boolean;
  readonly owner: Owner;
  /** The `Fn::ForEach` identifiers in scope: names the loop substitutes, never wrong. */
  readonly loopVars: ReadonlySet<string>;
}

export interface References {
  readonly sites: readonly RefSite[];
  /**
   * Why no reference rule can judge this template, or undefined: a transform other than SAM and
   * the language extensions, or a macro (`Fn::Transform`, which `AWS::Include` is used through).
   */
  readonly skip?: string;
  /** `Transform: AWS::Serverless-…`: SAM generates resources named after its own. */
  readonly sam: boolean;
  /** Logical ids of `AWS::Serverless::*` resources, plus the implicit APIs SAM makes. */
  readonly samPrefixes: readonly string[];
  /**
   * Logical ids whose `Type` is a tag (`Type: !Rain::Module path`): a packaging tool replaces each
   * with the module's resources, named after it (`Network` gives `NetworkVPC`).
   */
  readonly modulePrefixes: readonly string[];
  /** Names `Fn::ForEach` loops generate, with each `${Identifier}` as a wildcard, per section. */
  readonly generated: ReadonlyMap<string, readonly RegExp[]>;
  /** The walk stopped at its budget (an alias bomb): what was not seen may use anything. */
  readonly complete: boolean;
  /** A Ref, Sub, FindInMap or condition whose name an intrinsic computes: it may use any of that kind. */
  readonly computed: { readonly parameter: boolean; readonly mapping: boolean; readonly condition: boolean };
  /** Each section's names as written (Resources without its loops). */
  readonly parameters: ReadonlyMap<string, Declared>;
  readonly resources: ReadonlyMap<string, Declared>;
  readonly conditions: ReadonlyMap<string, Declared>;
  readonly mappings: ReadonlyMap<string, Declared>;
}

/** A declared name and where its key is written. */
export interface Declared {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** Transforms whose output keeps the template's own names: everything else may add or use anything. */
const SAM_TRANSFORM = /^AWS::Serverless-\d{4}-\d{2}-\d{2}$/;
const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';

/** The resources SAM makes for a function's API events when no API is named. */
const SAM_IMPLICIT = ['ServerlessRestApi', 'ServerlessHttpApi'];

/** Nodes the walk visits at most: aliases share nodes, so a small text can stand for a huge tree. */
const MAX_VISITS = 1_000_000;

const cache = new WeakMap<Template, References>();

export function references(template: Template): References {
  let found = cache.get(template);
  if (!found) {
    found = new Walker(template).run();
    cache.set(template, found);
  }
  return found;
}

/** True when `name` is one a loop of `section` may generate. */
export function mayBeGenerated(refs: References, section: string, name: string): boolean {
  return refs.generated.get(section)?.some((re) => re.test(name)) ?? false;
}

/** True when SAM or a module may generate a resource of this name (it starts with a serverless resource's or a module's id). */
export function mayBeMadeBySamOrModule(refs: References, name: string): boolean {
  return (refs.sam && refs.samPrefixes.some((prefix) => name.startsWith(prefix))) || refs.modulePrefixes.some((prefix) => name.startsWith(prefix));
}

/** A name a loop substitutes into, or an intrinsic computes: it cannot be judged. */
export function hasPlaceholder(name: string): boolean {
  return name.includes('${') || name.includes('&{');
}

interface Scope {
  readonly owner: Owner;
  readonly loopVars: ReadonlySet<string>;
  /** Inside Conditions (or an And/Or/Not): a one-key `{Condition: X}` map is the Condition function. */
  readonly conditionFunctions: boolean;
}

const NO_VARS: ReadonlySet<string> = new Set();

function declared(map: MapNode | undefined): Map<string, Declared> {
  const out = new Map<string, Declared>();
  for (const pair of map?.pairs ?? []) {
    if (pair.key.startsWith('Fn::ForEach::') || pair.key === 'Fn::Transform') continue;
    out.set(pair.key, { name: pair.key, start: pair.keyStart, end: pair.keyEnd });
  }
  return out;
}

class Walker {
  private readonly sites: RefSite[] = [];
  private readonly generated = new Map<string, RegExp[]>();
  private readonly computed = { parameter: false, mapping: false, condition: false };
  private readonly text: string;
  private visits = 0;
  private macro = false;

  constructor(private readonly template: Template) {
    this.text = template.doc.text;
  }

  run(): References {
    const root = this.template.root;
    const transforms = transformNames(getPair(root, 'Transform')?.value ?? null);
    const sam = transforms.some((t) => SAM_TRANSFORM.test(t));
    const other = transforms.find((t) => !SAM_TRANSFORM.test(t) && t !== LANGUAGE_EXTENSIONS);
    for (const section of root.pairs) {
      const map = asMap(section.value);
      if (map && getPair(map, 'Fn::Transform')) this.macro = true;
      switch (section.key) {
        case 'Resources':
          this.entries(map, 'Resources', NO_VARS, true);
          break;
        case 'Outputs':
          this.entries(map, 'Outputs', NO_VARS, true);
          break;
        case 'Conditions':
        case 'Rules':
          // A section written as a list is wrong, but what it references is still referenced.
          if (map) this.entries(map, section.key, NO_VARS, false);
          else this.expr(section.value, { owner: { section: section.key, name: null }, loopVars: NO_VARS, conditionFunctions: section.key === 'Conditions' });
          break;
        case 'Globals':
          this.expr(section.value, { owner: { section: 'Globals', name: null }, loopVars: NO_VARS, conditionFunctions: false });
          break;
        default:
          // Parameters, Mappings and Metadata hold no reference CloudFormation resolves; a macro
          // among them still changes the whole template.
          this.findMacro(section.value);
      }
    }
    const samPrefixes = sam
      ? [
          ...SAM_IMPLICIT,
          ...this.template.resources.filter((r) => r.type.startsWith('AWS::Serverless::')).map((r) => r.logicalId),
        ]
      : [];
    const skip = transformsUnreadable(transforms, getPair(root, 'Transform')?.value ?? null)
      ? 'its Transform is not a list of names'
      : other
        ? `its transform ${other} may add or use any name`
        : this.macro
          ? 'a macro (Fn::Transform) may add or use any name'
          : undefined;
    const modulePrefixes = (asMap(getPair(root, 'Resources')?.value)?.pairs ?? [])
      .filter((pair) => {
        const type = get(pair.value, 'Type');
        return type?.kind === 'scalar' && type.tag !== undefined;
      })
      .map((pair) => pair.key);
    return {
      sites: this.sites,
      ...(skip ? { skip } : {}),
      sam,
      samPrefixes,
      modulePrefixes,
      generated: this.generated,
      complete: this.visits <= MAX_VISITS,
      computed: this.computed,
      parameters: declared(asMap(getPair(root, 'Parameters')?.value)),
      resources: declared(asMap(getPair(root, 'Resources')?.value)),
      conditions: declared(asMap(getPair(root, 'Conditions')?.value)),
      mappings: declared(asMap(getPair(root, 'Mappings')?.value)),
    };
  }

  /** A section's entries (resources, outputs, conditions, rules), and the loops among them. */
  private entries(map: MapNode | undefined, section: string, loopVars: ReadonlySet<string>, entryLevel: boolean): void {
    for (const pair of map?.pairs ?? []) {
      if (pair.key.startsWith('Fn::ForEach::')) {
        this.loop(pair.value, section, loopVars, (body, vars) => this.entries(asMap(body), section, vars, entryLevel));
        continue;
      }
      if (loopVars.size > 0 || hasPlaceholder(pair.key)) this.addPattern(section, pair.key);
      const scope: Scope = { owner: { section, name: pair.key }, loopVars, conditionFunctions: section === 'Conditions' };
      const entry = asMap(pair.value);
      if (!entryLevel || !entry) {
        this.expr(pair.value, scope);
        continue;
      }
      // A resource's or output's own keys: Condition and DependsOn name things without an intrinsic.
      for (const part of entry.pairs) {
        // A macro among an entry's own keys (AWS::Include) rewrites the entry: anything may follow.
        if (part.key === 'Fn::Transform') this.macro = true;
        if (part.key === 'Condition') this.named('Condition', part.value, scope);
        else if (part.key === 'DependsOn' && section === 'Resources') {
          const v = part.value;
          if (v?.kind === 'seq' && !v.tag) for (const item of v.items) this.named('DependsOn', item, scope);
          else this.named('DependsOn', v, scope);
        } else if (part.key !== 'Type') this.expr(part.value, scope);
      }
    }
  }

  /** `Fn::ForEach::Name: [Identifier, Collection, {OutputKey: body}]`: the collection, then the body with the identifier. */
  private loop(node: Node | null, section: string, loopVars: ReadonlySet<string>, body: (node: Node | null, vars: ReadonlySet<string>) => void): void {
    if (!this.visit() || node?.kind !== 'seq') return;
    const [identifier, collection, template] = node.items;
    const scope: Scope = { owner: { section, name: null }, loopVars, conditionFunctions: false };
    this.expr(collection ?? null, scope);
    const id = asString(identifier ?? null);
    const vars = id ? new Set([...loopVars, id]) : loopVars;
    body(template ?? null, vars);
  }

  private addPattern(section: string, key: string): void {
    const list = this.generated.get(section) ?? [];
    if (list.length >= 1000) return;
    const source = key
      .split(/(\$\{[^}]*\}|&\{[^}]*\})/)
      .map((part, i) => (i % 2 === 1 ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    list.push(new RegExp(`^${source}$`, 's'));
    this.generated.set(section, list);
  }

  private visit(): boolean {
    return ++this.visits <= MAX_VISITS;
  }

  /** A macro anywhere, in sections otherwise not walked. */
  private findMacro(node: Node | null): void {
    if (!node || this.macro || !this.visit()) return;
    if (node.tag === 'Transform') this.macro = true;
    else if (node.kind === 'map') {
      for (const pair of node.pairs) {
        if (pair.key === 'Fn::Transform') this.macro = true;
        this.findMacro(pair.value);
      }
    } else if (node.kind === 'seq') for (const item of node.items) this.findMacro(item);
  }

  private expr(node: Node | null | undefined, scope: Scope): void {
    if (!node || !this.visit()) return;
    const name = intrinsicName(node);
    switch (name) {
      case 'Ref':
        return this.ref(node, scope);
      case 'Fn::GetAtt':
        return this.getAtt(node, scope);
      case 'Fn::Sub':
        return this.sub(node, scope);
      case 'Fn::FindInMap':
        return this.findInMap(node, scope);
      case 'Fn::If':
        return this.fnIf(node, scope);
      case 'Condition':
        if (node.tag || scope.conditionFunctions) return this.named('Condition', intrinsicArg(node), scope, node);
        break;
      case 'Fn::ValueOf': {
        // A rule's assertion reads a parameter's attribute: `[ParameterName, Attribute]`.
        const arg = intrinsicArg(node);
        if (arg?.kind === 'seq') {
          this.named('Ref', arg.items[0], scope);
          for (const item of arg.items.slice(1)) this.expr(item, scope);
          return;
        }
        break;
      }
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
        return this.children(node, { ...scope, conditionFunctions: true });
      case 'Fn::Transform':
        this.macro = true;
        break;
    }
    if (node.tag && node.kind === 'map') {
      // `!ImportValue` over a block map `Fn::Sub: …`: the tag's argument is itself a long-form intrinsic.
      const { tag: _tag, ...argument } = node;
      if (intrinsicName(argument)) return this.expr(argument, scope);
    }
    this.children(node, scope);
  }

  private children(node: Node, scope: Scope): void {
    if (node.kind === 'seq') for (const item of node.items) this.expr(item, scope);
    else if (node.kind === 'map') {
      for (const pair of node.pairs) {
        if (pair.key === 'Fn::Transform') this.macro = true;
        if (pair.key.startsWith('Fn::ForEach::')) {
          // A loop among properties generates property keys: its body is walked with the identifier.
          this.loop(pair.value, scope.owner.section, scope.loopVars, (body, vars) => this.expr(body, { ...scope, loopVars: vars }));
        } else this.expr(pair.value, scope);
      }
    }
  }

  /**
   * The name in `Ref`'s argument, a resource's `Condition`, a `DependsOn` item or `!Condition`:
   * a plain scalar (or the short-form intrinsic `own` itself); anything else is computed.
   */
  private named(kind: 'Ref' | 'Condition' | 'DependsOn', node: Node | null | undefined, scope: Scope, own?: Node): void {
    if (!node) return;
    if (node.kind === 'scalar' && node.value !== null && typeof node.value !== 'boolean' && (!node.tag || node === own)) {
      const value = String(node.value);
      this.push(kind, value, scope, this.locate(node, value));
      return;
    }
    if (kind === 'Ref') this.computed.parameter = true;
    if (kind === 'Condition') this.computed.condition = true;
    // The short form's own tag is not walked again: only what it holds.
    if (node === own) this.children(node, scope);
    else this.expr(node, scope);
  }

  private ref(node: Node, scope: Scope): void {
    this.named('Ref', intrinsicArg(node), scope, node);
  }

  private getAtt(node: Node, scope: Scope): void {
    const arg = intrinsicArg(node);
    if (!arg) return;
    if (arg.kind === 'scalar') {
      if (arg.value === null) return;
      if (arg.tag && arg !== node) return this.expr(arg, scope);
      const text = String(arg.value);
      const dot = text.indexOf('.');
      const name = dot < 0 ? text : text.slice(0, dot);
      const attribute = dot < 0 ? null : text.slice(dot + 1);
      const at = this.locate(arg, text);
      const range = at.exact ? { start: at.start, end: at.start + name.length, exact: true } : at;
      const attributeRange = at.exact && attribute !== null ? { start: at.start + dot + 1, end: at.end } : undefined;
      return this.push('GetAtt', name, scope, range, attribute, attributeRange);
    }
    if (arg.kind === 'seq') {
      const [first, second] = arg.items;
      const attr = second?.kind === 'scalar' && !second.tag && second.value !== null ? String(second.value) : null;
      if (second && attr === null) this.expr(second, scope);
      if (first?.kind === 'scalar' && !first.tag && first.value !== null) {
        const name = String(first.value);
        const at = attr !== null && second?.kind === 'scalar' ? this.locate(second, attr) : undefined;
        return this.push('GetAtt', name, scope, this.locate(first, name), attr, at?.exact ? at : undefined);
      }
      if (first) this.expr(first, scope);
      return;
    }
    if (arg === node) this.children(arg, scope);
    else this.expr(arg, scope);
  }

  private sub(node: Node, scope: Scope): void {
    const arg = intrinsicArg(node);
    if (!arg) return;
    let template: Node | undefined;
    let vars: MapNode | undefined;
    if (arg.kind === 'scalar') template = arg;
    else if (arg.kind === 'seq') {
      template = arg.items[0];
      vars = asMap(arg.items[1]);
      if (arg.items[1]) this.expr(arg.items[1], scope);
    } else return arg === node ? this.children(arg, scope) : this.expr(arg, scope);
    if (template?.kind !== 'scalar' || (template.tag && template !== node) || template.value === null) {
      // The string is computed: it may name any parameter.
      this.computed.parameter = true;
      if (template) this.expr(template, scope);
      return;
    }
    const own = new Set(vars?.pairs.map((p) => p.key) ?? []);
    const text = String(template.value);
    const raw = this.text.slice(template.start, template.end);
    let from = 0;
    for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
      const inner = m[1]!;
      if (inner.startsWith('!')) continue;
      const trimmed = inner.trim();
      // CloudFormation reads only plain names here; anything else is a literal or someone else's error.
      if (!/^[A-Za-z0-9_:.-]+$/.test(trimmed)) continue;
      const dot = trimmed.startsWith('AWS::') ? -1 : trimmed.indexOf('.');
      const name = dot < 0 ? trimmed : trimmed.slice(0, dot);
      if (own.has(name) || own.has(trimmed)) continue;
      const at = raw.indexOf(m[0], from);
      let range: { start: number; end: number; exact: boolean };
      if (at >= 0) {
        from = at + m[0].length;
        const nameAt = template.start + at + 2 + inner.indexOf(name);
        range = { start: nameAt, end: nameAt + name.length, exact: true };
      } else range = { start: template.start, end: template.end, exact: false };
      const attribute = dot < 0 ? undefined : trimmed.slice(dot + 1);
      const attributeRange = attribute !== undefined && range.exact ? { start: range.end + 1, end: range.end + 1 + attribute.length } : undefined;
      this.push('Sub', name, scope, range, attribute, attributeRange);
    }
  }

  private findInMap(node: Node, scope: Scope): void {
    const arg = intrinsicArg(node);
    if (arg?.kind !== 'seq') {
      if (arg && arg !== node) this.expr(arg, scope);
      return;
    }
    const [first, ...rest] = arg.items;
    if (first?.kind === 'scalar' && !first.tag && first.value !== null) {
      const name = String(first.value);
      this.push('FindInMap', name, scope, this.locate(first, name));
    } else {
      this.computed.mapping = true;
      if (first) this.expr(first, scope);
    }
    for (const item of rest) this.expr(item, scope);
  }

  private fnIf(node: Node, scope: Scope): void {
    const arg = intrinsicArg(node);
    if (arg?.kind !== 'seq') {
      if (arg && arg !== node) this.expr(arg, scope);
      return;
    }
    const [condition, ...branches] = arg.items;
    this.named('Condition', condition, scope);
    for (const item of branches) this.expr(item, scope);
  }

  /** Where `name` is written inside a scalar (after any tag, inside any quotes). */
  private locate(scalar: ScalarNode, name: string): { start: number; end: number; exact: boolean } {
    const raw = this.text.slice(scalar.start, scalar.end);
    const skip = scalar.tag ? scalar.tag.length + 1 : 0;
    const at = raw.indexOf(name, skip);
    return at >= 0 && name.length > 0
      ? { start: scalar.start + at, end: scalar.start + at + name.length, exact: true }
      : { start: scalar.start, end: scalar.end, exact: false };
  }

  private push(
    kind: RefKind,
    name: string,
    scope: Scope,
    range: { start: number; end: number; exact: boolean },
    attribute?: string | null,
    attributeRange?: { start: number; end: number },
  ): void {
    // A name a loop fills in may be any of its kind.
    if (hasPlaceholder(name)) {
      if (kind === 'Ref' || kind === 'Sub') this.computed.parameter = true;
      if (kind === 'FindInMap') this.computed.mapping = true;
      if (kind === 'Condition') this.computed.condition = true;
    }
    this.sites.push({
      kind,
      name,
      ...(attribute !== undefined ? { attribute } : {}),
      ...(attributeRange ? { attributeRange } : {}),
      start: range.start,
      end: range.end,
      exact: range.exact,
      owner: scope.owner,
      loopVars: scope.loopVars,
    });
  }
}

/** The names a `Transform` value lists: a name, or a list of names. */
function transformNames(node: Node | null): string[] {
  if (!node) return [];
  if (node.kind === 'seq' && !node.tag) return node.items.map((n) => asString(n)).filter((s): s is string => s !== undefined);
  const one = asString(node);
  return one === undefined ? [] : [one];
}

/** A Transform written as a map (with a Name and Parameters) or an intrinsic: a macro, unreadable here. */
function transformsUnreadable(names: string[], node: Node | null): boolean {
  if (!node) return false;
  if (node.kind === 'seq' && !node.tag) return names.length !== node.items.length;
  return names.length === 0;
}
