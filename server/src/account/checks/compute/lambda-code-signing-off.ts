// Only .zip packages can be signed: container images are verified another way, and the collector
// does not read their configuration.
import { liveRule } from '../../scan/model';
import { FUNCTION_KIND, type FunctionState } from './functions';

export const lambdaCodeSigningOffLive = liveRule<FunctionState>('lambda-code-signing-off', FUNCTION_KIND, (state) => {
  if (state.packageType !== 'Zip' || state.codeSigningConfigArn !== false) return [];
  return [
    {
      message: `Function ${state.ref.name} has no code signing configuration, so Lambda deploys any package uploaded for it without checking that a trusted publisher signed it.`,
      evidence: { PackageType: state.packageType, CodeSigningConfigArn: null },
    },
  ];
});
