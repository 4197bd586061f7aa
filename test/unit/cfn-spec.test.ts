// The CloudFormation resource-type index: it loads, and lookups through property types work.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attributeType, cfnIndexLoaded, loadCfnIndex, propertyAt, propertyTypeDocs, resourceDocsUrl, resourceType } from '../../server/src/core/cfn-spec';

test('the index is read on first use, from server/data, and names its source', () => {
  assert.equal(cfnIndexLoaded(), false);
  const index = loadCfnIndex();
  assert.equal(cfnIndexLoaded(), true);
  assert.match(index.source, /^@aws-cdk\/aws-service-spec@\d+\.\d+\.\d+$/);
  assert.ok(Object.keys(index.resources).length > 1500);
  assert.equal(loadCfnIndex(), index, 'read once');
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
  assert.equal(attributeType('AWS::S3::Bucket', 'Arn'), 'string');
  assert.equal(attributeType('AWS::S3::Bucket', 'Nope'), undefined);
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

test('unknown types and properties are undefined, not errors', () => {
  assert.equal(resourceType('AWS::S3::Nope'), undefined);
  assert.equal(resourceType('toString'), undefined);
  assert.equal(propertyAt('AWS::S3::Nope', ['BucketName']), undefined);
  assert.equal(propertyAt('AWS::S3::Bucket', ['constructor']), undefined);
  assert.equal(attributeType('AWS::S3::Nope', 'Arn'), undefined);
});

test('the reference page link', () => {
  assert.equal(resourceDocsUrl('AWS::S3::Bucket'), 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html');
  assert.equal(resourceDocsUrl('AWS::EC2::VPCEndpoint'), 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-vpcendpoint.html');
});
