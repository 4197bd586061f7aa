// TLS for inbound mail: TLS-RPT reports (RFC 8460) and an MTA-STS policy (RFC 8461).
import { excerpt } from '../../dns/excerpt';
import { receivesMail, recordsAt, txtValue, type ZoneModel, type DnsRecord } from '../../dns/model';
import { domainOf, isWholeZone, meta, quoted, soaOf, under, zoneMailbox } from './common';
import type { DnsCheckContext, DnsProblem, DnsRule } from './types';

export const dnsTlsrptMissing: DnsRule = {
  meta: meta('dns-tlsrpt-missing', 'No TLS-RPT record for a mail domain', 'information', 'safe', ['Hardenize'], {
    what: 'A zone with MX records but no `v=TLSRPTv1` TXT record at `_smtp._tls`.',
    why: 'TLS reporting (RFC 8460) is how sending servers tell you that TLS to your MX failed — a downgrade or a certificate problem you would otherwise not see.',
    fix: 'The quick fix adds `v=TLSRPTv1; rua=mailto:<SOA mailbox>` at `_smtp._tls`; reports arrive daily as JSON.',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>): DnsProblem<R>[] {
    if (!isWholeZone(model) || !receivesMail(model)) return [];
    const name = under(model, '_smtp._tls');
    if (recordsAt(model, name, 'TXT').some((r) => /^v=TLSRPTv1/i.test(txtValue(r) ?? ''))) return [];
    const value = `v=TLSRPTv1; rua=mailto:${zoneMailbox(model)}`;
    return [
      {
        message: `The zone receives mail but has no TLS-RPT record at ${excerpt(name)}, so failed TLS connections to its MX go unreported.`,
        record: soaOf(model),
        part: 'owner',
        name: model.apex,
        fix: { kind: 'add', title: 'Add a TLS-RPT record', safety: 'safe', records: [{ owner: name, type: 'TXT', value: quoted(value) }] },
      },
    ];
  },
};

/** An MTA-STS policy id from the current time, `yyyymmddhhmm` (UTC). */
export function policyId(now: Date): string {
  return now.toISOString().slice(0, 16).replace(/[-T:]/g, '');
}

export const dnsMtaStsMissing: DnsRule = {
  meta: meta('dns-mta-sts-missing', 'No MTA-STS record for a mail domain', 'information', 'safe', ['Hardenize'], {
    what: 'A zone with MX records but no `v=STSv1` TXT record at `_mta-sts`.',
    why: 'Without MTA-STS (RFC 8461) sending servers fall back to unencrypted SMTP whenever an attacker strips STARTTLS, and accept any certificate.',
    fix:
      'The quick fix adds `v=STSv1; id=<yyyymmddhhmm>` at `_mta-sts`. The record only announces the policy: the policy file itself must be ' +
      'served at `https://mta-sts.<domain>/.well-known/mta-sts.txt` (start with `mode: testing`), and the id must change whenever the file does.',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>, ctx: DnsCheckContext): DnsProblem<R>[] {
    if (!isWholeZone(model) || !receivesMail(model)) return [];
    const name = under(model, '_mta-sts');
    if (recordsAt(model, name, 'TXT').some((r) => /^v=STSv1/i.test(txtValue(r) ?? ''))) return [];
    const value = `v=STSv1; id=${policyId(ctx.now)}`;
    return [
      {
        message: `The zone receives mail but has no MTA-STS record at ${excerpt(name)}; also serve the policy at https://mta-sts.${excerpt(domainOf(model))}/.well-known/mta-sts.txt.`,
        record: soaOf(model),
        part: 'owner',
        name: model.apex,
        fix: { kind: 'add', title: 'Add an MTA-STS record', safety: 'safe', records: [{ owner: name, type: 'TXT', value: quoted(value) }] },
      },
    ];
  },
};

export const dnsMtaStsInvalid: DnsRule = {
  meta: meta('dns-mta-sts-invalid', 'Malformed MTA-STS record', 'error', 'none', ['checkdmarc'], {
    what: 'An MTA-STS record whose `id` is not 1–32 letters and digits, or more than one `v=STSv1` record at `_mta-sts`.',
    why: 'RFC 8461 §3.1: senders ignore a malformed record, and with several records they act as if there were none, so the policy is never fetched.',
    fix: 'Keep one record `v=STSv1; id=<1-32 letters or digits>`, and change the id whenever the policy file changes.',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>): DnsProblem<R>[] {
    const records = recordsAt(model, under(model, '_mta-sts'), 'TXT').filter((r) => /^v=STSv1/i.test(txtValue(r) ?? ''));
    const out: DnsProblem<R>[] = [];
    for (const [i, r] of records.entries()) {
      if (i > 0) {
        out.push({ message: `${excerpt(r.owner)} has ${records.length} MTA-STS records; senders then ignore MTA-STS (RFC 8461 §3.1).`, record: r, part: 'rdata' });
        continue;
      }
      const id = /(?:^|;)\s*id=([^;]*)/.exec(txtValue(r) ?? '')?.[1]?.trim();
      if (id === undefined || !/^[A-Za-z0-9]{1,32}$/.test(id)) {
        out.push({ message: `MTA-STS at ${excerpt(r.owner)} has ${id === undefined ? 'no id' : `id "${excerpt(id)}"`}; it must be 1 to 32 letters or digits, or senders ignore the record.`, record: r, part: 'rdata' });
      }
    }
    return out;
  },
};
