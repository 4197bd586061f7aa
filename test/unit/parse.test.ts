// The position-keeping model: short-form tags, JSON, errors, and bounded work on hostile input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { fastYaml } from '../../server/src/core/cfn/fast-yaml';
import { get, type MapNode, type Node } from '../../server/src/core/cfn/model';
import { nestingTooDeep } from '../../server/src/core/cfn/nesting';
import { parseFully, parseText } from '../../server/src/core/cfn/parse';
import { ifBranches, intrinsicName, isTemplateRoot, readTemplate } from '../../server/src/core/cfn/template';
import { fixAll } from '../../server/src/core/fix-all';
import { suppressionEdit } from '../../server/src/core/suppress-edit';
import { detectEol, LineIndex } from '../../server/src/core/text';
import { anchoredYaml, deepJson, deepYaml } from '../helpers/hostile';

test('short-form tags are kept with the offsets of the whole value', () => {
  const text = 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub "${AWS::StackName}-x"\n      A: !GetAtt Other.Arn\n';
  const doc = parseText(text);
  assert.equal(doc.error, undefined);
  const template = readTemplate(doc)!;
  const props = template.byId.get('B')!.properties!;
  const name = get(props, 'BucketName')!;
  assert.equal(name.tag, 'Sub');
  assert.equal(text.slice(name.start, name.end), '!Sub "${AWS::StackName}-x"');
  assert.equal(intrinsicName(get(props, 'A')), 'Fn::GetAtt');
});

test('long-form and short-form Fn::If give their branches, AWS::NoValue as absent', () => {
  const yaml = parseText('V: !If [C, {Status: Enabled}, !Ref AWS::NoValue]\n');
  const branches = ifBranches(get(yaml.root, 'V'));
  assert.equal(branches?.length, 2);
  assert.equal(branches?.[1], null);
  const json = parseText('{"V": {"Fn::If": ["C", {"Status": "Enabled"}, {"Ref": "AWS::NoValue"}]}}');
  assert.equal(ifBranches(get(json.root, 'V'))?.[1], null);
});

test('JSON is read with positions and flagged as JSON', () => {
  const text = '{\n  "Resources": {\n    "B": {"Type": "AWS::S3::Bucket"}\n  }\n}\n';
  const doc = parseText(text);
  assert.equal(doc.json, true);
  const b = readTemplate(doc)!.byId.get('B')!;
  assert.equal(text.slice(b.idStart, b.idEnd), '"B"');
  assert.deepEqual(new LineIndex(text).positionAt(b.idStart), { line: 2, character: 4 });
});

test('template detection: format version, typed resources, SAM transform; not other YAML', () => {
  assert.ok(isTemplateRoot(parseText('AWSTemplateFormatVersion: "2010-09-09"\n').root));
  assert.ok(isTemplateRoot(parseText('Resources:\n  Q:\n    Type: AWS::SQS::Queue\n').root));
  assert.ok(isTemplateRoot(parseText('Transform: AWS::Serverless-2016-10-31\nResources: {}\n').root));
  assert.ok(!isTemplateRoot(parseText('name: ci\non: [push]\njobs: {}\n').root));
  assert.ok(!isTemplateRoot(parseText('Resources:\n  Thing:\n    Type: Custom\n').root));
  assert.equal(analyzeText('{"name": "pkg", "version": "1.0.0"}').kind, 'none');
});

test('a syntax error is one finding at its position, for templates only', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: x\n';
  const analysis = analyzeText(text);
  assert.equal(analysis.parseFailed, true);
  assert.equal(analysis.findings.length, 1);
  const [f] = analysis.findings;
  assert.equal(f!.ruleId, 'cfn-syntax');
  assert.equal(f!.severity, 'error');
  assert.ok(new LineIndex(text).positionAt(f!.start).line >= 4, 'error points into the broken flow map');
  assert.equal(analyzeText('just: [broken\n').findings.length, 0, 'a broken non-template says nothing');
});

test('duplicate keys are a syntax error, as CloudFormation rejects them', () => {
  const analysis = analyzeText('AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\nResources: {}\n');
  assert.equal(analysis.findings[0]?.ruleId, 'cfn-syntax');
  assert.match(analysis.findings[0]!.message, /unique/i);
});

test('an alias bomb is handled in bounded time and memory', () => {
  const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const text = `AWSTemplateFormatVersion: "2010-09-09"\n${levels.join('\n')}\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: *l\n`;
  const started = process.hrtime.bigint();
  const analysis = analyzeText(text);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.ok(ms < 5000, `took ${ms} ms`);
  assert.equal(analysis.kind, 'cloudformation');
});

test('deep nesting is reported, not a stack overflow', () => {
  const depth = 5000;
  const text = `AWSTemplateFormatVersion: "2010-09-09"\nX: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
  const analysis = analyzeText(text);
  assert.equal(analysis.findings.length, 1);
  assert.equal(analysis.findings[0]!.ruleId, 'cfn-syntax');
});

test('CRLF documents keep positions and edits on their lines', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\r\nResources:\r\n  B:\r\n    Type: AWS::S3::Bucket\r\n';
  const [finding] = analyzeText(text).findings;
  assert.deepEqual(new LineIndex(text).positionAt(finding!.start), { line: 2, character: 2 });
  const [edit] = finding!.fix!.edits()!;
  assert.ok(!/[^\r]\n/.test(edit!.newText), 'inserted lines use CRLF');
  const root = parseText(text).root as MapNode;
  assert.equal(root.kind, 'map');
});

test('a template over the size limit gets one "too large" notice, at once', () => {
  const line = '    # padding padding padding padding padding padding padding padding padding\n';
  const text = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n${line.repeat(Math.ceil((21 * 1024 * 1024) / line.length))}`;
  const analysis = analyzeText(text);
  assert.deepEqual(analysis.findings.map((f) => [f.ruleId, f.severity]), [['document-too-large', 'information']]);
  assert.match(analysis.findings[0]!.message, /21\.0 MB/);
  assert.equal(analyzeText(`name: x\n${line.repeat(80000)}`).findings.length, 0, 'large non-templates stay silent');
});

test('a duplicate key is one syntax finding naming the key, and the template is still checked', () => {
  const text = 'Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: logs\n';
  const analysis = analyzeText(text);
  assert.equal(analysis.parseFailed, false);
  const syntax = analysis.findings.filter((f) => f.ruleId === 'cfn-syntax');
  assert.equal(syntax.length, 1);
  assert.match(syntax[0]!.message, /^Duplicate key Logs:/);
  assert.equal(text.slice(syntax[0]!.start, syntax[0]!.end), 'Logs');
  assert.equal(new LineIndex(text).positionAt(syntax[0]!.start).line, 3, 'on the second Logs');
  assert.ok(analysis.findings.some((f) => f.ruleId === 's3-versioning-off'), 'the rules still ran');
  const json = analyzeText('{"Resources": {"B": {"Type": "AWS::S3::Bucket"}, "B": {"Type": "AWS::S3::Bucket"}}}');
  assert.match(json.findings.find((f) => f.ruleId === 'cfn-syntax')!.message, /^Duplicate key "B":/);
  assert.ok(json.findings.some((f) => f.ruleId === 's3-versioning-off'));
});

test('10^5 levels of flow nesting, in YAML or JSON, are one nesting-limit finding at the place it goes too deep', () => {
  for (const text of [deepYaml(100_000), deepJson(100_000), `AWSTemplateFormatVersion: "2010-09-09"\nX:\n${'- '.repeat(100_000)}x\n`]) {
    const analysis = analyzeText(text);
    assert.equal(analysis.findings.length, 1);
    const [f] = analysis.findings;
    assert.equal(f!.ruleId, 'cfn-syntax');
    assert.equal(f!.message, 'The document is nested deeper than 200 levels, so it was not analysed.');
    assert.ok(f!.start > 0 && f!.end <= text.length);
  }
});

test('the nesting pre-scan counts only real nesting: strings, comments, block scalars and plain-scalar brackets are not levels', () => {
  const noise = '['.repeat(300);
  const text = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    `Description: "${noise}"`,
    `# ${noise}`,
    'Metadata:',
    '  Notes: |',
    `    ${noise}`,
    `      ${noise}`,
    ...Array.from({ length: 300 }, (_, i) => `  Note${i}: see [${i}`),
    `  Quoted: '${noise}'`,
    `  Nested: ${'['.repeat(150)}1${']'.repeat(150)}`,
    'Resources:',
    '  B:',
    '    Type: AWS::S3::Bucket',
    '',
  ].join('\n');
  const doc = parseText(text);
  assert.equal(doc.error, undefined);
  assert.ok(readTemplate(doc)!.byId.has('B'));
  assert.equal(nestingTooDeep(`{"a": "${noise}", "b": ${'['.repeat(150)}${']'.repeat(150)}}`, true, 200), undefined);
});

test('CR-only templates are read with lone CRs as line breaks, and fixes and suppressions keep CR', () => {
  const lf = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Zone:',
    '    Type: AWS::Route53::HostedZone',
    '    Properties: {Name: example.com}',
    '  Spf:',
    '    Type: AWS::Route53::RecordSet',
    '    Properties: {HostedZoneId: !Ref Zone, Name: example.com, Type: TXT, TTL: 300, ResourceRecords: [\'"v=spf1 -all"\']}',
    '',
    '  Data:',
    '    Type: AWS::S3::Bucket',
    '',
  ].join('\n');
  const cr = lf.replace(/\n/g, '\r');
  assert.equal(detectEol(cr), '\r');
  assert.equal(detectEol(lf), '\n');
  assert.equal(detectEol('a\r\nb\rc'), '\r\n');
  assert.equal(detectEol('Description: a\rb\nResources: {}\n'), '\n', 'a stray CR inside a line of an LF file is not its line break');
  const summary = (text: string): string[] => analyzeText(text).findings.map((f) => `${f.ruleId} ${f.start}-${f.end} ${f.message}`);
  assert.deepEqual(summary(cr), summary(lf));
  assert.ok(summary(cr).some((s) => s.startsWith('dns-dmarc-missing')), 'the Route53 add fix is among them');
  assert.equal(summary(cr).filter((s) => s.startsWith('cfn-syntax')).length, 0);
  const fixed = fixAll(cr).text;
  assert.equal(fixed.includes('\n'), false, 'no LF in the fixed CR-only file');
  assert.equal(fixed.replace(/\r/g, '\n'), fixAll(lf).text);
  const finding = analyzeText(cr).findings.find((f) => f.resource === 'Data')!;
  const edit = suppressionEdit(cr, { ruleId: finding.ruleId, offset: finding.start, resource: 'Data', reason: 'test' })!;
  assert.equal(edit.newText, `  # aws-hardening-ignore ${finding.ruleId} test\r`);
  const json = '{\r  "AWSTemplateFormatVersion": "2010-09-09",\r  "Resources": {\r    "Data": {\r      "Type": "AWS::S3::Bucket"\r    }\r  }\r}\r';
  const jsonFixed = fixAll(json).text;
  assert.equal(jsonFixed.includes('\n'), false);
  assert.deepEqual(JSON.parse(jsonFixed.replace(/\r/g, '\n')).Resources.Data.Properties.VersioningConfiguration, { Status: 'Enabled' });
});

test('the fast reader takes anchors and aliases of block values, building the model the full parser builds', () => {
  const model = (n: Node | null | undefined): unknown => {
    if (!n) return n;
    const base = { start: n.start, end: n.end, tag: n.tag };
    if (n.kind === 'map') return { ...base, flow: n.flow, pairs: n.pairs.map((p) => [p.key, p.keyStart, p.keyEnd, model(p.value)]) };
    if (n.kind === 'seq') return { ...base, flow: n.flow, items: n.items.map(model) };
    return { ...base, style: n.style, value: n.value };
  };
  const taken = [
    anchoredYaml(5),
    'a: &x 1\nb: *x\n',
    'a: &x\n  - 1\nb: *x\n',
    'a: &x {k: v}\nb:\n  - *x\n  - &y y\n  - *y   # c\n',
    'a: &x\n  k: v\nb: *x\r\nc: 1\n',
  ];
  for (const text of taken) {
    const fast = fastYaml(text, 200);
    assert.notEqual(fast, undefined, JSON.stringify(text));
    assert.deepEqual(model(fast), model(parseFully(text).root), JSON.stringify(text));
  }
  // Aliases to no anchor, anchors beside tags or on keys, and aliases in flow collections stay with the full parser.
  for (const text of ['b: *nowhere\n', 'a: &x !Ref y\nb: *x\n', '&k a: 1\n', 'a: &x 1\nb: [*x]\n', `a: &x 1\n${Array.from({ length: 101 }, (_, i) => `b${i}: *x`).join('\n')}\n`]) {
    assert.equal(fastYaml(text, 200), undefined, JSON.stringify(text));
  }
});
