import { dnsCaaInvalid, dnsCaaMissing } from './caa';
import { dnsDmarcInvalid, dnsDmarcMissing, dnsDmarcNotEnforced } from './dmarc';
import { dnsMtaStsInvalid, dnsMtaStsMissing, dnsTlsrptMissing } from './mail-tls';
import { dnsSpfMissing, dnsSpfMultiple, dnsSpfPermissive, dnsSpfRrType, dnsSpfTooManyLookups } from './spf';
import type { DnsRule } from './types';
import { dnsCnameAndOtherData, dnsDnssecUnsigned, dnsNsTtlLong, dnsSoaRnameInvalid, dnsTtlLong } from './zone';

export const dnsRules: readonly DnsRule[] = [
  dnsCnameAndOtherData,
  dnsCaaMissing,
  dnsCaaInvalid,
  dnsSpfMissing,
  dnsSpfMultiple,
  dnsSpfPermissive,
  dnsSpfTooManyLookups,
  dnsSpfRrType,
  dnsDmarcMissing,
  dnsDmarcNotEnforced,
  dnsDmarcInvalid,
  dnsTlsrptMissing,
  dnsMtaStsMissing,
  dnsMtaStsInvalid,
  dnsTtlLong,
  dnsNsTtlLong,
  dnsSoaRnameInvalid,
  dnsDnssecUnsigned,
];
