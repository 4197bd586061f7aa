// The completion part of `npm run bench` (`--completion` runs only it): on the 1,500-resource
// template, how long a completion takes through a language server (the first request reads the
// resource-type index; the template is large, so its analysis worker answers) and in-process, for
// each kind of spot: a resource type, a property key, an allowed value, a Ref and a GetAtt. Each
// spot is the last of its kind in the template, so the walk back over the text is the longest.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { parseText } from '../server/src/core/cfn/parse';
import { specCompletions, templateFacts } from '../server/src/core/cfn/spec-complete';
import { readTemplate } from '../server/src/core/cfn/template';
import { LineIndex } from '../server/src/core/text';
import { median, ms } from './bench-util';

const RUNS = 15;

interface Spot {
  readonly name: string;
  /** Text the cursor sits in; the cursor goes `shift` characters into its last occurrence. */
  readonly yaml: [string, number];
  readonly json: [string, number];
}

const SPOTS: readonly Spot[] = [
  { name: 'type', yaml: ['Type: AWS::S3::Bucket', 'Type: AWS::S3::Bu'.length], json: ['"Type": "AWS::S3::Bucket"', '"Type": "AWS::S3::Bu'.length] },
  { name: 'property key', yaml: ['      BucketName:', '      Bucket'.length], json: ['"BucketName":', '"Bucket'.length] },
  { name: 'allowed value', yaml: ['RetentionInDays: 400', 'RetentionInDays: 4'.length], json: ['"RetentionInDays": 400', '"RetentionInDays": 4'.length] },
  { name: 'Ref', yaml: ['VpcId: !Ref Vpc', 'VpcId: !Ref V'.length], json: ['"Ref": "Vpc"', '"Ref": "V'.length] },
  { name: 'GetAtt', yaml: ['.Arn\n', 2], json: ['"Arn"\n', 2] },
];

function offsetOf(text: string, [needle, shift]: [string, number]): number {
  const at = text.lastIndexOf(needle);
  if (at < 0) throw new Error(`the bench template has no ${JSON.stringify(needle)}`);
  return at + shift;
}

async function throughLsp(dir: string, text: string): Promise<void> {
  const child = spawn(process.execPath, [join(dir, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  let analysed: () => void = () => undefined;
  const published = new Promise<void>((resolve) => (analysed = resolve));
  connection.onNotification('textDocument/publishDiagnostics', () => analysed());
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});
  const uri = 'file:///bench/complete.yaml';
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await published;
  const lines = new LineIndex(text);
  const ask = async (offset: number): Promise<number> => {
    const start = process.hrtime.bigint();
    const list = await connection.sendRequest<{ items: unknown[] } | null>('textDocument/completion', { textDocument: { uri }, position: lines.positionAt(offset) });
    if (!list || list.items.length === 0) throw new Error(`no completion at ${offset}`);
    return ms(start);
  };
  const first = await ask(offsetOf(text, SPOTS[0]!.yaml));
  console.log(`completion through LSP (YAML, ${text.length >= 64 * 1024 ? 'analysis worker' : 'server'}): first request ${first.toFixed(1)} ms (reads the resource-type index)`);
  const rows: string[] = [];
  for (const spot of SPOTS) {
    const offset = offsetOf(text, spot.yaml);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await ask(offset));
    rows.push(`${spot.name} ${median(times).toFixed(1)} ms`);
  }
  console.log(`completion through LSP, median of ${RUNS}: ${rows.join(', ')}`);
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
}

function inProcess(label: string, text: string, which: 'yaml' | 'json'): void {
  const facts = templateFacts(readTemplate(parseText(text)));
  const rows: string[] = [];
  for (const spot of SPOTS) {
    const offset = offsetOf(text, spot[which]);
    let count = 0;
    const times: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const start = process.hrtime.bigint();
      count = specCompletions(text, offset, facts)?.items.length ?? 0;
      if (i > 0) times.push(ms(start));
    }
    if (count === 0) throw new Error(`no ${spot.name} completion in the ${label} template`);
    rows.push(`${spot.name} ${median(times).toFixed(2)} ms (${count} items)`);
  }
  console.log(`completion in-process (${label}), median of ${RUNS}: ${rows.join(', ')}`);
}

export async function completionBench(dir: string, yaml: string, json: string): Promise<void> {
  await throughLsp(dir, yaml);
  inProcess('YAML', yaml, 'yaml');
  inProcess(`JSON, ${(json.length / 1024 / 1024).toFixed(1)} MB`, json, 'json');
}
