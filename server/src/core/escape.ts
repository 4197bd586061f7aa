// Text output goes to terminals and CI logs, and findings quote what templates and zone files say
// (and the names of their files): a control character there could move the cursor, recolour or
// clear the screen, or forge a line. Each is shown as a visible escape instead.

/** C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional overrides. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}
