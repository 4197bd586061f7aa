// Route53 record sets read out of templates for the DNS rules: names (literal, parameters, Sub,
// Join), which zone a record set belongs to, RecordSetGroups, aliases, what cannot be read, and
// how the rules' findings and fixes land in the template.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { get } from '../../server/src/core/cfn/model';
import { parseText } from '../../server/src/core/cfn/parse';
import { readTemplate } from '../../server/src/core/cfn/template';
import { removeItem } from '../../server/src/core/route53/edit';
import { readRoute53, type ZoneRecords } from '../../server/src/core/route53/records';
import { resolveName, resolveValue, rewrite } from '../../server/src/core/route53/resolve';
import type { AnalysisOptions } from '../../server/src/core/rules/types';
import { applyEdits } from '../../server/src/core/text';

const HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  DomainName:\n    Type: String\n    Default: example.com\n  Bare:\n    Type: String\nResources:\n';
const ZONE = '  Zone:\n    Type: AWS::Route53::HostedZone\n    Properties:\n      Name: example.com\n';

function read(text: string): ReturnType<typeof readRoute53> {
  const template = readTemplate(parseText(text));
  assert.ok(template, 'not a template');
  return readRoute53(template);
}

/** A RecordSet resource in block YAML; `props` are its lines below `Properties:`. */
function recordSet(id: string, ...props: string[]): string {
  return `  ${id}:\n    Type: AWS::Route53::RecordSet\n    Properties:\n${props.map((p) => `      ${p}\n`).join('')}`;
}

function owners(zone: ZoneRecords): string[] {
  return [...zone.model.records].map((r) => `${r.owner} ${r.type}`);
}

const NOW = new Date('2026-11-23T00:00:00Z');

function findings(text: string, options: AnalysisOptions = {}): string[] {
  return analyzeText(text, { now: NOW, ...options })
    .findings.filter((f) => f.ruleId.startsWith('dns-'))
    .map((f) => `${f.ruleId}@${f.resource}`);
}

describe('names', () => {
  test('literal names are absolute with or without the final dot, and parameters read as tokens', () => {
    const text = `${HEAD}  Zone:\n    Type: AWS::Route53::HostedZone\n    Properties:\n      Name: !Ref DomainName\n${recordSet('A', 'HostedZoneId: !Ref Zone', "Name: !Sub 'www.${DomainName}'", 'Type: A', 'TTL: 300', 'ResourceRecords: [192.0.2.1]')}${recordSet('B', 'HostedZoneId: !Ref Zone', "Name: !Join ['', [api., !Ref DomainName, .]]", 'Type: A', 'TTL: 300', 'ResourceRecords: [192.0.2.2]')}${recordSet('C', 'HostedZoneId: !Ref Zone', 'Name: !Ref DomainName', 'Type: MX', 'TTL: 300', 'ResourceRecords: [10 mail.example.com]')}`;
    const [zone] = read(text).zones;
    assert.equal(zone!.zone.apex, '${DomainName}.');
    assert.deepEqual(owners(zone!), ['www.${DomainName}. A', 'api.${DomainName}. A', '${DomainName}. MX']);
  });

  test('Sub with a variable map, GetAtt and pseudo parameters stay symbolic; an escaped ${! is unknown', () => {
    const template = readTemplate(parseText(`${HEAD}${ZONE}  X:\n    Type: AWS::S3::Bucket\n    Properties:\n      A: !Sub ['\${Host}.\${AWS::Region}.example.com', {Host: api}]\n      B: !GetAtt Lb.DNSName\n      C: !Sub '\${!Literal}.example.com'\n      D: {"Fn::Sub": "www.\${DomainName}"}\n`))!;
    const props = template.byId.get('X')!.properties!;
    const at = (key: string) => props.pairs.find((p) => p.key === key)!.value;
    assert.equal(resolveName(template, at('A')), 'api.${AWS::Region}.example.com.');
    assert.equal(resolveName(template, at('B')), '${Lb.DNSName}.');
    assert.equal(resolveName(template, at('C')), undefined);
    assert.equal(resolveName(template, at('D')), 'www.${DomainName}.');
  });

  test('values read a parameter as its Default, and are unknown without one', () => {
    const template = readTemplate(parseText(`${HEAD}${ZONE}  X:\n    Type: AWS::S3::Bucket\n    Properties:\n      A: !Sub '"v=DMARC1; p=none; rua=mailto:d@\${DomainName}"'\n      B: !Sub '"\${Bare}"'\n      C: !Ref DomainName\n      D: !Sub '"\${AWS::Region}"'\n`))!;
    const props = template.byId.get('X')!.properties!;
    const at = (key: string) => props.pairs.find((p) => p.key === key)!.value;
    const a = resolveValue(template, at('A'));
    assert.equal(a?.text, '"v=DMARC1; p=none; rua=mailto:d@example.com"');
    assert.equal(resolveValue(template, at('B')), undefined);
    assert.equal(resolveValue(template, at('C'))?.text, 'example.com');
    assert.equal(resolveValue(template, at('D')), undefined);
    // A fix may change the literal text of a Sub, never what a parameter filled in.
    assert.equal(rewrite(a!.written!, a!.text, a!.text.replace('p=none', 'p=reject')), '"v=DMARC1; p=reject; rua=mailto:d@${DomainName}"');
    assert.equal(rewrite(a!.written!, a!.text, a!.text.replace('example.com', 'example.org')), undefined);
  });
});

describe('zones', () => {
  test('HostedZoneId by Ref, GetAtt and their long forms; HostedZoneName with any case and dot', () => {
    const text = `${HEAD}${ZONE}${recordSet('A', 'HostedZoneId: !GetAtt Zone.Id', 'Name: a.example.com', 'Type: A', 'TTL: 300', 'ResourceRecords: [192.0.2.1]')}${recordSet('B', 'HostedZoneId: {"Fn::GetAtt": [Zone, Id]}', 'Name: b.example.com.', 'Type: A', 'TTL: 300', 'ResourceRecords: [192.0.2.2]')}${recordSet('C', 'HostedZoneId: {Ref: Zone}', 'Name: c.example.com', 'Type: A', 'TTL: 300', 'ResourceRecords: [192.0.2.3]')}${recordSet('D', 'HostedZoneName: EXAMPLE.com.', 'Name: d.example.com', 'Type: A', 'TTL: 300', 'ResourceRecords: [192.0.2.4]')}${recordSet('E', 'HostedZoneId: Z0123456789ABC', 'Name: e.example.com', 'Type: A', 'TTL: 300', 'ResourceRecords: [192.0.2.5]')}`;
    const [zone] = read(text).zones;
    assert.deepEqual(owners(zone!), ['a.example.com. A', 'b.example.com. A', 'c.example.com. A', 'd.example.com. A']);
  });

  test('private zones are not checked, and a zone chosen by Fn::If only leaves doubts', () => {
    const text = `${HEAD}${ZONE}  Inner:\n    Type: AWS::Route53::HostedZone\n    Properties:\n      Name: internal.example\n      VPCs: [{VPCId: vpc-1, VPCRegion: eu-west-1}]\n${recordSet('A', 'HostedZoneId: !If [Prod, !Ref Zone, !Ref Inner]', 'Name: _dmarc.example.com', 'Type: TXT', 'TTL: 300', `ResourceRecords: ['"v=DMARC1; p=none"']`)}`;
    const { zones } = read(text);
    assert.deepEqual(zones.map((z) => z.zone.resource.logicalId), ['Zone']);
    assert.deepEqual(owners(zones[0]!), []);
    assert.deepEqual(zones[0]!.doubts, [{ name: '_dmarc.example.com.', type: 'TXT' }]);
  });

  test('a RecordSetGroup names the zone once for all its record sets', () => {
    const text = `${HEAD}${ZONE}  Group:\n    Type: AWS::Route53::RecordSetGroup\n    Properties:\n      HostedZoneName: example.com.\n      RecordSets:\n        - Name: example.com\n          Type: TXT\n          TTL: '300'\n          ResourceRecords: ['"v=spf1 -all"', '"site-verification=1"']\n        - Name: www.example.com\n          Type: AAAA\n          TTL: '300'\n          ResourceRecords: ['2001:db8::1']\n`;
    const [zone] = read(text).zones;
    assert.deepEqual(owners(zone!), ['example.com. TXT', 'example.com. TXT', 'www.example.com. AAAA']);
    assert.ok([...zone!.model.records].every((r) => r.set.resource.logicalId === 'Group' && r.set.inGroup));
    assert.deepEqual([...zone!.model.records][0]!.rdata, { kind: 'strings', strings: ['v=spf1 -all'] });
  });
});

describe('what cannot be read', () => {
  test('an alias is a record there, with no TTL and no value for the rules', () => {
    const text = `${HEAD}${ZONE}${recordSet('Apex', 'HostedZoneId: !Ref Zone', 'Name: www.example.com', 'Type: A', 'AliasTarget: {DNSName: d1.cloudfront.net, HostedZoneId: Z2FDTNDATAQYW2}')}${recordSet('Www', 'HostedZoneId: !Ref Zone', 'Name: www.example.com', 'Type: CNAME', 'TTL: 300', 'ResourceRecords: [example.net]')}`;
    const [zone] = read(text).zones;
    const alias = [...zone!.model.records][0]!;
    assert.equal(alias.ttl, 0);
    assert.equal(alias.rdata.kind, 'other');
    assert.deepEqual(findings(text).filter((f) => f.startsWith('dns-cname')), ['dns-cname-and-other-data@Www']);
  });

  test('unknown names and values are doubts that keep "missing" findings away', () => {
    const base = `${HEAD}${ZONE}${recordSet('Spf', 'HostedZoneId: !Ref Zone', 'Name: example.com', 'Type: TXT', 'TTL: 300', `ResourceRecords: ['"v=spf1 -all"']`)}`;
    assert.ok(findings(base).includes('dns-dmarc-missing@Zone'));
    const unknownValue = `${base}${recordSet('Dmarc', 'HostedZoneId: !Ref Zone', 'Name: _dmarc.example.com', 'Type: TXT', 'TTL: 300', 'ResourceRecords: [!ImportValue DmarcPolicy]')}`;
    const unknownName = `${base}${recordSet('Dmarc', 'HostedZoneId: !Ref Zone', 'Name: !ImportValue DmarcName', 'Type: TXT', 'TTL: 300', `ResourceRecords: ['"v=DMARC1; p=reject"']`)}`;
    const otherParameter = `${base}${recordSet('Dmarc', 'HostedZoneId: !Ref Zone', "Name: !Sub '${Bare}.example.com'", 'Type: TXT', 'TTL: 300', `ResourceRecords: ['"v=DMARC1; p=reject"']`)}`;
    const wrongType = `${base}${recordSet('Dmarc', 'HostedZoneId: !Ref Zone', 'Name: !ImportValue DmarcName', 'Type: A', 'TTL: 300', 'ResourceRecords: [192.0.2.1]')}`;
    for (const text of [unknownValue, unknownName, otherParameter]) assert.ok(!findings(text).includes('dns-dmarc-missing@Zone'), text);
    assert.ok(findings(wrongType).includes('dns-dmarc-missing@Zone'));
    assert.deepEqual(read(unknownValue).zones[0]!.doubts, [{ name: '_dmarc.example.com.', type: 'TXT' }]);
  });

  test('weighted and conditional record sets are not counted as several at one name', () => {
    const weighted = (id: string, target: string) => recordSet(id, 'HostedZoneId: !Ref Zone', 'Name: www.example.com', 'Type: CNAME', 'TTL: 60', `SetIdentifier: ${id}`, 'Weight: 50', `ResourceRecords: [${target}]`);
    assert.deepEqual(findings(`${HEAD}${ZONE}${weighted('Blue', 'blue.example.net')}${weighted('Green', 'green.example.net')}`).filter((f) => f.startsWith('dns-cname')), []);
    const conditional = `${HEAD}Conditions:\n  Mail: !Equals [a, a]\n${HEAD.slice(HEAD.indexOf('Resources:'))}${ZONE}${recordSet('Www', 'HostedZoneId: !Ref Zone', 'Name: www.example.com', 'Type: CNAME', 'TTL: 60', 'ResourceRecords: [example.net]')}  WwwTxt:\n    Type: AWS::Route53::RecordSet\n    Condition: Mail\n    Properties:\n      HostedZoneId: !Ref Zone\n      Name: www.example.com\n      Type: TXT\n      TTL: 60\n      ResourceRecords: ['"x"']\n`;
    assert.deepEqual(findings(conditional).filter((f) => f.startsWith('dns-cname')), []);
  });

  test('values that do not parse are dns-syntax findings on the item, worded like the zone reader', () => {
    const text = `${HEAD}${ZONE}${recordSet('Bad', 'HostedZoneId: !Ref Zone', 'Name: example.com', 'Type: TXT', 'TTL: soon', 'ResourceRecords:', '  - "v=spf1 -all"', `  - '"unclosed'`)}${recordSet('Caa', 'HostedZoneId: !Ref Zone', 'Name: example.com', 'Type: CAA', 'TTL: 300', 'ResourceRecords: [0 issue]')}${recordSet('Out', 'HostedZoneId: !Ref Zone', 'Name: www.example.org', 'Type: A', 'TTL: 300', 'ResourceRecords: [192.0.2.300]')}`;
    const syntax = analyzeText(text, { now: NOW }).findings.filter((f) => f.ruleId === 'dns-syntax');
    assert.deepEqual(
      syntax.map((f) => `${f.resource} ${text.slice(f.start, f.end)}: ${f.message}`),
      [
        'Bad soon: bad ttl',
        'Bad "v=spf1 -all": TXT: v=spf1 -all is not in double quotes; Route53 takes TXT text only as quoted strings ("v=spf1 -all")',
        `Bad '"unclosed': TXT: unbalanced quotes`,
        'Caa 0 issue: CAA: unexpected end of input',
        'Out www.example.org: www.example.org. is not in zone example.com.; Route53 rejects the record set',
        "Out 192.0.2.300: A: bad dotted quad '192.0.2.300'",
      ],
    );
  });
});

describe('findings and fixes in the template', () => {
  test('a CNAME at the apex is beside the SOA and NS Route53 keeps there', () => {
    const text = `${HEAD}${ZONE}${recordSet('Apex', 'HostedZoneId: !Ref Zone', 'Name: example.com', 'Type: CNAME', 'TTL: 300', 'ResourceRecords: [example.net]')}`;
    assert.deepEqual(findings(text).filter((f) => f.startsWith('dns-cname')), ['dns-cname-and-other-data@Apex']);
  });

  test('severities, off and suppressions apply per rule id', () => {
    const text = `${HEAD}${ZONE}`;
    const caa = (options: AnalysisOptions) => analyzeText(text, { now: NOW, ...options }).findings.filter((f) => f.ruleId === 'dns-caa-missing');
    assert.equal(caa({})[0]?.severity, 'warning');
    assert.equal(caa({ severities: { 'dns-caa-missing': 'error' } })[0]?.severity, 'error');
    assert.deepEqual(caa({ severities: { 'dns-caa-missing': 'off' } }), []);
    const suppressed = text.replace('  Zone:\n', '  # aws-hardening-ignore dns-caa-missing certificates come from a private CA only\n  Zone:\n');
    assert.deepEqual(analyzeText(suppressed, { now: NOW }).findings.filter((f) => f.ruleId === 'dns-caa-missing'), []);
    assert.ok(findings(suppressed).includes('dns-spf-missing@Zone'));
  });

  test('a missing value joins the record set that already has its name and type', () => {
    const text = `${HEAD}${ZONE}${recordSet('Apex', 'HostedZoneId: !Ref Zone', 'Name: example.com', 'Type: TXT', 'TTL: 300', 'ResourceRecords:', `  - '"site-verification=1"'`)}`;
    const spf = analyzeText(text, { now: NOW }).findings.find((f) => f.ruleId === 'dns-spf-missing')!;
    const fixed = applyEdits(text, spf.fix!.edits()!);
    assert.ok(fixed.endsWith(`        - '"site-verification=1"'\n        - '"v=spf1 -all"'\n`), fixed);
    assert.ok(!findings(fixed).includes('dns-spf-missing@Zone'));
  });

  test('the SPF type is not retyped to TXT where a TXT record set already has the name', () => {
    const text = `${HEAD}${ZONE}${recordSet('Old', 'HostedZoneId: !Ref Zone', 'Name: example.com', 'Type: SPF', 'TTL: 300', `ResourceRecords: ['"v=spf1 -all"']`)}${recordSet('Txt', 'HostedZoneId: !Ref Zone', 'Name: example.com', 'Type: TXT', 'TTL: 300', `ResourceRecords: ['"site-verification=1"']`)}`;
    const finding = analyzeText(text, { now: NOW }).findings.find((f) => f.ruleId === 'dns-spf-rr-type');
    assert.ok(finding);
    assert.equal(finding.fix, undefined);
  });

  test('removing the only value of a RecordSet that something refers to offers no fix', () => {
    const twin = recordSet('Txt', 'HostedZoneId: !Ref Zone', 'Name: example.com', 'Type: TXT', 'TTL: 300', `ResourceRecords: ['"v=spf1 -all"']`);
    const old = recordSet('Old', 'HostedZoneId: !Ref Zone', 'Name: example.com', 'Type: SPF', 'TTL: 300', `ResourceRecords: ['"v=spf1 -all"']`);
    const referred = `${HEAD}${ZONE}${twin}${old}Outputs:\n  Legacy:\n    Value: !Ref Old\n`;
    const rrType = (text: string) => analyzeText(text, { now: NOW }).findings.find((f) => f.ruleId === 'dns-spf-rr-type')!;
    assert.equal(rrType(referred).fix, undefined);
    const alone = `${HEAD}${ZONE}${twin}${old}`;
    assert.equal(applyEdits(alone, rrType(alone).fix!.edits()!), `${HEAD}${ZONE}${twin}`);
  });
});

describe('edits', () => {
  test('a list item is removed with one comma, or with its line', () => {
    const remove = (text: string, index: number): string => {
      const doc = parseText(text);
      const list = get(doc.root, 'L');
      assert.ok(list?.kind === 'seq');
      return applyEdits(text, [removeItem(doc, list, list.items[index]!)!]);
    };
    assert.equal(remove('{"L": ["a", "b", "c"]}', 1), '{"L": ["a", "c"]}');
    assert.equal(remove('{"L": ["a", "b", "c"]}', 2), '{"L": ["a", "b"]}');
    assert.equal(remove('{\n  "L": [\n    "a",\n    "b"\n  ]\n}\n', 0), '{\n  "L": [\n    "b"\n  ]\n}\n');
    assert.equal(remove('L:\n  - a # first\n  - b\n', 0), 'L:\n  - b\n');
    assert.equal(remove('L: [a, b]\n', 1), 'L: [a]\n');
  });

  test('a zone without record sets gets its first one after it, written plainly', () => {
    const text = `${HEAD}${ZONE}  Bucket:\n    Type: AWS::S3::Bucket\n`;
    const dmarc = analyzeText(text, { now: NOW }).findings.find((f) => f.ruleId === 'dns-dmarc-missing')!;
    assert.equal(dmarc.fix?.safety, 'safe');
    const expected = `${HEAD}${ZONE}  ZoneDmarcRecord:\n    Type: AWS::Route53::RecordSet\n    Properties:\n      HostedZoneId: !Ref Zone\n      Name: _dmarc.example.com\n      Type: TXT\n      TTL: '300'\n      ResourceRecords:\n        - '"v=DMARC1; p=reject"'\n  Bucket:\n    Type: AWS::S3::Bucket\n`;
    assert.equal(applyEdits(text, dmarc.fix!.edits()!), expected);
  });
});
