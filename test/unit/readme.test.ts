// The README as users read it: it opens with the two commands, its settings table and example
// settings.json name exactly the settings package.json contributes (with values the schema
// accepts), and the pictures it shows exist.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths';

interface Schema {
  type: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  items?: { type: string; pattern?: string };
  properties?: Record<string, Schema>;
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const settings = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Schema> } };
}).contributes.configuration.properties;

test('the README opens with exactly the two commands, npm start and npm test', () => {
  const match = /^# AWS Hardening\n\n```sh\n([\s\S]*?)\n```\n/.exec(readme);
  assert.ok(match, 'the README does not open with its title and a sh block');
  assert.deepEqual(match[1].split('\n').map((l) => l.split(/\s+/).slice(0, 2).join(' ')), ['npm start', 'npm test']);
});

test('the settings table lists every setting package.json contributes, and no other', () => {
  const rows = [...readme.matchAll(/^\| `(awsHardening\.[A-Za-z0-9.]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual([...rows].sort(), Object.keys(settings).sort());
});

/** Why `value` does not fit `schema`, or undefined when it does. */
function mismatch(value: unknown, schema: Schema, where: string): string | undefined {
  const kind = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (kind !== schema.type && !(schema.type === 'number' && kind === 'integer')) return `${where}: ${kind}, not ${schema.type}`;
  if (schema.enum && !schema.enum.includes(value as string)) return `${where}: ${String(value)} is not one of ${schema.enum.join(', ')}`;
  if (typeof value === 'number' && ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum))) {
    return `${where}: ${value} is out of range`;
  }
  if (Array.isArray(value) && schema.items) {
    const items = schema.items;
    for (const item of value) {
      if (typeof item !== items.type) return `${where}: item ${String(item)} is not a ${items.type}`;
      if (items.pattern && !new RegExp(items.pattern).test(item)) return `${where}: item ${item} does not match ${items.pattern}`;
    }
  }
  if (schema.type === 'object' && schema.properties) {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const property = schema.properties[key];
      if (!property) return `${where}: no such key ${key}`;
      const problem = mismatch(inner, property, `${where}.${key}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

test('the example settings.json sets every setting, each to a value its schema accepts', () => {
  const block = [...readme.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => m[1]).find((b) => b.includes('"awsHardening.rules"'));
  assert.ok(block, 'no example settings.json in the README');
  const example = JSON.parse(block) as Record<string, unknown>;
  const ours = Object.keys(example).filter((k) => k.startsWith('awsHardening.'));
  assert.deepEqual(ours.sort(), Object.keys(settings).sort());
  for (const key of ours) assert.equal(mismatch(example[key], settings[key]!, key), undefined);
});

test('every picture the README shows exists', () => {
  const pictures = [...readme.matchAll(/!\[[^\]]+\]\(([^)]+)\)/g)].map((m) => m[1]!);
  assert.ok(pictures.length >= 5, `only ${pictures.length} pictures`);
  for (const picture of pictures) assert.ok(existsSync(join(repoRoot, picture)), `${picture} is missing`);
});
