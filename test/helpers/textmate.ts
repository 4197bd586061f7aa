// Grammars loaded as VS Code loads them (the real vscode-textmate over the Oniguruma WebAssembly
// build), with assertions on the scopes of single tokens. Shared by the grammar tests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';
import { repoRoot } from './paths';

let wasmPromise: Promise<void> | undefined;

/** Oniguruma may be loaded only once per process, whichever grammar asks first. */
function loadOniguruma(): Promise<void> {
  wasmPromise ??= (async () => {
    // Resolved from the repository, not bundled: esbuild would warn about a bundled require.resolve.
    const wasm = readFileSync(createRequire(join(repoRoot, 'package.json')).resolve('vscode-oniguruma/release/onig.wasm'));
    await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  })();
  return wasmPromise;
}

/** Loads the grammar at `path` (its scope name read from the file), memoised per path. */
const grammars = new Map<string, Promise<IGrammar>>();
export function loadGrammar(path: string): Promise<IGrammar> {
  let loaded = grammars.get(path);
  if (!loaded) {
    loaded = (async () => {
      await loadOniguruma();
      const { scopeName } = JSON.parse(readFileSync(path, 'utf8')) as { scopeName: string };
      const registry = new Registry({
        onigLib: Promise.resolve({
          createOnigScanner: (patterns: string[]) => new OnigScanner(patterns),
          createOnigString: (s: string) => new OnigString(s),
        }),
        loadGrammar: async (scope: string) => (scope === scopeName ? parseRawGrammar(readFileSync(path, 'utf8'), path) : null),
      });
      const grammar = await registry.loadGrammar(scopeName);
      assert.ok(grammar, `the grammar ${path} loads`);
      return grammar;
    })();
    grammars.set(path, loaded);
  }
  return loaded;
}

export interface Token {
  readonly text: string;
  readonly start: number;
  readonly scopes: readonly string[];
}

/** Tokens per line, the state carried from line to line. */
export async function tokenizeLines(path: string, lines: readonly string[]): Promise<Token[][]> {
  const g = await loadGrammar(path);
  let state = INITIAL;
  return lines.map((line) => {
    const r = g.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, scopes: t.scopes }));
  });
}

/** A scope list contains `family` (e.g. `constant.numeric`) as a whole-segment prefix of one scope. */
export function hasScope(scopes: readonly string[], family: string): boolean {
  return scopes.some((s) => s === family || s.startsWith(`${family}.`));
}

/**
 * Checks that `needle` (its `nth` occurrence on line `lineNo` that starts a token) is exactly one
 * token, scoped with every one of `families` and none of `not`.
 */
export function expectToken(tokens: Token[][], lines: readonly string[], lineNo: number, needle: string, families: string[], options: { nth?: number; not?: string[] } = {}): void {
  const line = lines[lineNo]!;
  const starts = new Set(tokens[lineNo]!.map((t) => t.start));
  const occurrences: number[] = [];
  for (let at = line.indexOf(needle); at >= 0; at = line.indexOf(needle, at + 1)) if (starts.has(at)) occurrences.push(at);
  const at = occurrences[options.nth ?? 0];
  assert.ok(at !== undefined, `line ${lineNo} ${JSON.stringify(line)} has a token starting ${JSON.stringify(needle)}`);
  const token = tokens[lineNo]!.find((t) => t.start === at)!;
  const where = `${JSON.stringify(needle)} in line ${lineNo} ${JSON.stringify(line)}`;
  assert.equal(token.text, needle, `${where} is one token (got ${JSON.stringify(token.text)}: ${token.scopes.join(' ')})`);
  for (const f of families) assert.ok(hasScope(token.scopes, f), `${where} has ${f}; scopes: ${token.scopes.join(' ')}`);
  for (const f of options.not ?? []) assert.ok(!hasScope(token.scopes, f), `${where} does not have ${f}; scopes: ${token.scopes.join(' ')}`);
}
