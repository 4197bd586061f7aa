// The account's own S3 public access block (S3 Control): one setting per account, read once.
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import type { Collector, LiveState } from '../../scan/model';
import { publicAccessBlock, type PublicAccessBlock } from './public-access-block';

export const S3_ACCOUNT = 's3-account';

/** The account-wide block: `none` when S3 Control says there is none, null when it could not be read. */
export interface S3AccountState extends LiveState {
  readonly publicAccessBlock: PublicAccessBlock | 'none' | null;
}

export const s3AccountCollector: Collector = {
  title: 'S3 account public access block',
  scope: 'global',
  rules: ['s3-account-public-access-not-blocked'],
  async collect(ctx) {
    const control = ctx.client(S3ControlClient, 'S3 Control');
    const read = await ctx.read(
      's3:GetAccountPublicAccessBlock',
      ctx.account,
      (o) => control.send(new GetPublicAccessBlockCommand({ AccountId: ctx.account }), o),
      ['NoSuchPublicAccessBlockConfiguration'],
    );
    const block = read.state === 'absent' ? 'none' : read.state === 'ok' ? publicAccessBlock(read.value.PublicAccessBlockConfiguration) : null;
    const state: S3AccountState = { ref: { arn: ctx.account, name: ctx.account, region: 'global' }, publicAccessBlock: block };
    ctx.evaluate(S3_ACCOUNT, state);
  },
};
