// The CloudFormation resource-type index: it loads, and lookups through property types work.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { attribute, cfnIndexLoaded, loadCfnIndex, readCfnIndex, propertiesAt, propertyAt, propertyTypeDocs, resourceDocsUrl, resourceType } from '../../server/src/core/cfn-spec';
import { isShipped } from '../helpers/package-files';
import { repoRoot } from '../helpers/paths';

test('the index is read on first use, from server/data, and names its source', () => {
  assert.equal(cfnIndexLoaded(), false);
  const index = loadCfnIndex();
  assert.equal(cfnIndexLoaded(), true);
  assert.match(index.source, /^@aws-cdk\/aws-service-spec@\d+\.\d+\.\d+$/);
  assert.ok(index.typeNames.length > 1500);
  assert.equal(loadCfnIndex(), index, 'read once');
});

test('the index is JSON cut into lines: each type is parsed on its own, and anything else is refused', () => {
  const text = '{"source":"x@1.0.0","resources":{\n"A::B::C":{"p":{"N":{"t":"string","r":1}},"a":{}},\n"A::B::D":{"p":{},"a":{}}\n}}\n';
  assert.doesNotThrow(() => JSON.parse(text));
  const index = readCfnIndex(text);
  assert.deepEqual([index.source, index.typeNames], ['x@1.0.0', ['A::B::C', 'A::B::D']]);
  assert.deepEqual(index.resource('A::B::C')?.p, { N: { t: 'string', r: 1 } });
  assert.equal(index.resource('A::B::E'), undefined);
  assert.throws(() => readCfnIndex('{"resources":{}}'), /not a resource-type index/);
});

test('AWS::S3::Bucket: docs, properties with type, required and update behaviour, attributes', () => {
  const bucket = resourceType('AWS::S3::Bucket');
  assert.ok(bucket);
  assert.match(bucket.docs ?? '', /creates an Amazon S3 bucket/);
  const names = bucket.properties.map((p) => p.name);
  for (const name of ['BucketName', 'VersioningConfiguration', 'BucketEncryption', 'Tags']) assert.ok(names.includes(name), name);
  const bucketName = bucket.properties.find((p) => p.name === 'BucketName');
  assert.deepEqual([bucketName?.type, bucketName?.required, bucketName?.replacement], ['string', false, 'yes']);
  const versioning = propertyAt('AWS::S3::Bucket', ['VersioningConfiguration']);
  assert.deepEqual([versioning?.type, versioning?.propertyType, versioning?.replacement], ['VersioningConfiguration', 'VersioningConfiguration', 'no']);
  assert.equal(propertyAt('AWS::S3::Bucket', ['Tags'])?.type, 'list<Tag>');
  assert.equal(attribute('AWS::S3::Bucket', 'Arn')?.type, 'string');
  assert.match(attribute('AWS::S3::Bucket', 'Arn')?.docs ?? '', /Amazon Resource Name/);
  assert.equal(bucket.attributes.get('DomainName')?.type, 'string');
  assert.equal(attribute('AWS::S3::Bucket', 'Nope'), undefined);
});

test('nested properties are found through property types, lists and tags', () => {
  const status = propertyAt('AWS::S3::Bucket', ['VersioningConfiguration', 'Status']);
  assert.deepEqual([status?.type, status?.required], ['string', true]);
  assert.match(propertyTypeDocs('AWS::S3::Bucket', 'VersioningConfiguration') ?? '', /versioning state/);
  // BucketEncryption → ServerSideEncryptionConfiguration (a list) → ServerSideEncryptionByDefault → SSEAlgorithm
  const algorithm = propertyAt('AWS::S3::Bucket', ['BucketEncryption', 'ServerSideEncryptionConfiguration', 'ServerSideEncryptionByDefault', 'SSEAlgorithm']);
  assert.equal(algorithm?.required, true);
  assert.equal(propertyAt('AWS::S3::Bucket', ['Tags', 'Key'])?.type, 'string');
  assert.equal(propertyAt('AWS::S3::Bucket', ['VersioningConfiguration', 'Nope']), undefined);
  assert.equal(propertyAt('AWS::S3::Bucket', ['BucketName', 'Status']), undefined);
});

test('allowed values are kept for a value and for each item of a list', () => {
  assert.deepEqual(propertyAt('AWS::S3::Bucket', ['VersioningConfiguration', 'Status'])?.allowedValues, ['Enabled', 'Suspended']);
  const blocked = propertyAt('AWS::S3::Bucket', ['BucketEncryption', 'ServerSideEncryptionConfiguration', 'BlockedEncryptionTypes', 'EncryptionType']);
  assert.equal(blocked?.type, 'list<string>');
  assert.ok(blocked?.allowedValues?.includes('SSE-C'));
  assert.equal(propertyAt('AWS::S3::Bucket', ['BucketName'])?.allowedValues, undefined);
});

test("the properties a map may hold: the resource's own, or its property type's", () => {
  const top = propertiesAt('AWS::S3::Bucket', [])?.map((p) => p.name);
  assert.ok(top?.includes('BucketName') && top.includes('VersioningConfiguration'));
  assert.deepEqual(propertiesAt('AWS::S3::Bucket', ['VersioningConfiguration'])?.map((p) => [p.name, p.required]), [['Status', true]]);
  // Through a list: each item is a ServerSideEncryptionRule.
  assert.ok(propertiesAt('AWS::S3::Bucket', ['BucketEncryption', 'ServerSideEncryptionConfiguration'])?.some((p) => p.name === 'ServerSideEncryptionByDefault'));
  assert.deepEqual(propertiesAt('AWS::S3::Bucket', ['Tags'])?.map((p) => p.name), ['Key', 'Value']);
  assert.equal(propertiesAt('AWS::S3::Bucket', ['BucketName']), undefined);
  assert.equal(propertiesAt('AWS::S3::Nope', []), undefined);
});

test('keys under a map are names the author chose: skipped on the way down, nothing on their own', () => {
  // AWS::AccessAnalyzer::ArchiveRule Filter: map<FilterItems>, each item with Eq, Exists, ...
  assert.equal(propertyAt('AWS::AccessAnalyzer::ArchiveRule', ['Filter'])?.type, 'map<FilterItems>');
  assert.equal(propertyAt('AWS::AccessAnalyzer::ArchiveRule', ['Filter', 'resourceType']), undefined);
  assert.equal(propertyAt('AWS::AccessAnalyzer::ArchiveRule', ['Filter', 'resourceType', 'Eq'])?.type, 'list<string>');
  assert.equal(propertyAt('AWS::Lambda::Function', ['Environment', 'Variables', 'TABLE']), undefined);
});

test('the package ships the index with its license, and NOTICE names the version it was built from', () => {
  for (const file of ['NOTICE', 'dist/cfn-index.json.gz', 'dist/cfn-index.LICENSE']) assert.ok(isShipped(file), file);
  const source = loadCfnIndex().source.replace(/@(?=[^@]*$)/, ' ');
  assert.ok(readFileSync(join(repoRoot, 'NOTICE'), 'utf8').includes(source), `NOTICE names ${source}`);
  assert.match(readFileSync(join(repoRoot, 'server', 'data', 'cfn-index.LICENSE'), 'utf8'), /Apache License/);
});

test('unknown types and properties are undefined, not errors', () => {
  assert.equal(resourceType('AWS::S3::Nope'), undefined);
  assert.equal(resourceType('toString'), undefined);
  assert.equal(propertyAt('AWS::S3::Nope', ['BucketName']), undefined);
  assert.equal(propertyAt('AWS::S3::Bucket', ['constructor']), undefined);
  assert.equal(attribute('AWS::S3::Nope', 'Arn'), undefined);
});

test('the reference page link', () => {
  assert.equal(resourceDocsUrl('AWS::S3::Bucket'), 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html');
  assert.equal(resourceDocsUrl('AWS::EC2::VPCEndpoint'), 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-vpcendpoint.html');
});
