// Snippet bodies expanded as VS Code would, for tests that check what a snippet inserts.
import assert from 'node:assert/strict';

/**
 * Expands a snippet body with every placeholder at its default (a choice at its first option)
 * and the given variables; fails when a placeholder or variable is left over.
 */
export function expandSnippet(body: readonly string[], variables: Readonly<Record<string, string>> = {}): string {
  let text = body.join('\n');
  for (;;) {
    const next = text
      .replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
        assert.ok(name in variables, `snippet variable ${name} is known`);
        return variables[name]!;
      })
      .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
      .replace(/\$\{\d+:([^{}$]*)\}/g, '$1');
    if (next === text) break;
    text = next;
  }
  text = text.replace(/\$\d+/g, '');
  assert.ok(!/(^|[^\\])\$[{\dA-Z]/.test(text), `no placeholder is left in ${JSON.stringify(text)}`);
  return text.replace(/\\\$/g, '$');
}
