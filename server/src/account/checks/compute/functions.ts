// Lambda functions of one region: the listing (runtime and package type), then per function its
// code signing configuration (only .zip packages can be signed) and its resource policy.
import { GetFunctionCodeSigningConfigCommand, GetPolicyCommand, LambdaClient, ListFunctionsCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Collector, LiveState, ScanContext } from '../../scan/model';

export const FUNCTION_KIND = 'lambda-function';

/** One statement of a function's resource policy, as IAM writes it. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface FunctionState extends LiveState {
  /** `Zip` or `Image`. */
  readonly packageType: string;
  /** The managed runtime; absent for container images. */
  readonly runtime?: string;
  /** The code signing configuration; false when none, null when not read (or not a .zip package). */
  readonly codeSigningConfigArn: string | false | null;
  /** The resource policy's statements; false when the function has no policy, null when not read. */
  readonly policy: readonly PolicyStatement[] | false | null;
}

const RUNTIME = 'lambda-runtime-deprecated';
const SIGNING = 'lambda-code-signing-off';
const PERMISSION = 'lambda-permission-public';
/** GetPolicy's answer for a function without a resource policy (and for one deleted meanwhile). */
const NO_POLICY = ['ResourceNotFoundException'];

async function collect(ctx: ScanContext): Promise<void> {
  const client = ctx.client(LambdaClient, 'Lambda');
  const functions: FunctionConfiguration[] = [];
  const listing = ctx.pages(
    'lambda:ListFunctions',
    `Lambda functions in ${ctx.region}`,
    (token, o) => client.send(new ListFunctionsCommand(token ? { Marker: token } : {}), o),
    (page) => page.NextMarker,
  );
  for await (const page of listing) functions.push(...(page.Functions ?? []));
  await Promise.all(functions.map((f) => lambdaFunction(ctx, client, f)));
}

async function lambdaFunction(ctx: ScanContext, client: LambdaClient, config: FunctionConfiguration): Promise<void> {
  const name = config.FunctionName ?? '';
  const arn = config.FunctionArn ?? `arn:${ctx.partition}:lambda:${ctx.region}:${ctx.account}:function:${name}`;
  const packageType = config.PackageType ?? 'Zip';
  let codeSigningConfigArn: string | false | null = null;
  if (packageType === 'Zip' && ctx.wants(SIGNING)) {
    const read = await ctx.read('lambda:GetFunctionCodeSigningConfig', arn, (o) => client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: name }), o), ['ResourceNotFoundException']);
    if (read.state === 'absent') return;
    if (read.state === 'ok') codeSigningConfigArn = read.value.CodeSigningConfigArn || false;
  }
  let policy: readonly PolicyStatement[] | false | null = null;
  if (ctx.wants(PERMISSION)) {
    const read = await ctx.read('lambda:GetPolicy', arn, (o) => client.send(new GetPolicyCommand({ FunctionName: name }), o), NO_POLICY);
    if (read.state === 'absent') policy = false;
    else if (read.state === 'ok') policy = statements(read.value.Policy);
  }
  const state: FunctionState = {
    ref: { arn, name, region: ctx.region },
    packageType,
    ...(config.Runtime ? { runtime: config.Runtime } : {}),
    codeSigningConfigArn,
    policy,
  };
  ctx.evaluate(FUNCTION_KIND, state);
}

/**
 * A policy document's statements (IAM allows a single statement written without the list). A
 * document that is not JSON, which Lambda never returns, is unknown rather than a failed scan.
 */
function statements(document: string | undefined): readonly PolicyStatement[] | false | null {
  if (!document) return false;
  let parsed: { Statement?: PolicyStatement | PolicyStatement[] };
  try {
    parsed = JSON.parse(document) as typeof parsed;
  } catch {
    return null;
  }
  const list = parsed.Statement === undefined ? [] : Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  return list.length > 0 ? list : false;
}

export const functionsCollector: Collector = {
  title: 'Lambda functions',
  scope: 'regional',
  rules: [RUNTIME, SIGNING, PERMISSION],
  collect,
};
