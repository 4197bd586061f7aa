// Rules about the zone's own records: CNAME exclusivity, TTLs ahead of a migration, the SOA
// contact, and DNSSEC.
import { excerpt } from '../../dns/excerpt';
import { namesWith, recordsAt, recordsOfType, rnameMailbox, type ZoneModel, type DnsRecord } from '../../dns/model';
import { humanTtl } from '../../dns/ttl';
import { isWholeZone, meta, soaOf } from './common';
import type { DnsFix, DnsProblem, DnsRule } from './types';

/** Types that may sit beside a CNAME (DNSSEC data about the CNAME itself, RFC 4035 §2.5). */
const BESIDE_CNAME = new Set(['CNAME', 'RRSIG', 'NSEC', 'NXT', 'SIG']);

export const dnsCnameAndOtherData: DnsRule = {
  meta: meta('dns-cname-and-other-data', 'CNAME beside other records', 'error', 'none', ['named-checkzone "CNAME and other data"'], {
    what: 'A name with a CNAME and any other record (other than DNSSEC signatures), or with more than one CNAME.',
    why: 'A CNAME means "this name is that other name" (RFC 1034 §3.6.2, RFC 2181 §10.1): resolvers may return either side, servers refuse to load the zone, and Route53 rejects the change.',
    fix: 'Keep the CNAME alone at its name (move the other records to the target), or replace it with the records it points at. At a zone apex use a Route53 alias instead.',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>): DnsProblem<R>[] {
    const out: DnsProblem<R>[] = [];
    for (const types of namesWith(model, 'CNAME')) {
      const cnames = types.get('CNAME');
      if (!cnames) continue;
      const others = types.types().filter((t) => !BESIDE_CNAME.has(t));
      const first = cnames.records[0]!;
      if (others.length > 0) {
        out.push({ message: `CNAME and other data: ${excerpt(first.owner)} has a CNAME and ${others.join(', ')} record${others.length > 1 ? 's' : ''}, which a CNAME does not allow.`, record: first, part: 'type' });
      }
      for (const extra of cnames.records.slice(1)) {
        out.push({ message: `${excerpt(extra.owner)} has ${cnames.records.length} CNAME records; a name can be an alias of only one other name.`, record: extra, part: 'type' });
      }
    }
    return out;
  },
};

const MIGRATION_TTL = 300;

export const dnsTtlLong: DnsRule = {
  meta: meta('dns-ttl-long', 'Address record TTL above 300 seconds', 'information', 'safe', ['none'], {
    what: 'An A, AAAA or CNAME record (or an alias target) with a TTL above 300 seconds.',
    why:
      'A long TTL is how long resolvers keep the old answer after you change it: in a migration or an incident, clients keep going to ' +
      'the old address for that long. The guidance lowers such records to 300 s at least one old TTL before a change.',
    fix: 'The quick fix sets the TTL to 300. Raise it again once the change has settled if query volume matters.',
  }),
  *check<R extends DnsRecord>(model: ZoneModel<R>): Iterable<DnsProblem<R>> {
    // Half the records of a large zone can have a long TTL: problems are yielded as they are found,
    // and worded only when shown, so the ones left out past the cap cost little.
    for (const r of recordsOfType(model, 'A', 'AAAA', 'CNAME')) if (r.ttl > MIGRATION_TTL) yield new LongTtl(r);
  },
};

/** A record whose TTL is above 300 s; one small object each, its message and fix made when read. */
class LongTtl<R extends DnsRecord> implements DnsProblem<R> {
  readonly part = 'ttl';

  constructor(readonly record: R) {}

  get message(): string {
    const r = this.record;
    return `${excerpt(r.owner)} ${r.type} has a TTL of ${humanTtl(r.ttl)}: a change to it would take that long to reach everyone; 300 seconds keeps changes quick.`;
  }

  get fix(): DnsFix<R> {
    return { kind: 'set-ttl', title: 'Set the TTL to 300 seconds', safety: 'safe', record: this.record, ttl: MIGRATION_TTL };
  }
}

export const dnsNsTtlLong: DnsRule = {
  meta: meta('dns-ns-ttl-long', 'Delegation NS TTL above one day', 'information', 'none', ['none'], {
    what: 'An NS record with a TTL above 86400 seconds (one day).',
    why:
      'Resolvers cache delegations for their TTL, so moving the zone to other name servers takes at least that long to be seen everywhere. ' +
      'As a rule of thumb the guidance waits five TTL periods before redelegating.',
    fix: 'Lower the NS TTL (and the parent\'s delegation TTL where you control it) to a day or less well before a move.',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>): DnsProblem<R>[] {
    return [...recordsOfType(model, 'NS')]
      .filter((r) => r.ttl > 86400)
      .map((r) => ({ message: `NS for ${excerpt(r.owner)} has a TTL of ${humanTtl(r.ttl)}; moving the zone to other name servers would take that long to be seen.`, record: r, part: 'ttl' as const }));
  },
};

export const dnsSoaRnameInvalid: DnsRule = {
  meta: meta('dns-soa-rname-invalid', 'SOA contact is not a mailbox', 'warning', 'none', ['checkdmarc'], {
    what: 'An SOA whose RNAME (the responsible person) does not map to a mailbox: `.`, a single label, or an `@` written into it.',
    why: 'The RNAME is where other operators report problems with the zone; the fixes for DMARC, TLS-RPT and CAA also send reports there.',
    fix: 'Write the mailbox with its `@` as a dot, e.g. `hostmaster.example.com.` for hostmaster@example.com (escape dots in the local part as `\\.`).',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>): DnsProblem<R>[] {
    const soa = soaOf(model);
    if (!soa || soa.rdata.kind !== 'SOA') return [];
    const rname = soa.rdata.rname;
    if (!rname.includes('@') && rnameMailbox(rname)) return [];
    return [{ message: `The SOA contact ${excerpt(rname)} is not a mailbox (write hostmaster@example.com as hostmaster.example.com.), so problem reports cannot reach anyone.`, record: soa, part: 'rdata', field: 1 }];
  },
};

export const dnsDnssecUnsigned: DnsRule = {
  meta: meta('dns-dnssec-unsigned', 'Zone is not signed with DNSSEC', 'information', 'none', ['BIND', 'Knot'], {
    what: 'A zone with no DNSKEY record at its apex.',
    why: 'Without DNSSEC, resolvers cannot tell forged answers from real ones, so cache poisoning can redirect your users and your mail.',
    fix: 'Sign the zone (in Route53: enable DNSSEC signing with a KMS key and add the DS record at the parent).',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>): DnsProblem<R>[] {
    if (!isWholeZone(model) || recordsAt(model, model.apex, 'DNSKEY').length > 0) return [];
    return [{ message: `${excerpt(model.apex)} is not signed (no DNSKEY at the apex), so resolvers cannot detect forged answers for it.`, record: soaOf(model), part: 'owner', name: model.apex }];
  },
};
