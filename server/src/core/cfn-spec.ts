// The CloudFormation resource-type index (server/data/cfn-index.json.gz, built from
// @aws-cdk/aws-service-spec by scripts/build-cfn-index.mjs): resource types, their properties
// through nested property types, and their attributes. It is read and unzipped once, on the first
// lookup, never at activation: only a template's hover, completion or schema check pays for it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** A property as the index stores it: type text, required, update behaviour, docs. */
interface RawProperty {
  readonly t: string;
  readonly r?: 1;
  readonly u?: 'y' | 'm';
  readonly d?: string;
  /** Allowed values, of the value or of each item of a list. */
  readonly e?: readonly string[];
}

interface RawPropertyType {
  readonly d?: string;
  readonly p: Readonly<Record<string, RawProperty>>;
}

interface RawResource {
  readonly d?: string;
  readonly p: Readonly<Record<string, RawProperty>>;
  readonly a: Readonly<Record<string, { readonly t: string; readonly d?: string }>>;
  readonly t?: Readonly<Record<string, RawPropertyType>>;
}

export interface CfnIndex {
  /** The package and version the index was built from, e.g. `@aws-cdk/aws-service-spec@0.1.216`. */
  readonly source: string;
  /** Every resource type the index knows, sorted. */
  readonly typeNames: readonly string[];
  /** One resource type's entry, parsed on first use; undefined when unknown. */
  resource(name: string): RawResource | undefined;
}

export type Replacement = 'yes' | 'no' | 'maybe';

export interface CfnProperty {
  readonly name: string;
  /** string, integer, number, boolean, json, Tag, list<…>, map<…>, a property type's name, or `a | b`. */
  readonly type: string;
  readonly required: boolean;
  /** Whether changing it replaces the resource. */
  readonly replacement: Replacement;
  readonly docs?: string;
  /** The property type its value is (through lists and maps), when it is one. */
  readonly propertyType?: string;
  /** The values the spec allows (for a list, for each item), when it lists them. */
  readonly allowedValues?: readonly string[];
}

export interface CfnResourceType {
  readonly name: string;
  readonly docs?: string;
  readonly properties: readonly CfnProperty[];
  /** Attribute name (`Arn`, or a path such as `Endpoint.Address`) → its type and docs. */
  readonly attributes: ReadonlyMap<string, CfnAttribute>;
}

export interface CfnAttribute {
  readonly name: string;
  readonly type: string;
  readonly docs?: string;
}

export const CFN_INDEX_FILE = 'cfn-index.json.gz';

/**
 * Where the index is: beside the bundle that runs (dist/server.js, dist/analysis-worker.js,
 * dist/cli.js, where the build copies it), else in server/data above it (tests, unbundled runs).
 */
export function cfnIndexPath(from: string = __dirname): string {
  const beside = join(from, CFN_INDEX_FILE);
  if (existsSync(beside)) return beside;
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'server', 'data', CFN_INDEX_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${CFN_INDEX_FILE} not found beside or above ${from}`);
  }
}

let loaded: CfnIndex | undefined;

/** The index, read on the first call and kept. */
export function loadCfnIndex(): CfnIndex {
  loaded ??= readCfnIndex(gunzipSync(readFileSync(cfnIndexPath())).toString('utf8'));
  return loaded;
}

/**
 * The index is JSON written one resource type per line (see scripts/build-cfn-index.mjs), so it
 * is read by cutting lines, not by parsing all 7 MB: each type is parsed when first looked up.
 * That makes the first load about three times faster than `JSON.parse` of the whole.
 */
export function readCfnIndex(text: string): CfnIndex {
  const header = /^\{"source":("[^"\\]*"),"resources":\{\n/.exec(text);
  if (!header) throw new Error(`${CFN_INDEX_FILE}: not a resource-type index`);
  const source = JSON.parse(header[1]!) as string;
  const lines = new Map<string, string>();
  const parsed = new Map<string, RawResource>();
  for (let at = header[0].length; at < text.length; ) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    // `"AWS::S3::Bucket":{…},` — type names hold no quote or backslash.
    const close = text.indexOf('":', at);
    if (text[at] === '"' && close > at && close < end) {
      const last = text[end - 1] === ',' ? end - 1 : end;
      lines.set(text.slice(at + 1, close), text.slice(close + 2, last));
    }
    at = end + 1;
  }
  return {
    source,
    typeNames: [...lines.keys()],
    resource(name) {
      let entry = parsed.get(name);
      if (!entry) {
        const line = lines.get(name);
        if (line === undefined) return undefined;
        entry = JSON.parse(line) as RawResource;
        parsed.set(name, entry);
      }
      return entry;
    },
  };
}

/** Whether the index has been read yet (the server must not read it at start). */
export function cfnIndexLoaded(): boolean {
  return loaded !== undefined;
}

/** Tags are a built-in type in the spec, not one of a resource's property types. */
const TAG: RawPropertyType = {
  d: 'A key-value pair to associate with a resource.',
  p: { Key: { t: 'string', r: 1, d: 'The key name of the tag.' }, Value: { t: 'string', r: 1, d: 'The value for the tag.' } },
};

/** The property type a type text names, looking through list<…>, map<…> and unions. */
function namedType(resource: RawResource, type: string): string | undefined {
  for (const part of type.split(' | ')) {
    const inner = part.replace(/^((list|map)<)+/, '').replace(/>+$/, '');
    if (inner === 'Tag' || resource.t?.[inner]) return inner;
  }
  return undefined;
}

function propertyTypeOf(resource: RawResource, name: string): RawPropertyType | undefined {
  return name === 'Tag' ? TAG : resource.t?.[name];
}

function toProperty(resource: RawResource, name: string, raw: RawProperty): CfnProperty {
  const propertyType = namedType(resource, raw.t);
  return {
    name,
    type: raw.t,
    required: raw.r === 1,
    replacement: raw.u === 'y' ? 'yes' : raw.u === 'm' ? 'maybe' : 'no',
    ...(raw.d ? { docs: raw.d } : {}),
    ...(propertyType ? { propertyType } : {}),
    ...(raw.e ? { allowedValues: raw.e } : {}),
  };
}

function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** A resource type, e.g. `AWS::S3::Bucket`, or undefined when the index does not know it. */
/** Each type's description, built once per index: the rules ask for the same types on every keystroke. */
const described = new WeakMap<CfnIndex, Map<string, CfnResourceType | undefined>>();
/** Types described at most: the index has about 1,800, so this only bounds a hostile caller. */
const MAX_DESCRIBED = 4096;

export function resourceType(name: string): CfnResourceType | undefined {
  const index = loadCfnIndex();
  let cache = described.get(index);
  if (!cache) described.set(index, (cache = new Map()));
  if (cache.has(name)) return cache.get(name);
  const raw = index.resource(name);
  const type: CfnResourceType | undefined = raw
    ? {
        name,
        ...(raw.d ? { docs: raw.d } : {}),
        properties: Object.entries(raw.p).map(([n, p]) => toProperty(raw, n, p)),
        attributes: new Map(Object.entries(raw.a).map(([n, a]) => [n, toAttribute(n, a)])),
      }
    : undefined;
  if (cache.size < MAX_DESCRIBED) cache.set(name, type);
  return type;
}

/**
 * The property at a path of keys under `Properties`, e.g. `['VersioningConfiguration', 'Status']`,
 * stepping through property types (and the lists and maps holding them); undefined when unknown,
 * or when the path ends at a map's own key.
 */
export function propertyAt(typeName: string, path: readonly string[]): CfnProperty | undefined {
  const resource = loadCfnIndex().resource(typeName);
  if (!resource || path.length === 0) return undefined;
  let properties: Readonly<Record<string, RawProperty>> = resource.p;
  let property: CfnProperty | undefined;
  // Under a map<…> property, each key is a name the author chose, not a property.
  let mapKey = false;
  for (const key of path) {
    if (mapKey) {
      mapKey = false;
      property = undefined;
      continue;
    }
    const raw = own(properties, key);
    if (!raw) return undefined;
    property = toProperty(resource, key, raw);
    mapKey = property.type.startsWith('map<');
    const next = property.propertyType ? propertyTypeOf(resource, property.propertyType) : undefined;
    properties = next?.p ?? {};
  }
  return property;
}

/**
 * The properties a map at `path` under `Properties` may hold: the resource's own for `[]`, else
 * those of the property type the property at `path` is (through lists and maps, so the path names
 * the property, never a list index or a map's own key). Undefined when the type is unknown or the
 * value at `path` is not an object of a property type (a string, `json`, a map's own keys).
 */
export function propertiesAt(typeName: string, path: readonly string[]): readonly CfnProperty[] | undefined {
  const resource = loadCfnIndex().resource(typeName);
  if (!resource) return undefined;
  let properties: Readonly<Record<string, RawProperty>> = resource.p;
  if (path.length > 0) {
    const property = propertyAt(typeName, path);
    const next = property?.propertyType ? propertyTypeOf(resource, property.propertyType) : undefined;
    if (!next) return undefined;
    properties = next.p;
  }
  return Object.entries(properties).map(([n, p]) => toProperty(resource, n, p));
}

/** The docs of a property type of a resource type, e.g. `VersioningConfiguration` of `AWS::S3::Bucket`. */
export function propertyTypeDocs(typeName: string, propertyType: string): string | undefined {
  const resource = loadCfnIndex().resource(typeName);
  return resource ? propertyTypeOf(resource, propertyType)?.d : undefined;
}

function toAttribute(name: string, raw: { readonly t: string; readonly d?: string }): CfnAttribute {
  return { name, type: raw.t, ...(raw.d ? { docs: raw.d } : {}) };
}

/** An attribute, e.g. `Arn` of `AWS::S3::Bucket`; undefined when unknown. */
export function attribute(typeName: string, name: string): CfnAttribute | undefined {
  const raw = own(loadCfnIndex().resource(typeName)?.a, name);
  return raw ? toAttribute(name, raw) : undefined;
}

/** The resource type's page in the CloudFormation User Guide: `AWS::S3::Bucket` → aws-resource-s3-bucket.html. */
export function resourceDocsUrl(typeName: string): string {
  const [vendor = '', ...rest] = typeName.toLowerCase().split('::');
  return `https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/${vendor}-resource-${rest.join('-')}.html`;
}

// ---------------------------------------------------------------------------------------------
// The schema checks' view of the index. They run on every keystroke over every resource, so each
// resource type is compiled once into maps (a Map lookup per key written), and each type text is
// parsed once into a small tree instead of being matched with patterns per value.

/** A property's type text, parsed: `list<Tag>`, `map<string>`, `integer | string`… */
export type SchemaType =
  | { readonly kind: 'primitive'; readonly name: 'string' | 'integer' | 'number' | 'boolean' }
  /** `json`, and any type text this reader does not know: anything fits. */
  | { readonly kind: 'json' }
  | { readonly kind: 'list'; readonly item: SchemaType }
  | { readonly kind: 'map'; readonly value: SchemaType }
  /** A property type of the resource type (or the built-in `Tag`), by name. */
  | { readonly kind: 'object'; readonly name: string }
  | { readonly kind: 'union'; readonly members: readonly SchemaType[] };

export interface SchemaProperty {
  readonly name: string;
  readonly type: SchemaType;
  readonly required: boolean;
  /** The values the spec allows (of the value, or of each item of a list). */
  readonly allowedValues?: ReadonlySet<string>;
}

/** The properties a resource type's `Properties`, or one of its property types, may hold. */
export interface SchemaObject {
  /** The resource type's name, or the property type's. */
  readonly name: string;
  readonly properties: ReadonlyMap<string, SchemaProperty>;
  /** The names of the required properties, in the spec's order. */
  readonly required: readonly string[];
}

const JSON_TYPE: SchemaType = { kind: 'json' };
const PRIMITIVES: ReadonlyMap<string, SchemaType> = new Map<string, SchemaType>([
  ['string', { kind: 'primitive', name: 'string' }],
  // A timestamp is written as a string.
  ['date-time', { kind: 'primitive', name: 'string' }],
  ['integer', { kind: 'primitive', name: 'integer' }],
  ['long', { kind: 'primitive', name: 'integer' }],
  ['number', { kind: 'primitive', name: 'number' }],
  ['double', { kind: 'primitive', name: 'number' }],
  ['boolean', { kind: 'primitive', name: 'boolean' }],
  ['json', JSON_TYPE],
]);

/** Parsed type texts: a few hundred distinct ones across the whole index. */
const parsedTypes = new Map<string, SchemaType>();

/**
 * Reads a type text. A union splits at its top level only (`string | list<string | Foo>` is two
 * members); anything unexpected reads as `json`, so a reader gap never becomes a finding.
 */
export function parseSchemaType(text: string): SchemaType {
  let type = parsedTypes.get(text);
  if (!type) {
    let at = 0;
    const union = (): SchemaType => {
      const members = [single()];
      while (text.startsWith(' | ', at)) {
        at += 3;
        members.push(single());
      }
      return members.length === 1 ? members[0]! : { kind: 'union', members };
    };
    const single = (): SchemaType => {
      for (const [open, kind] of [['list<', 'list'], ['map<', 'map']] as const) {
        if (!text.startsWith(open, at)) continue;
        at += open.length;
        const inner = union();
        if (text[at] === '>') at++;
        return kind === 'list' ? { kind, item: inner } : { kind, value: inner };
      }
      const name = /^[A-Za-z0-9_.:-]*/.exec(text.slice(at))![0];
      at += name.length;
      return PRIMITIVES.get(name) ?? (/^[A-Z]/.test(name) ? { kind: 'object', name } : JSON_TYPE);
    };
    type = union();
    if (at !== text.length) type = JSON_TYPE;
    parsedTypes.set(text, type);
  }
  return type;
}

interface CompiledResource {
  readonly root: SchemaObject;
  readonly raw: RawResource;
  /** Property types compiled so far; null for a name the resource type does not define. */
  readonly types: Map<string, SchemaObject | null>;
}

/** Known types only: names the index lacks are not kept, so a template full of made-up names leaves nothing behind. */
const compiled = new Map<string, CompiledResource>();

function compileObject(name: string, properties: Readonly<Record<string, RawProperty>>): SchemaObject {
  const map = new Map<string, SchemaProperty>();
  const required: string[] = [];
  for (const [key, raw] of Object.entries(properties)) {
    if (raw.r === 1) required.push(key);
    map.set(key, { name: key, type: parseSchemaType(raw.t), required: raw.r === 1, ...(raw.e ? { allowedValues: new Set(raw.e) } : {}) });
  }
  return { name, properties: map, required };
}

function compiledResource(typeName: string): CompiledResource | undefined {
  let entry = compiled.get(typeName);
  if (!entry) {
    const raw = loadCfnIndex().resource(typeName);
    if (!raw) return undefined;
    entry = { root: compileObject(typeName, raw.p), raw, types: new Map() };
    compiled.set(typeName, entry);
  }
  return entry;
}

/** The properties of a resource type's `Properties`, or undefined when the index does not know the type. */
export function resourceSchema(typeName: string): SchemaObject | undefined {
  return compiledResource(typeName)?.root;
}

/** The properties of one of a resource type's property types (or `Tag`), or undefined when it has none of that name. */
export function propertyTypeSchema(typeName: string, propertyType: string): SchemaObject | undefined {
  const resource = compiledResource(typeName);
  if (!resource) return undefined;
  let entry = resource.types.get(propertyType);
  if (entry === undefined) {
    const raw = propertyTypeOf(resource.raw, propertyType);
    entry = raw ? compileObject(propertyType, raw.p) : null;
    resource.types.set(propertyType, entry);
  }
  return entry ?? undefined;
}

/** Every resource type the index knows, sorted. */
export function resourceTypeNames(): readonly string[] {
  return loadCfnIndex().typeNames;
}
