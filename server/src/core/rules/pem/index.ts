import { pemCertExpired } from './pem-cert-expired';
import { pemCertExpiring } from './pem-cert-expiring';
import { pemCertNotYetValid } from './pem-cert-not-yet-valid';
import { pemWeakKey } from './pem-weak-key';
import { pemWeakSignature } from './pem-weak-signature';
import type { PemRule } from './types';

export { pemSyntax } from './pem-syntax';

export const pemRules: readonly PemRule[] = [pemCertExpired, pemCertExpiring, pemCertNotYetValid, pemWeakSignature, pemWeakKey];
