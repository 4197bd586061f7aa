// Refreshes the CloudFormation resource-type index (`npm run cfn-index`) from the
// @aws-cdk/aws-service-spec devDependency: bump that package, run this, commit the result.
// The index keeps only what hover, completion and schema checks read, so it ships small:
//   { source, resources: { "AWS::S3::Bucket": { d, p, a, t } } }, one resource type per line,
// where d is the documentation's first paragraph, p the properties, a the attributes
// (name → { t: type, d?: docs }) and t the property types the resource uses, by name. A property is
//   { t: type, r?: 1 (required), u?: 'y' | 'm' (update causes replacement: yes / maybe), d?: docs,
//     e?: allowed values (of the value, or of each item of a list) }
// and a type is written as text: string, integer, number, boolean, json, Tag, list<…>, map<…>,
// a property type's name, or a union `a | b`.
import { readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'node_modules', '@aws-cdk', 'aws-service-spec');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const db = JSON.parse(gunzipSync(readFileSync(join(pkgDir, 'db.json.gz'))).toString('utf8'));

const RESOURCE_DOC_CHARS = 400;
const PROPERTY_DOC_CHARS = 300;

/** The first paragraph, cut at a word boundary near `max` characters. */
function trimDocs(text, max) {
  if (!text) return undefined;
  let first = text.split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();
  if (first.length > max) {
    const cut = first.lastIndexOf(' ', max);
    first = `${first.slice(0, cut > max / 2 ? cut : max)}…`;
  }
  return first || undefined;
}

const typeDefs = new Map();
for (const t of Object.values(db.schema.typeDefinition.entities)) typeDefs.set(t.$id, t);

/** The type as text, adding every property type it reaches to `used`. */
function typeText(type, used) {
  switch (type.type) {
    case 'array':
      return `list<${typeText(type.element, used)}>`;
    case 'map':
      return `map<${typeText(type.element, used)}>`;
    case 'union':
      return type.types.map((t) => typeText(t, used)).join(' | ');
    case 'tag':
      return 'Tag';
    case 'ref': {
      const def = typeDefs.get(type.reference.$ref);
      if (!def) throw new Error(`unknown type reference ${type.reference.$ref}`);
      addType(def, used);
      return def.name;
    }
    default:
      return type.type;
  }
}

/** The allowed values of a type, or of a list's items, as the spec lists them. */
function allowedValues(type) {
  if (Array.isArray(type.allowedValues) && type.allowedValues.length > 0) return type.allowedValues.map(String);
  return type.type === 'array' ? allowedValues(type.element) : undefined;
}

function compactProperties(properties, used) {
  const out = {};
  for (const [name, p] of Object.entries(properties ?? {})) {
    const entry = { t: typeText(p.type, used) };
    if (p.required) entry.r = 1;
    if (p.causesReplacement === 'yes') entry.u = 'y';
    else if (p.causesReplacement === 'maybe') entry.u = 'm';
    const d = trimDocs(p.documentation, PROPERTY_DOC_CHARS);
    if (d) entry.d = d;
    const e = allowedValues(p.type);
    if (e) entry.e = e;
    out[name] = entry;
  }
  return out;
}

function addType(def, used) {
  if (used.has(def.name)) {
    if (used.get(def.name).id !== def.$id) throw new Error(`two property types named ${def.name} in one resource`);
    return;
  }
  const entry = { id: def.$id, value: undefined };
  used.set(def.name, entry);
  const value = {};
  const d = trimDocs(def.documentation, PROPERTY_DOC_CHARS);
  if (d) value.d = d;
  value.p = compactProperties(def.properties, used);
  entry.value = value;
}

const resources = {};
const all = Object.values(db.schema.resource.entities).sort((a, b) => a.cloudFormationType.localeCompare(b.cloudFormationType));
for (const r of all) {
  const used = new Map();
  const entry = {};
  const d = trimDocs(r.documentation, RESOURCE_DOC_CHARS);
  if (d) entry.d = d;
  entry.p = compactProperties(r.properties, used);
  // Attributes reached through a property path (`A.B.C`) are kept: `!GetAtt X.A.B.C` is valid.
  entry.a = Object.fromEntries(
    Object.entries(r.attributes ?? {}).map(([n, a]) => {
      const d = trimDocs(a.documentation, PROPERTY_DOC_CHARS);
      return [n, { t: typeText(a.type, new Map()), ...(d ? { d } : {}) }];
    }),
  );
  if (used.size > 0) entry.t = Object.fromEntries([...used].sort(([a], [b]) => a.localeCompare(b)).map(([n, v]) => [n, v.value]));
  resources[r.cloudFormationType] = entry;
}

const source = `${pkg.name}@${pkg.version}`;
const outDir = join(root, 'server', 'data');
mkdirSync(outDir, { recursive: true });
// Valid JSON, written one resource type per line: the server cuts it into lines and parses a
// type only when it is first looked up (server/src/core/cfn-spec.ts, readCfnIndex).
const entries = Object.entries(resources).map(([type, entry]) => `${JSON.stringify(type)}:${JSON.stringify(entry)}`);
const json = `{"source":${JSON.stringify(source)},"resources":{\n${entries.join(',\n')}\n}}\n`;
JSON.parse(json);
const gz = gzipSync(json, { level: 9 });
writeFileSync(join(outDir, 'cfn-index.json.gz'), gz);
copyFileSync(join(pkgDir, 'LICENSE'), join(outDir, 'cfn-index.LICENSE'));
// The NOTICE names the version the shipped index was built from.
const noticeFile = join(root, 'NOTICE');
const notice = readFileSync(noticeFile, 'utf8');
const named = notice.replace(/@aws-cdk\/aws-service-spec \d+\.\d+\.\d+/, `${pkg.name} ${pkg.version}`);
if (named === notice && !notice.includes(`${pkg.name} ${pkg.version}`)) throw new Error(`NOTICE does not name ${pkg.name}`);
writeFileSync(noticeFile, named);
console.log(
  `${source}: ${all.length} resource types; index ${(json.length / 1024).toFixed(0)} KiB, ${(gz.length / 1024).toFixed(0)} KiB gzipped`,
);
