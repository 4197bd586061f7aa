// DMARC (RFC 7489): a record at `_dmarc`, a policy that acts on failures, and well-formed tags.
import { excerpt } from '../../dns/excerpt';
import { hasMx, recordsAt, txtValue, type DnsRecord, type ZoneModel } from '../../dns/model';
import { isWholeZone, meta, quoted, soaOf, under, zoneMailbox } from './common';
import type { DnsProblem, DnsRule } from './types';

function dmarcRecords<R extends DnsRecord>(model: ZoneModel<R>): R[] {
  return recordsAt(model, under(model, '_dmarc'), 'TXT').filter((r) => /^v\s*=\s*DMARC1/i.test(txtValue(r) ?? ''));
}

/** The tags of a DMARC record, or the reason it is malformed. */
export function dmarcTags(value: string): Map<string, string> | string {
  const tags = new Map<string, string>();
  const parts = value.split(';').map((p) => p.trim()).filter((p) => p !== '');
  for (const [i, part] of parts.entries()) {
    const m = /^([A-Za-z][A-Za-z0-9]*)\s*=\s*(.*)$/.exec(part);
    if (!m) return `"${excerpt(part)}" is not a tag=value pair`;
    const tag = m[1]!.toLowerCase();
    if (i === 0 && (tag !== 'v' || m[2] !== 'DMARC1')) return 'it must start with v=DMARC1';
    if (tags.has(tag)) return `tag ${excerpt(tag)} appears twice`;
    tags.set(tag, m[2]!.trim());
  }
  return tags;
}

function dmarcProblem(value: string): string | undefined {
  const tags = dmarcTags(value);
  if (typeof tags === 'string') return tags;
  const p = tags.get('p');
  if (p === undefined) return 'it has no p= policy';
  if (!/^(none|quarantine|reject)$/i.test(p)) return `p=${excerpt(p)} is not none, quarantine or reject`;
  const sp = tags.get('sp');
  if (sp !== undefined && !/^(none|quarantine|reject)$/i.test(sp)) return `sp=${excerpt(sp)} is not none, quarantine or reject`;
  for (const key of ['rua', 'ruf']) {
    const uris = tags.get(key);
    if (uris === undefined) continue;
    for (const uri of uris.split(',').map((u) => u.trim())) {
      if (!/^mailto:[^@\s]+@[^@\s]+\.[^@\s!]+(![0-9]+[kmgt]?)?$/i.test(uri)) return `${excerpt(key)} has "${excerpt(uri)}", which is not a mailto: address`;
    }
  }
  const pct = tags.get('pct');
  if (pct !== undefined && !(/^\d+$/.test(pct) && Number(pct) <= 100)) return `pct=${excerpt(pct)} is not a number from 0 to 100`;
  return undefined;
}

export const dnsDmarcMissing: DnsRule = {
  meta: meta('dns-dmarc-missing', 'No DMARC record', 'warning', 'unsafe', ['checkdmarc'], {
    what: 'A zone with no TXT record at `_dmarc` under its apex.',
    why: 'DMARC tells receivers what to do with mail that fails SPF and DKIM alignment; without it, spoofed mail in your name is judged case by case and you never hear about it.',
    fix:
      'Publish a DMARC record at `_dmarc`. The quick fix adds `v=DMARC1; p=reject` when the zone has no MX (safe: the domain sends ' +
      'no mail), or `v=DMARC1; p=quarantine; rua=mailto:<SOA mailbox>` when it has MX (unsafe: mail that fails alignment goes to spam ' +
      '— read the reports first if you are unsure).',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>): DnsProblem<R>[] {
    if (!isWholeZone(model) || dmarcRecords(model).length > 0) return [];
    const mail = hasMx(model);
    const value = mail ? `v=DMARC1; p=quarantine; rua=mailto:${zoneMailbox(model)}` : 'v=DMARC1; p=reject';
    return [
      {
        message: `No DMARC record at ${excerpt(under(model, '_dmarc'))}, so receivers are not told to reject mail that forges this domain.`,
        record: soaOf(model),
        part: 'owner',
        name: model.apex,
        fix: { kind: 'add', title: `Add DMARC record "${value}"`, safety: mail ? 'unsafe' : 'safe', records: [{ owner: under(model, '_dmarc'), type: 'TXT', value: quoted(value) }] },
      },
    ];
  },
};

export const dnsDmarcNotEnforced: DnsRule = {
  meta: meta('dns-dmarc-not-enforced', 'DMARC policy is p=none', 'warning', 'none', ['checkdmarc', 'Internet.nl'], {
    what: 'A DMARC record with `p=none`.',
    why: '`p=none` only monitors: mail that fails DMARC is still delivered, so the domain stays spoofable (RFC 7489; RFC 9989).',
    fix: 'Once the aggregate reports show your own mail passing, move to `p=quarantine` and then `p=reject`.',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>): DnsProblem<R>[] {
    return dmarcRecords(model).flatMap((r) => {
      const tags = dmarcTags(txtValue(r) ?? '');
      if (typeof tags === 'string' || tags.get('p')?.toLowerCase() !== 'none') return [];
      return [{ message: `DMARC at ${excerpt(r.owner)} is p=none, which only monitors: mail forging this domain is still delivered.`, record: r, part: 'rdata' as const }];
    });
  },
};

export const dnsDmarcInvalid: DnsRule = {
  meta: meta('dns-dmarc-invalid', 'Malformed DMARC record', 'error', 'none', ['checkdmarc'], {
    what: 'A DMARC record that does not parse: not starting with `v=DMARC1`, no or unknown `p=`, a malformed tag, or a `rua`/`ruf` that is not a mailto: address; or several DMARC records.',
    why: 'Receivers ignore a DMARC record they cannot parse (and all of them when there are several), so the domain has no DMARC at all.',
    fix: 'Rewrite the record as `v=DMARC1; p=<policy>; rua=mailto:<address>`, one record only.',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>): DnsProblem<R>[] {
    const all = recordsAt(model, under(model, '_dmarc'), 'TXT').filter((r) => /^v\s*=\s*dmarc/i.test(txtValue(r) ?? ''));
    const out: DnsProblem<R>[] = [];
    for (const [i, r] of all.entries()) {
      if (i > 0) {
        out.push({ message: `${excerpt(r.owner)} has ${all.length} DMARC records; receivers then ignore DMARC for the domain (RFC 7489 §6.6.3).`, record: r, part: 'rdata' });
        continue;
      }
      const problem = dmarcProblem(txtValue(r) ?? '');
      if (problem) out.push({ message: `DMARC at ${excerpt(r.owner)} is malformed: ${problem}; receivers ignore it.`, record: r, part: 'rdata' });
    }
    return out;
  },
};
