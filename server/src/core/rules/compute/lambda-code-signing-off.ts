import { ensurePath, insertPairsAfter, Intrinsic, type InsertValue } from '../../cfn/edit';
import { asMap, asString, get, getPair, type MapNode } from '../../cfn/model';
import { everyBranch, freeLogicalId, isNoValue, type Resource, type Template } from '../../cfn/template';
import type { CfnRule, CheckFinding } from '../types';
import { effectivePair, isFunction, SAM_FUNCTION } from './lambda';
import { inlineJsonPair, joinInserts } from './json-edit';

const ID = 'lambda-code-signing-off';
const CSC_TYPE = 'AWS::Lambda::CodeSigningConfig';

/** The new Signer profile and the code signing config that trusts it and rejects anything else. */
function scaffold(profileId: string, cscId: string): Array<readonly [string, InsertValue]> {
  return [
    [profileId, { Type: 'AWS::Signer::SigningProfile', Properties: { PlatformId: 'AWSLambda-SHA384-ECDSA' } }],
    [
      cscId,
      {
        Type: CSC_TYPE,
        Properties: {
          AllowedPublishers: { SigningProfileVersionArns: [new Intrinsic('GetAtt', [profileId, 'ProfileVersionArn'])] },
          CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
        },
      },
    ],
  ];
}

/** True when `key` is written below `map` with a value other than `AWS::NoValue`. */
function written(map: MapNode | undefined, key: string): boolean {
  const value = getPair(map, key)?.value;
  return !!value && !isNoValue(value);
}

/**
 * True when the function deploys a .zip package: `PackageType` absent or `Zip` in every branch, and
 * no image URI (SAM `ImageUri` or `Code.ImageUri`), which makes it an image even without `PackageType`.
 */
function isZip(template: Template, resource: Resource): boolean {
  const props = resource.properties;
  if (written(props, 'ImageUri') || written(asMap(get(props, 'Code')), 'ImageUri')) return false;
  const pair = effectivePair(template, resource, props, 'PackageType');
  return everyBranch(pair?.value, (n) => (n && n.kind !== 'scalar' ? 'unknown' : !n || asString(n) === 'Zip'));
}

/** Where inline code is written: `Code.ZipFile`, or SAM's `InlineCode`; Signer signs only packages in S3. */
function inlineCode(resource: Resource): string | undefined {
  const props = resource.properties;
  if (resource.type === SAM_FUNCTION) return written(props, 'InlineCode') ? 'InlineCode' : undefined;
  return written(asMap(get(props, 'Code')), 'ZipFile') ? 'Code.ZipFile' : undefined;
}

export const lambdaCodeSigningOff: CfnRule = {
  meta: {
    id: ID,
    title: 'Lambda function without code signing',
    severity: 'information',
    fix: 'unsafe',
    e8: ['AC'],
    anchors: [],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::Lambda::Function` or `AWS::Serverless::Function` deployed as a .zip package (no `PackageType: Image`, SAM ' +
        '`ImageUri` or `Code.ImageUri`) without `CodeSigningConfigArn`, set on the function or in SAM `Globals.Function`. A function ' +
        'with inline code (`Code.ZipFile`, SAM `InlineCode`) is reported with its own message and no fix, because inline code cannot be signed.',
      why:
        'Without a code signing configuration Lambda runs whatever package is uploaded, so anyone who can write to the artifact bucket ' +
        'or the deployment pipeline can replace the code. Requiring a signature from a trusted Signer profile is application control: ' +
        'only code your build signed can be deployed.',
      fix:
        'Sign packages with an AWS Signer profile (for example with `sam package --signing-profiles`) and set `CodeSigningConfigArn`. ' +
        'The quick fix adds an `AWS::Signer::SigningProfile` (platform `AWSLambda-SHA384-ECDSA`) and an `AWS::Lambda::CodeSigningConfig` ' +
        'that trusts it with `UntrustedArtifactOnDeployment: Enforce`, or reuses a code signing config already in the template, and ' +
        'points the function at it. It is unsafe: from then on every deployment of an unsigned package fails, so the build must sign ' +
        'its artifacts with that profile before the next deploy. Inline code must first move to a package in S3 (`Code.S3Bucket` ' +
        'and `S3Key`, or SAM `CodeUri`): AWS Signer signs S3 objects only, and an enforcing code signing config makes the deployment ' +
        'of inline code fail.',
      bad: 'Handler:\n  Type: AWS::Lambda::Function\n  Properties:\n    Runtime: python3.13\n    Handler: app.handler',
      good:
        'Handler:\n  Type: AWS::Lambda::Function\n  Properties:\n    Runtime: python3.13\n    Handler: app.handler\n' +
        '    CodeSigningConfigArn: !GetAtt CodeSigning.CodeSigningConfigArn',
    },
  },
  check(ctx) {
    const { template } = ctx;
    const out: CheckFinding[] = [];
    for (const resource of template.resources) {
      if (!isFunction(resource)) continue;
      // A Properties block written as an intrinsic cannot be read: unknown, so not reported.
      if (resource.propertiesPair?.value && !resource.properties) continue;
      if (!isZip(template, resource)) continue;
      const csc = effectivePair(template, resource, resource.properties, 'CodeSigningConfigArn');
      const missing = everyBranch(csc?.value, (n) => (n && n.kind !== 'scalar' ? 'unknown' : !n || (asString(n) ?? '') === ''));
      if (!missing) continue;
      const onPair = csc?.value ? csc : undefined;
      const id = resource.logicalId;
      const range = { start: onPair ? onPair.keyStart : resource.idStart, end: onPair ? onPair.value!.end : resource.idEnd };
      const inlineAt = inlineCode(resource);
      if (inlineAt) {
        // An enforcing code signing config would make the deployment of inline code fail: no fix.
        const packaged = resource.type === SAM_FUNCTION ? 'CodeUri' : 'Code.S3Bucket';
        out.push({
          ruleId: ID,
          ...range,
          message: `Function ${id} has inline code (${inlineAt}), which AWS Signer cannot sign, so nothing checks who wrote it until the code is packaged in S3 (${packaged}) and code signing is enabled.`,
          resource: id,
        });
        continue;
      }
      out.push({
        ruleId: ID,
        ...range,
        message: `Function ${id} has no CodeSigningConfigArn, so Lambda deploys any package uploaded for it without checking that a trusted publisher signed it.`,
        resource: id,
        fix: {
          title: `Require signed code for ${id}`,
          safety: 'unsafe',
          edits: () => {
            const resources = asMap(getPair(template.root, 'Resources')?.value);
            if (!resources) return null;
            const existing = template.resources.find((r) => r.type === CSC_TYPE);
            const cscId = existing?.logicalId ?? freeLogicalId(template, 'LambdaCodeSigningConfig');
            const arn = new Intrinsic('GetAtt', [cscId, 'CodeSigningConfigArn']);
            const inline = resource.properties && inlineJsonPair(template.doc, resource.properties, 'CodeSigningConfigArn', arn);
            const property = inline || ensurePath(template.doc, ctx.style, resource.node, ['Properties', 'CodeSigningConfigArn'], arn);
            if (!property) return null;
            if (existing) return [property];
            const added = insertPairsAfter(template.doc, ctx.style, resources, resources.pairs.length - 1, scaffold(freeLogicalId(template, 'LambdaSigningProfile'), cscId));
            // The property goes first: when the function is the last resource both land on one offset.
            return joinInserts([property, added]);
          },
        },
      });
    }
    return out;
  },
};
