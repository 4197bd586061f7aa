import type { RuleMeta } from './types';

/** Not a check over the model: the zone reader, and the Route53 record reader, report what they reject under this id. */
export const dnsSyntax: RuleMeta = {
  id: 'dns-syntax',
  title: 'DNS records do not parse',
  severity: 'error',
  fix: 'none',
  e8: ['—'],
  anchors: ['named-checkzone'],
  language: 'dns',
  docs: {
    what: 'Anything a master-file reader rejects (RFC 1035 §5, RFC 3597, RFC 9460), and the zone checks named-checkzone makes: one SOA at the apex, NS records, DS at delegations, addresses for in-zone name servers. In templates, Route53 record sets whose values Route53 would reject: an unquoted TXT value, RDATA that does not parse for its type, a bad TTL or a name outside its zone.',
    why: 'A name server refuses to load the zone (or loads it without the broken records), so the names in it stop resolving or resolve wrongly; in a template, the stack fails when Route53 rejects the record set.',
    fix: 'Correct the text at the marked position; the message is worded like named-checkzone\'s. Reading goes on at the next line, so every error is shown at once.',
  },
};
