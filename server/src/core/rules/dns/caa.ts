// CAA (RFC 8659): which certificate authorities may issue for the domain, and well-formed records.
import { excerpt } from '../../dns/excerpt';
import { recordsAt, recordsOfType, type ZoneModel, type DnsRecord } from '../../dns/model';
import { isWholeZone, meta, quoted, soaOf, zoneMailbox } from './common';
import type { DnsCheckContext, DnsProblem, DnsRule } from './types';

export const dnsCaaMissing: DnsRule = {
  meta: meta('dns-caa-missing', 'No CAA issue record at the apex', 'warning', 'unsafe', ['Hardenize'], {
    what: 'A zone whose apex has no CAA record with the `issue` tag.',
    why: 'Without CAA any public certificate authority may issue certificates for the domain, so one mis-issuing or deceived CA is enough for an attacker to impersonate your sites.',
    fix:
      'List the CAs you use. The quick fix adds `0 issue "<ca>"` for each CA in the `awsHardening.dns.caaIssuers` setting (default ' +
      '`amazon.com` for ACM and `letsencrypt.org`) and `0 iodef "mailto:<SOA mailbox>"` for reports. It is unsafe: a CA not listed can ' +
      'no longer issue for the domain, so renewals from any other CA fail.',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>, ctx: DnsCheckContext): DnsProblem<R>[] {
    if (!isWholeZone(model)) return [];
    const caa = recordsAt(model, model.apex, 'CAA');
    if (caa.some((r) => r.rdata.kind === 'CAA' && r.rdata.tag.toLowerCase() === 'issue')) return [];
    const hasIodef = caa.some((r) => r.rdata.kind === 'CAA' && r.rdata.tag.toLowerCase() === 'iodef');
    const records = [
      ...ctx.settings.caaIssuers.map((ca) => ({ owner: model.apex, type: 'CAA', value: `0 issue ${quoted(ca)}` })),
      ...(hasIodef ? [] : [{ owner: model.apex, type: 'CAA', value: `0 iodef ${quoted(`mailto:${zoneMailbox(model)}`)}` }]),
    ];
    return [
      {
        message: `No CAA issue record at ${excerpt(model.apex)}, so every public certificate authority may issue certificates for this domain.`,
        record: soaOf(model),
        part: 'owner',
        name: model.apex,
        fix: { kind: 'add', title: `Allow only ${ctx.settings.caaIssuers.join(' and ')} to issue certificates (CAA)`, safety: 'unsafe', records },
      },
    ];
  },
};

/** Why a CAA record is malformed (RFC 8659 §4.1), if it is. */
export function caaProblem(flags: number, tag: string, value: string): string | undefined {
  if (flags !== 0 && flags !== 128) return `flags ${flags} are neither 0 nor 128 (critical)`;
  if (!/^[A-Za-z0-9]+$/.test(tag)) return `tag "${excerpt(tag)}" is not letters and digits`;
  if (tag.toLowerCase() === 'iodef' && !/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/i.test(value)) return `iodef "${excerpt(value)}" is neither a mailto: nor an https: URL`;
  if ((tag.toLowerCase() === 'issue' || tag.toLowerCase() === 'issuewild') && !/^\s*(;.*|[A-Za-z0-9.-]+\s*(;.*)?)?$/.test(value)) return `${excerpt(tag)} value "${excerpt(value)}" is not a CA domain name`;
  return undefined;
}

export const dnsCaaInvalid: DnsRule = {
  meta: meta('dns-caa-invalid', 'Malformed CAA record', 'error', 'none', ['Internet.nl'], {
    what: 'A CAA record with flags other than 0 or 128, a tag that is not letters and digits, an `iodef` that is not a mailto: or https: URL, or an `issue` value that is not a domain name (RFC 8659).',
    why: 'CAs must treat records they cannot parse conservatively — a malformed critical record blocks all issuance, and a broken iodef means you hear nothing.',
    fix: 'Write records as `0 issue "ca.example"` and `0 iodef "mailto:security@example.com"`.',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>): DnsProblem<R>[] {
    const out: DnsProblem<R>[] = [];
    for (const r of recordsOfType(model, 'CAA')) {
      if (r.rdata.kind !== 'CAA') continue;
      const problem = caaProblem(r.rdata.flags, r.rdata.tag, r.rdata.value);
      if (problem) out.push({ message: `CAA at ${excerpt(r.owner)} is malformed: ${problem}.`, record: r, part: 'rdata' });
    }
    return out;
  },
};
