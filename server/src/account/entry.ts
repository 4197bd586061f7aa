// Everything that talks to AWS, as one module: the SDK clients make it large (several MB), so the
// bundles load it on first use (`loadAccount`) and `lint` or a language server that never scans
// does not pay for it at start.

// The SDK warns once per process that its 2027 releases need Node 22; a report is no place for it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export { liveCollectors, liveRules } from './checks';
export { applyPlan, HardenError, listBuckets, planBucket } from './harden/harden';
export { signIn, SignInError } from './login';
export { signInCommand, ssoTokenState } from './profiles';
export { CancelledError } from './scan/limiter';
export { scan } from './scan/scanner';
export { AccountSession } from './session';
export { login } from '../cli/login';
export { scanCommand } from '../cli/scan';
export { hardenBucketCommand } from '../cli/harden-bucket';
