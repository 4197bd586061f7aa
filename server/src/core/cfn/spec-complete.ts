// What to offer at the cursor of a template being written, from the resource-type index and the
// template's own names: resource types after `Type:`, property keys of the map under the cursor
// (required first, those written left out), allowed values, `Ref` and `Sub` targets, `GetAtt`
// resources and attributes, and a resource type with its required properties as a snippet.
// The context comes from the text (complete-context.ts); the template's names from its last
// good parse, so completion works while the text does not parse.
import { loadCfnIndex, propertiesAt, propertyAt, resourceType, type CfnProperty } from '../cfn-spec';
import { completionContext, type RawContext, type Segment, type SubContext } from './complete-context';
import { asMap, get } from './model';
import type { Template } from './template';

export type SpecItemKind = 'type' | 'property' | 'value' | 'parameter' | 'resource' | 'pseudo' | 'attribute' | 'keyword' | 'condition';

export interface SpecItem {
  readonly label: string;
  readonly kind: SpecItemKind;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  readonly insertText: string;
  /** insertText has tab stops (`${1}`). */
  readonly snippet?: boolean;
  readonly filterText?: string;
  readonly sortText?: string;
  /** The resource type whose docs the item shows, read only when the editor asks for them. */
  readonly docsOfType?: string;
  /** A value follows what is inserted, so the editor may offer completion again. */
  readonly suggestAgain?: boolean;
}

export interface SpecCompletion {
  /** The text the items replace. */
  readonly start: number;
  readonly end: number;
  readonly items: readonly SpecItem[];
  /** More items may come as the word grows (the required-properties snippets wait for a narrower word). */
  readonly isIncomplete: boolean;
}

/** The names a template defines, read from a parse (possibly of an earlier version of the text). */
export interface TemplateFacts {
  readonly parameters: ReadonlyArray<{ readonly name: string; readonly type?: string }>;
  readonly resources: ReadonlyArray<{ readonly id: string; readonly type: string }>;
  readonly conditions: readonly string[];
}

export const NO_FACTS: TemplateFacts = { parameters: [], resources: [], conditions: [] };

/** At most this many names of each kind are offered: a template has at most 500 resources. */
const MAX_NAMES = 5000;
/** The required-properties snippets are offered once a word narrows the types to this many. */
const MAX_SNIPPETS = 40;

export const PSEUDO_PARAMETERS: ReadonlyArray<{ readonly name: string; readonly docs: string }> = [
  { name: 'AWS::AccountId', docs: 'The ID of the account in which the stack is being created.' },
  { name: 'AWS::NotificationARNs', docs: 'The list of notification ARNs for the stack.' },
  { name: 'AWS::NoValue', docs: 'Removes the property: as the value of a property, or as a branch of `Fn::If`.' },
  { name: 'AWS::Partition', docs: 'The partition the resource is in: `aws`, `aws-cn`, `aws-us-gov`…' },
  { name: 'AWS::Region', docs: 'The Region in which the stack is being created.' },
  { name: 'AWS::StackId', docs: 'The ID (ARN) of the stack.' },
  { name: 'AWS::StackName', docs: 'The name of the stack.' },
  { name: 'AWS::URLSuffix', docs: 'The suffix of a domain, usually `amazonaws.com`.' },
];

const RESOURCE_KEYS: ReadonlyArray<{ readonly name: string; readonly docs: string; readonly block: 'map' | 'scalar' }> = [
  { name: 'Type', docs: 'The resource type, e.g. `AWS::S3::Bucket`.', block: 'scalar' },
  { name: 'Properties', docs: "The resource's properties.", block: 'map' },
  { name: 'DependsOn', docs: 'Resources created before this one.', block: 'scalar' },
  { name: 'Condition', docs: 'The condition under which the resource is created.', block: 'scalar' },
  { name: 'DeletionPolicy', docs: 'What happens to the resource when it leaves the stack: `Delete`, `Retain`, `RetainExceptOnCreate` or `Snapshot`.', block: 'scalar' },
  { name: 'UpdateReplacePolicy', docs: 'What happens to the old resource when an update replaces it: `Delete`, `Retain` or `Snapshot`.', block: 'scalar' },
  { name: 'Metadata', docs: 'Data attached to the resource.', block: 'map' },
  { name: 'CreationPolicy', docs: 'Waits for signals before the resource counts as created.', block: 'map' },
  { name: 'UpdatePolicy', docs: 'How updates of an Auto Scaling group, Lambda alias or similar are rolled out.', block: 'map' },
];

const POLICY_VALUES: Readonly<Record<string, readonly string[]>> = {
  DeletionPolicy: ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'],
  UpdateReplacePolicy: ['Delete', 'Retain', 'Snapshot'],
};

/** The names a template defines: parameters (with their type), typed resources, conditions. */
export function templateFacts(template: Template | undefined): TemplateFacts {
  if (!template) return NO_FACTS;
  const names = (section: string): string[] => (asMap(get(template.root, section))?.pairs ?? []).slice(0, MAX_NAMES).map((p) => p.key);
  const parameters = (asMap(get(template.root, 'Parameters'))?.pairs ?? []).slice(0, MAX_NAMES).map((p) => {
    const type = get(p.value, 'Type');
    return { name: p.key, ...(type?.kind === 'scalar' && typeof type.value === 'string' ? { type: type.value } : {}) };
  });
  return { parameters, resources: template.resources.slice(0, MAX_NAMES).map((r) => ({ id: r.logicalId, type: r.type })), conditions: names('Conditions') };
}

/** The completion at `offset` of a template's text, or undefined when there is nothing to offer. */
export function specCompletions(text: string, offset: number, facts: TemplateFacts = NO_FACTS, json?: boolean): SpecCompletion | undefined {
  const context = completionContext(text, offset, json);
  if (!context) return undefined;
  if (context.position === 'sub') return subItems(context, facts);
  const items = itemsFor(context, facts);
  return items && items.items.length > 0 ? items : undefined;
}

function keyOf(segment: Segment | undefined): string | undefined {
  return segment && 'key' in segment ? segment.key : undefined;
}

function isIntrinsicKey(key: string): boolean {
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
}

function itemsFor(context: RawContext, facts: TemplateFacts): SpecCompletion | undefined {
  const path = context.path;
  const last = path[path.length - 1];
  const beforeLast = path[path.length - 2];
  const intrinsic = (s: Segment | undefined): string | undefined => (s && 'tag' in s ? (s.tag === 'Ref' || s.tag === 'Condition' ? s.tag : `Fn::${s.tag}`) : keyOf(s) && isIntrinsicKey(keyOf(s)!) ? keyOf(s) : undefined);
  const inResource = keyOf(path[0]) === 'Resources' ? keyOf(path[1]) : undefined;
  // Intrinsic functions, wherever they are.
  if (context.position === 'value' && intrinsic(last) === 'Ref') return refItems(context, facts, inResource);
  if (context.position === 'value' && intrinsic(last) === 'Fn::GetAtt') return getAttDotted(context, facts, inResource);
  if (context.position === 'item' && last && 'item' in last && intrinsic(beforeLast) === 'Fn::GetAtt') {
    if (last.item === 0) return resourceNames(context, facts, inResource, false);
    if (last.item === 1 && context.itemsBefore[0]) return attributeItems(context, facts, context.itemsBefore[0], context.start, context.end);
    return undefined;
  }
  if (context.position === 'item' && last && 'item' in last && last.item === 0 && intrinsic(beforeLast) === 'Fn::If') return conditionItems(context, facts);
  if (inResource === undefined) return undefined;
  if (path.length === 2 && context.position === 'key') return resourceKeyItems(context);
  const section = keyOf(path[2]);
  if (path.length === 3 && context.position === 'value') {
    if (section === 'Type') return typeItems(context);
    if (section === 'Condition') return conditionItems(context, facts);
    if (section === 'DependsOn') return resourceNames(context, facts, inResource, false);
    const values = POLICY_VALUES[section ?? ''];
    return values ? valueItems(context, values.map((v) => ({ value: v }))) : undefined;
  }
  if (section === 'DependsOn' && path.length === 4 && context.position === 'item') return resourceNames(context, facts, inResource, false);
  if (section !== 'Properties') return undefined;
  const type = context.resourceTypeText ?? facts.resources.find((r) => r.id === inResource)?.type;
  if (!type || !resourceTypeKnown(type)) return undefined;
  const names = propertyPath(path.slice(3));
  if (!names) return undefined;
  if (context.position === 'key') return propertyItems(context, type, names);
  const property = names.length > 0 ? propertyAt(type, names) : undefined;
  const values = property ? propertyValues(property) : [];
  // After `- ` in block style: an item of a list of values, or the first key of a list's item map
  // (or of an If's branch).
  if (context.position === 'item' && values.length === 0) return context.syntax === 'block' ? propertyItems(context, type, names) : undefined;
  if (!property) return undefined;
  return valueItems(context, values, /^(list<)?(boolean|integer|number)>?$/.test(property.type));
}

function resourceTypeKnown(type: string): boolean {
  return loadCfnIndex().resource(type) !== undefined;
}

/**
 * The property names along a path under `Properties`: list items are stepped through (they are of
 * the list's type), and so are the branches of an `If`; any other intrinsic ends it (what it
 * returns is not written in place). Undefined when the path leads into one.
 */
function propertyPath(segments: readonly Segment[]): string[] | undefined {
  const names: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if ('item' in s) continue;
    const ifHere = 'tag' in s ? s.tag === 'If' : s.key === 'Fn::If';
    if (ifHere) {
      const branch = segments[i + 1];
      if (!branch || !('item' in branch) || (branch.item !== 1 && branch.item !== 2)) return undefined;
      i++;
      continue;
    }
    if ('tag' in s || isIntrinsicKey(s.key)) return undefined;
    names.push(s.key);
  }
  return names;
}

function propertyValues(property: CfnProperty): Array<{ value: string; docs?: string }> {
  if (property.allowedValues) return property.allowedValues.map((value) => ({ value }));
  if (/^(list<)?boolean>?$/.test(property.type)) return [{ value: 'true' }, { value: 'false' }];
  return [];
}

// ---------------------------------------------------------------------------------------------
// Writing what is inserted

/** YAML reads these plain scalars as something other than a string. */
const YAML_SPECIAL = /^(true|false|yes|no|on|off|y|n|null|~|[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i;

/**
 * A value as the context writes it: JSON quotes, YAML plain where that reads back the same. A
 * `literal` (the value of a boolean, integer or number property) stays unquoted where it can.
 */
function scalarText(context: RawContext, value: string, literal = false): { insert: string; filter: string } {
  if (context.syntax === 'json') {
    if (literal && /^(true|false|-?\d+(\.\d+)?)$/.test(value) && !context.quoted) return { insert: value, filter: value };
    const quoted = JSON.stringify(value);
    return { insert: quoted, filter: context.quoted ? quoted : value };
  }
  if (context.quoted) {
    // The user's own quotes, kept.
    const insert = context.quote === "'" ? `'${value.replace(/'/g, "''")}'` : JSON.stringify(value);
    return { insert, filter: insert };
  }
  const plain = /^[A-Za-z0-9_/][A-Za-z0-9_.:/@=+-]*$/.test(value) && !/:$/.test(value) && (literal || !YAML_SPECIAL.test(value));
  const insert = plain ? value : JSON.stringify(value);
  return { insert: context.needsSpace ? ` ${insert}` : insert, filter: value };
}

function valueItems(context: RawContext, values: ReadonlyArray<{ value: string; docs?: string }>, literal = false): SpecCompletion | undefined {
  if (values.length === 0) return undefined;
  const items = values.map(({ value, docs }, i): SpecItem => {
    const { insert, filter } = scalarText(context, value, literal);
    return { label: value, kind: 'value', insertText: insert, filterText: filter, sortText: String(i).padStart(4, '0'), ...(docs ? { documentation: docs } : {}) };
  });
  return { start: context.start, end: context.end, items, isIncomplete: false };
}

/** A key and what follows it, in the context's syntax. */
function keyText(context: RawContext, name: string, shape: 'scalar' | 'map' | 'list'): { insert: string; filter: string } {
  if (context.syntax === 'json') {
    const quoted = JSON.stringify(name);
    return { insert: context.colonFollows ? quoted : `${quoted}: `, filter: context.quoted ? quoted : name };
  }
  if (context.colonFollows) return { insert: name, filter: name };
  if (context.syntax === 'flow' || shape === 'scalar') return { insert: `${name}: `, filter: name };
  // Block style: the nested map or list starts on the next line, indented under the key.
  const indent = ' '.repeat(context.column + 2);
  return { insert: shape === 'map' ? `${name}:\n${indent}` : `${name}:\n${indent}- `, filter: name };
}

// ---------------------------------------------------------------------------------------------
// Items

function shapeOf(property: CfnProperty): 'scalar' | 'map' | 'list' {
  if (property.type.startsWith('list<') && property.propertyType) return 'list';
  if (property.propertyType && !property.type.startsWith('map<') && !property.type.includes(' | ')) return 'map';
  return 'scalar';
}

function propertyItems(context: RawContext, type: string, names: readonly string[]): SpecCompletion | undefined {
  // Under a map<…> of a property type, the last name is the author's own key: the map's item type.
  const properties = propertiesAt(type, names) ?? (names.length > 1 && propertyAt(type, names.slice(0, -1))?.type.startsWith('map<') ? propertiesAt(type, names.slice(0, -1)) : undefined);
  if (!properties) return undefined;
  const present = new Set(context.present);
  const items = properties
    .filter((p) => !present.has(p.name))
    .map((p): SpecItem => {
      const { insert, filter } = keyText(context, p.name, shapeOf(p));
      return {
        label: p.name,
        kind: 'property',
        detail: `${p.type} · ${p.required ? 'required' : 'optional'}`,
        ...(p.docs ? { documentation: p.docs } : {}),
        insertText: insert,
        filterText: filter,
        // Required properties first, each group by name.
        sortText: `${p.required ? 0 : 1}${p.name}`,
        ...(shapeOf(p) === 'scalar' && propertyValues(p).length > 0 && !context.colonFollows ? { suggestAgain: true } : {}),
      };
    });
  return { start: context.start, end: context.end, items, isIncomplete: false };
}

function resourceKeyItems(context: RawContext): SpecCompletion {
  const present = new Set(context.present);
  const items = RESOURCE_KEYS.filter((k) => !present.has(k.name)).map((k, i): SpecItem => {
    const { insert, filter } = keyText(context, k.name, k.block);
    return { label: k.name, kind: 'keyword', documentation: k.docs, insertText: insert, filterText: filter, sortText: String(i).padStart(2, '0'), ...(k.name === 'Type' || k.name in POLICY_VALUES ? { suggestAgain: true } : {}) };
  });
  return { start: context.start, end: context.end, items, isIncomplete: false };
}

/** Every resource type; with a narrow word, also each with its required properties as a snippet. */
function typeItems(context: RawContext): SpecCompletion {
  const index = loadCfnIndex();
  const items: SpecItem[] = [];
  for (const name of index.typeNames) {
    const { insert, filter } = scalarText(context, name);
    items.push({ label: name, kind: 'type', insertText: insert, filterText: filter, sortText: name, docsOfType: name });
  }
  const wantSnippets = (context.syntax === 'block' || context.syntax === 'json') && !context.present.includes('Properties');
  const needle = context.prefix.toLowerCase();
  const narrowed = wantSnippets && needle.length > 0 ? index.typeNames.filter((n) => n.toLowerCase().includes(needle)) : [];
  const snippets = narrowed.length > 0 && narrowed.length <= MAX_SNIPPETS;
  if (snippets) for (const name of narrowed) {
    const snippet = requiredSnippet(context, name);
    if (snippet) items.push(snippet);
  }
  return { start: context.start, end: context.end, items, isIncomplete: wantSnippets && !snippets };
}

/** Escapes text for a snippet: `$`, `}` and `\` are its syntax. */
function snippetEscape(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** `AWS::S3::Bucket` and a `Properties` map of its required properties, each a tab stop. */
function requiredSnippet(context: RawContext, name: string): SpecItem | undefined {
  const required = resourceType(name)?.properties.filter((p) => p.required) ?? [];
  if (required.length === 0) return undefined;
  const { insert, filter } = scalarText(context, name);
  const at = ' '.repeat(context.column);
  const inner = ' '.repeat(context.column + 2);
  let body: string;
  if (context.syntax === 'json') {
    const lines = required.map((p, i) => `${inner}${JSON.stringify(p.name)}: \${${i + 1}}`);
    body = `${snippetEscape(insert)},\n${at}"Properties": {\n${lines.join(',\n')}\n${at}}`;
  } else {
    const lines = required.map((p, i) => `${inner}${p.name}: \${${i + 1}}`);
    body = `${snippetEscape(insert)}\n${at}Properties:\n${lines.join('\n')}`;
  }
  return {
    label: `${name} with required properties`,
    kind: 'type',
    detail: required.map((p) => p.name).join(', '),
    insertText: body,
    snippet: true,
    filterText: filter,
    sortText: `${name} 1`,
    docsOfType: name,
  };
}

function nameItem(context: RawContext, label: string, kind: SpecItemKind, detail: string, sortGroup: number, docs?: string): SpecItem {
  const { insert, filter } = scalarText(context, label);
  return { label, kind, detail, insertText: insert, filterText: filter, sortText: `${sortGroup}${label}`, ...(docs ? { documentation: docs } : {}) };
}

function refItems(context: RawContext, facts: TemplateFacts, current: string | undefined): SpecCompletion {
  const items: SpecItem[] = [
    ...facts.parameters.map((p) => nameItem(context, p.name, 'parameter', `Parameter${p.type ? ` (${p.type})` : ''}`, 0)),
    ...facts.resources.filter((r) => r.id !== current).map((r) => nameItem(context, r.id, 'resource', r.type, 1)),
    ...PSEUDO_PARAMETERS.map((p) => nameItem(context, p.name, 'pseudo', 'Pseudo parameter', 2, p.docs)),
  ];
  return { start: context.start, end: context.end, items, isIncomplete: false };
}

function conditionItems(context: RawContext, facts: TemplateFacts): SpecCompletion | undefined {
  if (facts.conditions.length === 0) return undefined;
  return { start: context.start, end: context.end, items: facts.conditions.map((c) => nameItem(context, c, 'condition', 'Condition', 0)), isIncomplete: false };
}

/** Resources (never the one being written) that have attributes, or any resource for DependsOn. */
function resourceNames(context: RawContext, facts: TemplateFacts, current: string | undefined, dotted: boolean): SpecCompletion | undefined {
  const items = facts.resources
    .filter((r) => r.id !== current)
    .map((r): SpecItem => {
      const item = nameItem(context, r.id, 'resource', r.type, 0);
      // `!GetAtt Name.` then the attributes.
      return dotted ? { ...item, insertText: context.syntax === 'json' && context.quoted ? item.insertText : `${item.insertText}.`, suggestAgain: true } : item;
    });
  return items.length > 0 ? { start: context.start, end: context.end, items, isIncomplete: false } : undefined;
}

/** `!GetAtt Res.Att` / `Fn::GetAtt: Res.Att`: the resource before the dot, the attribute after it. */
function getAttDotted(context: RawContext, facts: TemplateFacts, current: string | undefined): SpecCompletion | undefined {
  const dot = context.prefix.indexOf('.');
  if (dot < 0) return resourceNames(context, facts, current, true);
  const start = context.start + (context.quoted ? 1 : 0) + dot + 1;
  const end = start + Math.max(0, context.word.length - dot - 1);
  return attributeItems({ ...context, quoted: false, needsSpace: false }, facts, context.prefix.slice(0, dot), start, end);
}

function attributeItems(context: RawContext, facts: TemplateFacts, logicalId: string, start: number, end: number): SpecCompletion | undefined {
  const type = facts.resources.find((r) => r.id === logicalId)?.type;
  const resource = type ? resourceType(type) : undefined;
  if (!resource || resource.attributes.size === 0) return undefined;
  const items = [...resource.attributes.values()].map((a): SpecItem => {
    const { insert, filter } = context.syntax === 'json' && !context.quoted ? { insert: a.name, filter: a.name } : scalarText(context, a.name);
    return { label: a.name, kind: 'attribute', detail: `${a.type} · ${resource.name}`, ...(a.docs ? { documentation: a.docs } : {}), insertText: insert, filterText: filter, sortText: a.name };
  });
  return { start, end, items, isIncomplete: false };
}

/** `${Name}` in a `Sub` string: parameters, resources and pseudo parameters; `${Res.` its attributes. */
function subItems(context: SubContext, facts: TemplateFacts): SpecCompletion | undefined {
  const dot = context.prefix.indexOf('.');
  const plain = (label: string, kind: SpecItemKind, detail: string, group: number, docs?: string): SpecItem => ({
    label,
    kind,
    detail,
    insertText: label,
    sortText: `${group}${label}`,
    ...(docs ? { documentation: docs } : {}),
  });
  if (dot >= 0) {
    const type = facts.resources.find((r) => r.id === context.prefix.slice(0, dot))?.type;
    const resource = type ? resourceType(type) : undefined;
    if (!resource) return undefined;
    const items = [...resource.attributes.values()].map((a) => plain(a.name, 'attribute', `${a.type} · ${resource.name}`, 0, a.docs));
    return items.length > 0 ? { start: context.start + dot + 1, end: context.end, items, isIncomplete: false } : undefined;
  }
  const items = [
    ...facts.parameters.map((p) => plain(p.name, 'parameter', `Parameter${p.type ? ` (${p.type})` : ''}`, 0)),
    ...facts.resources.map((r) => plain(r.id, 'resource', r.type, 1)),
    ...PSEUDO_PARAMETERS.map((p) => plain(p.name, 'pseudo', 'Pseudo parameter', 2, p.docs)),
  ];
  return items.length > 0 ? { start: context.start, end: context.end, items, isIncomplete: false } : undefined;
}
