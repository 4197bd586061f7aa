// A public access block as the S3 and S3 Control APIs return it, for a bucket and for the whole
// account: the same four settings, named as in templates, so the template rule's list applies.
import { FLAGS } from '../../../core/rules/s3/s3-public-access-not-blocked';

export type PublicAccessFlag = (typeof FLAGS)[number];

/** The four settings; one the answer leaves out is off, as S3 treats it. */
export type PublicAccessBlock = Readonly<Record<PublicAccessFlag, boolean>>;

/** The configuration of a `GetPublicAccessBlock` answer, in the state's shape. */
export function publicAccessBlock(config: Partial<Record<PublicAccessFlag, boolean>> | undefined): PublicAccessBlock {
  return Object.fromEntries(FLAGS.map((flag) => [flag, config?.[flag] === true])) as Record<PublicAccessFlag, boolean>;
}

/** The settings that are not on, in the template rule's order. */
export function offFlags(block: PublicAccessBlock): PublicAccessFlag[] {
  return FLAGS.filter((flag) => block[flag] !== true);
}
