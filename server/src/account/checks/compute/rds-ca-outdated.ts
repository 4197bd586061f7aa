// An instance's server certificate read from `CertificateDetails.ValidTill`, which stays right as
// CAs age: expired is an error, expiring within the `pemWarningDays` window a warning. Where the
// API gives no details (older API versions, emulators), the CA identifier is looked up in the
// template rule's table of expired CAs.
import { expiredOn, REPLACEMENT_CA } from '../../../core/rules/data/rds-ca-outdated';
import { liveRule } from '../../scan/model';
import { DB_INSTANCE_KIND, type DbInstanceState } from './db-instances';

const DAY = 86_400_000;

export const rdsCaOutdatedLive = liveRule<DbInstanceState>('rds-ca-outdated', DB_INSTANCE_KIND, (state, { now, settings }) => {
  const ca = state.caCertificateIdentifier;
  const name = state.ref.name;
  const evidence = { CACertificateIdentifier: ca ?? null, ValidTill: state.certificateValidTill ?? null };
  if (state.certificateValidTill !== undefined) {
    const until = Date.parse(state.certificateValidTill);
    if (Number.isNaN(until)) return [];
    const day = state.certificateValidTill.slice(0, 10);
    const by = ca ? ` (CA ${ca})` : '';
    if (now.getTime() >= until) {
      return [{ severity: 'error', message: `DB instance ${name} has a server certificate${by} that expired on ${day}, so clients that verify the server certificate can no longer trust it.`, evidence }];
    }
    const days = Math.ceil((until - now.getTime()) / DAY);
    if (days > Math.max(0, settings.pemWarningDays)) return [];
    return [
      {
        severity: 'warning',
        message: `DB instance ${name} has a server certificate${by} that expires on ${day} (in ${days} day${days === 1 ? '' : 's'}), so clients that verify it will refuse to connect unless it is rotated first.`,
        evidence,
      },
    ];
  }
  const expired = ca === undefined ? undefined : expiredOn(ca, now);
  if (expired === undefined) return [];
  return [
    {
      severity: 'error',
      message: `DB instance ${name} uses CA ${ca}, which expired on ${expired}, so clients that verify the server certificate can no longer trust it. Move it to ${REPLACEMENT_CA} once clients trust the new CA bundle.`,
      evidence,
    },
  ];
});
