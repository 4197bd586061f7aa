// SPF (RFC 7208): present at the apex, one record per name, a strict `all`, at most ten lookups,
// and published as TXT rather than the retired SPF type.
import { excerpt } from '../../dns/excerpt';
import { hasMx, namesWith, recordsAt, recordsOfType, txtValue, type DnsRecord, type ZoneModel } from '../../dns/model';
import { absoluteName, nameKey } from '../../dns/names';
import { isWholeZone, meta, quoted, soaOf } from './common';
import type { DnsProblem, DnsRule } from './types';

const SPF_PREFIX = /^v=spf1(\s|$)/i;

function spfRecords<R extends DnsRecord>(model: ZoneModel<R>, name: string): R[] {
  return recordsAt(model, name, 'TXT').filter((r) => SPF_PREFIX.test(txtValue(r) ?? ''));
}

/** The SPF records of each model, found once: two rules read them, and a zone may have a million TXT records. */
const spfOf = new WeakMap<ZoneModel<DnsRecord>, readonly DnsRecord[]>();

/** Every SPF record of the zone, at whatever name. */
function allSpfRecords<R extends DnsRecord>(model: ZoneModel<R>): readonly R[] {
  let found = spfOf.get(model) as readonly R[] | undefined;
  if (found) return found;
  const spf: R[] = [];
  for (const r of recordsOfType(model, 'TXT')) if (SPF_PREFIX.test(txtValue(r) ?? '')) spf.push(r);
  spfOf.set(model, spf);
  return spf;
}

function terms(value: string): string[] {
  return value.trim().split(/\s+/).slice(1);
}

export const dnsSpfMissing: DnsRule = {
  meta: meta('dns-spf-missing', 'No SPF record at the apex', 'warning', 'unsafe', ['checkdmarc'], {
    what: 'A zone whose apex has no `v=spf1` TXT record.',
    why:
      'Without SPF, receivers cannot tell mail from your servers from mail forged in your name, so the domain is easy to spoof in ' +
      'phishing. A domain that sends no mail should say so with `v=spf1 -all`.',
    fix:
      'Publish an SPF policy at the apex. The quick fix adds `v=spf1 -all` when the zone has no MX (safe: the domain sends no mail), ' +
      'or `v=spf1 mx -all` when it has MX records (unsafe: mail sent from hosts other than the MX hosts will fail SPF — add their ' +
      '`ip4:`/`include:` terms first).',
    bad: '@  IN SOA ns1 hostmaster 2026112301 3600 900 1209600 300\n@  IN NS  ns1',
    good: '@  IN SOA ns1 hostmaster 2026112301 3600 900 1209600 300\n@  IN NS  ns1\n@  IN TXT "v=spf1 -all"',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>): DnsProblem<R>[] {
    if (!isWholeZone(model) || spfRecords(model, model.apex).length > 0 || recordsAt(model, model.apex, 'SPF').length > 0) return [];
    const mail = hasMx(model);
    const value = mail ? 'v=spf1 mx -all' : 'v=spf1 -all';
    return [
      {
        message: mail
          ? `The zone has MX records but no SPF record at ${excerpt(model.apex)}, so anyone can send mail that claims to come from it.`
          : `No SPF record at ${excerpt(model.apex)}: say that the domain sends no mail (v=spf1 -all) so forged mail from it is rejected.`,
        record: soaOf(model),
        part: 'owner',
        name: model.apex,
        fix: { kind: 'add', title: `Add SPF record "${value}"`, safety: mail ? 'unsafe' : 'safe', records: [{ owner: model.apex, type: 'TXT', value: quoted(value) }] },
      },
    ];
  },
};

export const dnsSpfMultiple: DnsRule = {
  meta: meta('dns-spf-multiple', 'More than one SPF record at a name', 'error', 'none', ['checkdmarc'], {
    what: 'A name with more than one TXT record starting `v=spf1`.',
    why: 'RFC 7208 §4.5 makes that a permanent error: receivers then ignore SPF for the domain altogether, as if it had none.',
    fix: 'Merge the records into one: keep one `v=spf1`, combine the mechanisms, and end with a single `all`.',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>): DnsProblem<R>[] {
    const out: DnsProblem<R>[] = [];
    for (const types of namesWith(model, 'TXT')) {
      const set = types.get('TXT');
      if (!set || set.records.length < 2) continue;
      const spf = set.records.filter((r) => SPF_PREFIX.test(txtValue(r) ?? ''));
      for (const extra of spf.slice(1)) {
        out.push({ message: `${excerpt(extra.owner)} has ${spf.length} SPF records; receivers treat that as a permanent error and ignore SPF for the domain (RFC 7208 §4.5).`, record: extra, part: 'rdata' });
      }
    }
    return out;
  },
};

/**
 * The record's strings (`value` joined) ending in `-all`: the `all` term rewritten, or `-all` added,
 * in the string where it falls, so a long record stays split in strings of at most 255 characters.
 */
function strictStrings(strings: readonly string[], value: string, hasAll: boolean): string[] {
  const m = hasAll ? /(^|\s)[+?]?all(?=\s|$)/i.exec(value) : null;
  const start = m ? m.index + m[1]!.length : value.trimEnd().length;
  const end = m ? m.index + m[0].length : value.length;
  const insert = m ? '-all' : ' -all';
  let offset = 0;
  for (const [i, s] of strings.entries()) {
    if (start >= offset && end <= offset + s.length) {
      const changed = s.slice(0, start - offset) + insert + s.slice(end - offset);
      if (changed.length <= 255) return strings.map((t, k) => (k === i ? changed : t));
      break;
    }
    offset += s.length;
  }
  const strict = value.slice(0, start) + insert + value.slice(end);
  return strict.match(/[^]{1,255}/g) ?? [strict];
}

export const dnsSpfPermissive: DnsRule = {
  meta: meta('dns-spf-permissive', 'SPF policy does not reject other senders', 'warning', 'unsafe', ['Internet.nl'], {
    what: 'An SPF record ending in `+all` or `?all`, or with no `all` and no `redirect=`.',
    why: '`+all` authorises every host on the internet and `?all` (or no `all`) says nothing about strangers, so forged mail passes or is not judged.',
    fix: 'End the record with `-all` (or `~all` while you are still finding your senders). The quick fix is unsafe: mail from hosts the record does not list starts failing SPF.',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>): DnsProblem<R>[] {
    const out: DnsProblem<R>[] = [];
    for (const r of allSpfRecords(model)) {
      const value = txtValue(r) ?? '';
      const list = terms(value);
      const all = list.find((t) => /^[+?~-]?all$/i.test(t));
      const redirect = list.some((t) => /^redirect=/i.test(t));
      if (all ? /^[-~]/.test(all) : redirect) continue;
      const strict = strictStrings(r.rdata.kind === 'strings' ? r.rdata.strings : [value], value, all !== undefined);
      out.push({
        message: all
          ? `SPF at ${excerpt(r.owner)} ends in ${all}, which lets any host send mail as this domain; end it with -all.`
          : `SPF at ${excerpt(r.owner)} has no "all" term, so mail from hosts it does not list is not rejected; end it with -all.`,
        record: r,
        part: 'rdata',
        fix: { kind: 'set-value', title: 'End the SPF record with -all', safety: 'unsafe', record: r, value: strict.map(quoted).join(' ') },
      });
    }
    return out;
  },
};

/** The DNS-querying terms of an SPF value (RFC 7208 §4.6.4), and the in-zone names it includes. */
function lookups(value: string, apex: string): { count: number; includes: string[] } {
  let count = 0;
  const includes: string[] = [];
  for (const term of terms(value)) {
    const t = term.replace(/^[+?~-]/, '').toLowerCase();
    const m = /^(include:|redirect=)(.+)$/.exec(t);
    if (m) {
      count++;
      const name = absoluteName(m[2]!.endsWith('.') ? m[2]! : `${m[2]}.`, apex);
      if ('name' in name) includes.push(name.name);
    } else if (/^(a|mx|ptr)([:/]|$)/.test(t) || t.startsWith('exists:')) count++;
  }
  return { count, includes };
}

export const dnsSpfTooManyLookups: DnsRule = {
  meta: meta('dns-spf-too-many-lookups', 'SPF needs more than ten DNS lookups', 'error', 'none', ['checkdmarc'], {
    what: 'An SPF record whose `include`, `a`, `mx`, `ptr`, `exists` and `redirect` terms — counting those of included records published in the same zone — exceed ten.',
    why: 'RFC 7208 §4.6.4 caps an SPF evaluation at ten DNS-querying terms; beyond that receivers return a permanent error and the policy is ignored.',
    fix: 'Replace includes with the `ip4:`/`ip6:` ranges they stand for, or drop senders you no longer use. Includes outside this zone are not visible here and may add more.',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>): DnsProblem<R>[] {
    const out: DnsProblem<R>[] = [];
    // The first SPF record at each included name, looked up once per name.
    const firstSpf = new Map<string, R | undefined>();
    const spfAt = (name: string): R | undefined => {
      const key = nameKey(name);
      if (!firstSpf.has(key)) firstSpf.set(key, spfRecords(model, name)[0]);
      return firstSpf.get(key);
    };
    for (const r of allSpfRecords(model)) {
      const value = txtValue(r) ?? '';
      let total = 0;
      const seen = new Set<string>([nameKey(r.owner)]);
      const queue = [value];
      while (queue.length > 0 && total <= 10) {
        const { count, includes } = lookups(queue.shift()!, model.apex);
        total += count;
        for (const name of includes) {
          if (seen.has(nameKey(name))) continue;
          seen.add(nameKey(name));
          const included = spfAt(name);
          if (included) queue.push(txtValue(included) ?? '');
        }
      }
      if (total > 10) {
        out.push({ message: `SPF at ${excerpt(r.owner)} needs at least ${total} DNS lookups, over the limit of 10, so receivers stop evaluating it with a permanent error (RFC 7208 §4.6.4).`, record: r, part: 'rdata' });
      }
    }
    return out;
  },
};

export const dnsSpfRrType: DnsRule = {
  meta: meta('dns-spf-rr-type', 'SPF published with the retired SPF record type', 'warning', 'safe', ['BIND -T'], {
    what: 'A record of type SPF (99).',
    why: 'RFC 7208 §3.1 retired the SPF type; receivers look only at TXT, so a policy published as SPF alone is never read.',
    fix: 'Publish the same text as TXT. The quick fix changes the type to TXT, or removes the SPF record when an identical TXT already exists.',
  }),
  check<R extends DnsRecord>(model: ZoneModel<R>): DnsProblem<R>[] {
    const out: DnsProblem<R>[] = [];
    // The TXT values at each name with SPF-type records, gathered once per name.
    const txtAt = new Map<string, Set<string | undefined>>();
    for (const r of recordsOfType(model, 'SPF')) {
      const value = r.rdata.kind === 'strings' ? r.rdata.strings.join('') : '';
      const key = nameKey(r.owner);
      let values = txtAt.get(key);
      if (!values) txtAt.set(key, (values = new Set(recordsAt(model, r.owner, 'TXT').map(txtValue))));
      const twin = values.has(value);
      out.push({
        message: `${excerpt(r.owner)} publishes SPF with the retired SPF record type, which receivers do not read (RFC 7208 §3.1); publish it as TXT.`,
        record: r,
        part: 'type',
        fix: twin
          ? { kind: 'remove', title: 'Remove the SPF-type record (the same TXT exists)', safety: 'safe', record: r }
          : { kind: 'set-type', title: 'Publish it as TXT', safety: 'safe', record: r, type: 'TXT' },
      });
    }
    return out;
  },
};
