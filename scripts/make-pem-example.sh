#!/usr/bin/env bash
# Makes examples/pem/legacy-bundle.pem, the demo certificate bundle: a root CA that is fine, a
# server certificate that expired on 2025-01-01, and one signed with SHA-1 over a 1024-bit RSA
# key. The dates are fixed and far enough away that the findings stay the same for years; only
# the keys (and so the base64) differ per run.
#
# Usage: scripts/make-pem-example.sh        (needs openssl 3; rewrites the .pem file only)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$repo/examples/pem/legacy-bundle.pem"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

mkdir newcerts
: > index.txt
cat > ca.cnf <<'CNF'
[ ca ]
default_ca = example

[ example ]
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
CNF

# cert NAME CN ISSUER START END DIGEST BITS SERIAL: ISSUER "self" makes a self-signed CA.
cert() {
  echo "$8" > serial
  openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$7" -out "$1.key" 2>/dev/null
  openssl req -new -key "$1.key" -subj "/O=Example Corp/CN=$2" -out "$1.csr"
  if [ "$3" = self ]; then
    HOST=unused openssl ca -config ca.cnf -batch -notext -selfsign -keyfile "$1.key" -in "$1.csr" \
      -startdate "$4" -enddate "$5" -md "$6" -extensions v3_ca -out "$1.pem" 2>/dev/null
  else
    HOST="$2" openssl ca -config ca.cnf -batch -notext -cert "$3.pem" -keyfile "$3.key" -in "$1.csr" \
      -startdate "$4" -enddate "$5" -md "$6" -extensions v3_leaf -out "$1.pem" 2>/dev/null
  fi
}

cert root   "Example Corp Root CA" self 20240101000000Z 20400101000000Z sha256 2048 51A7C3E90B2D4F01
cert old    old.example.com        root 20230101000000Z 20250101000000Z sha256 2048 2C8E4A6B1D3F5702
cert legacy legacy.example.com     root 20240601000000Z 20340601000000Z sha1   1024 7E1B3D5F9A2C4603

mkdir -p "$(dirname "$out")"
{
  echo "# Demo bundle made by scripts/make-pem-example.sh: open it in VS Code for the code lens"
  echo "# above each certificate and its hover, or run: npx aws-hardening lint examples/pem"
  for c in root old legacy; do openssl x509 -in "$c.pem" -subject -issuer; done
} > "$out"
echo "Wrote $out"
