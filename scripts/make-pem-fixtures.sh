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
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

mkdir newcerts
: > index.txt

# A throwaway CA database; `policy_any` keeps whatever subject the request names.
cat > ca.cnf <<'EOF'
[ ca ]
default_ca = fixtures

[ fixtures ]
dir = .
database = ./index.txt
new_certs_dir = ./newcerts
serial = ./serial
policy = policy_any
unique_subject = no
preserve = yes
email_in_dn = no
copy_extensions = none

[ policy_any ]
organizationName = optional
commonName = supplied

[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_leaf ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:${ENV::HOST}
EOF

# key NAME TYPE: a fresh private key (rsa2048, rsa1024 or ec).
key() {
  case "$2" in
    ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" ;;
    rsa1024) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$1.key" ;;
    rsa2048) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" ;;
  esac 2>/dev/null
}

# Messages name a certificate by the head of its serial, so every fixture gets its own.
declare -A SERIALS=(
  [ca]=3C9A0F11D2E4B701 [legacy]=7D41A2C3E5F60102 [sha1root]=2B6E90D4C1A85703
  [good]=1F03B5E7A9C2D404 [expired]=6A5C3E1F0B9D7805 [expiring]=4E27D9B1F3A5C606
  [later]=5B8F1D3A6C0E2907 [future]=0C9E7A5B3D1F4808 [sha1]=31D7A0C5E9B2F609
  [md5]=6D2B4F8A1C3E5A0A [weak]=27E5C9A3D1B7F40B [ec]=4A0D6E2C8B1F930C
)

# root NAME "CN" START END DIGEST: a self-signed CA.
root() {
  echo "${SERIALS[$1]}" > serial
  key "$1" rsa2048
  openssl req -new -key "$1.key" -subj "/O=AWS Hardening fixtures/CN=$2" -out "$1.csr"
  HOST=unused openssl ca -config ca.cnf -batch -notext -selfsign -keyfile "$1.key" -in "$1.csr" \
    -startdate "$3" -enddate "$4" -md "$5" -extensions v3_ca -out "$1.pem" 2>/dev/null
}

# leaf NAME HOST ISSUER START END DIGEST KEYTYPE: a server certificate for HOST signed by ISSUER.
leaf() {
  echo "${SERIALS[$1]}" > serial
  key "$1" "$7"
  openssl req -new -key "$1.key" -subj "/O=AWS Hardening fixtures/CN=$2" -out "$1.csr"
  HOST="$2" openssl ca -config ca.cnf -batch -notext -cert "$3.pem" -keyfile "$3.key" -in "$1.csr" \
    -startdate "$4" -enddate "$5" -md "$6" -extensions v3_leaf -out "$1.pem" 2>/dev/null
}

# bundle FILE CERT…: the certificates with the subject= and issuer= lines openssl writes before each.
bundle() {
  local out="$1"
  shift
  mkdir -p "$(dirname "$out")"
  {
    echo "# Made by scripts/make-pem-fixtures.sh; regenerate rather than edit."
    for cert in "$@"; do openssl x509 -in "$cert.pem" -subject -issuer; done
  } > "$out"
}

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

bundle "$fixtures/pem-cert-expired/bad.pem"        expired ca legacy
bundle "$fixtures/pem-cert-expired/good.pem"       good ca
bundle "$fixtures/pem-cert-expiring/bad.pem"       expiring ca
bundle "$fixtures/pem-cert-expiring/good.pem"      good later ca
bundle "$fixtures/pem-cert-not-yet-valid/bad.pem"  future ca
bundle "$fixtures/pem-cert-not-yet-valid/good.pem" good ca
bundle "$fixtures/pem-weak-signature/bad.pem"      sha1 md5 ca
bundle "$fixtures/pem-weak-signature/good.pem"     good ca sha1root
bundle "$fixtures/pem-weak-key/bad.pem"            weak ca
bundle "$fixtures/pem-weak-key/good.pem"           good ec ca

echo "Wrote the PEM fixtures under $fixtures/pem-*/"
