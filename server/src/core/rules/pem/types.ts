// PEM rules look at a bundle read once (see core/pem/bundle.ts) and say which certificate is at
// fault; the analysis puts the finding on that certificate's BEGIN line.
import type { PemBundle, PemCertificate } from '../../pem/bundle';
import type { RuleMeta, Settings } from '../types';

export interface PemCheckContext {
  readonly now: Date;
  readonly settings: Settings;
}

export interface PemProblem {
  readonly certificate: PemCertificate;
  readonly message: string;
}

export interface PemRule {
  readonly meta: RuleMeta;
  check(bundle: PemBundle, ctx: PemCheckContext): PemProblem[];
}
