import type { RuleMeta } from './types';

/** Not a check over the model: the zone reader reports what it rejects under this id. */
export const dnsSyntax: RuleMeta = {
  id: 'dns-syntax',
  title: 'Zone file does not parse',
  severity: 'error',
  fix: 'none',
  e8: ['—'],
  anchors: ['named-checkzone'],
  language: 'dns',
  docs: {
    what: 'Anything a master-file reader rejects (RFC 1035 §5, RFC 3597, RFC 9460), and the zone checks named-checkzone makes: one SOA at the apex, NS records, DS at delegations, addresses for in-zone name servers.',
    why: 'A name server refuses to load the zone (or loads it without the broken records), so the names in it stop resolving or resolve wrongly.',
    fix: 'Correct the text at the marked position; the message is worded like named-checkzone\'s. Reading goes on at the next line, so every error is shown at once.',
  },
};
