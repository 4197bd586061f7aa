#!/usr/bin/env bash
# Makes the PEM rule fixtures, test/fixtures/pem-*/{bad,good}.pem, with `openssl ca` and fixed
# validity dates, so their findings against the fixture harness's fixed clock (2026-11-23) stay
# the same forever. Each certificate's serial number is fixed below, so subjects, serials, dates
# and therefore every message are reproducible; only the keys (and so the base64) differ per run.
#
# Usage: scripts/make-pem-fixtures.sh        (needs openssl 3; rewrites the .pem files only)
# Then:  refresh the snapshots with the fixture harness (RULES=pem-… UPDATE_SNAPSHOTS=1) and read them.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$repo/test/fixtures"
ORG="AWS Hardening fixtures"
# shellcheck source=scripts/pem-ca.sh
. "$repo/scripts/pem-ca.sh"

# Messages name a certificate by the head of its serial, so every fixture gets its own.
declare -A SERIALS=(
  [ca]=3C9A0F11D2E4B701 [legacy]=7D41A2C3E5F60102 [sha1root]=2B6E90D4C1A85703
  [good]=1F03B5E7A9C2D404 [expired]=6A5C3E1F0B9D7805 [expiring]=4E27D9B1F3A5C606
  [later]=5B8F1D3A6C0E2907 [future]=0C9E7A5B3D1F4808 [sha1]=31D7A0C5E9B2F609
  [md5]=6D2B4F8A1C3E5A0A [weak]=27E5C9A3D1B7F40B [ec]=4A0D6E2C8B1F930C
)

# root NAME "CN" START END DIGEST: a self-signed CA.
root() { issue "$1" "$2" self "$3" "$4" "$5" rsa2048 "${SERIALS[$1]}"; }

# leaf NAME HOST ISSUER START END DIGEST KEYTYPE: a server certificate for HOST signed by ISSUER.
leaf() { issue "$1" "$2" "$3" "$4" "$5" "$6" "$7" "${SERIALS[$1]}"; }

HEADER="# Made by scripts/make-pem-fixtures.sh; regenerate rather than edit."

root   ca        "Fixture Root CA"        20240101000000Z 20400101000000Z sha256
root   legacy    "Fixture Legacy Root CA" 20150101000000Z 20240822000000Z sha256
root   sha1root  "Fixture SHA-1 Root CA"  20200101000000Z 20380101000000Z sha1
leaf   good      www.fixtures.example       ca 20260101000000Z 20300601000000Z sha256 rsa2048
leaf   expired   expired.fixtures.example   ca 20230101000000Z 20250101000000Z sha256 rsa2048
leaf   expiring  expiring.fixtures.example  ca 20260115000000Z 20270115000000Z sha256 rsa2048
leaf   later     later.fixtures.example     ca 20260601000000Z 20270601000000Z sha256 rsa2048
leaf   future    future.fixtures.example    ca 20270601000000Z 20290601000000Z sha256 rsa2048
leaf   sha1      sha1.fixtures.example      ca 20260101000000Z 20300601000000Z sha1   rsa2048
leaf   md5       md5.fixtures.example       ca 20260101000000Z 20300601000000Z md5    rsa2048
leaf   weak      weak.fixtures.example      ca 20260101000000Z 20300601000000Z sha256 rsa1024
leaf   ec        ec.fixtures.example        ca 20260101000000Z 20300601000000Z sha256 ec

bundle "$fixtures/pem-cert-expired/bad.pem"        "$HEADER" expired ca legacy
bundle "$fixtures/pem-cert-expired/good.pem"       "$HEADER" good ca
bundle "$fixtures/pem-cert-expiring/bad.pem"       "$HEADER" expiring ca
bundle "$fixtures/pem-cert-expiring/good.pem"      "$HEADER" good later ca
bundle "$fixtures/pem-cert-not-yet-valid/bad.pem"  "$HEADER" future ca
bundle "$fixtures/pem-cert-not-yet-valid/good.pem" "$HEADER" good ca
bundle "$fixtures/pem-weak-signature/bad.pem"      "$HEADER" sha1 md5 ca
bundle "$fixtures/pem-weak-signature/good.pem"     "$HEADER" good ca sha1root
bundle "$fixtures/pem-weak-key/bad.pem"            "$HEADER" weak ca
bundle "$fixtures/pem-weak-key/good.pem"           "$HEADER" good ec ca

echo "Wrote the PEM fixtures under $fixtures/pem-*/"
