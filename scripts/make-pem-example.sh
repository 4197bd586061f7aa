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
ORG="Example Corp"
# shellcheck source=scripts/pem-ca.sh
. "$repo/scripts/pem-ca.sh"

#     NAME   CN                     ISSUER START           END             DIGEST KEY     SERIAL
issue root   "Example Corp Root CA" self   20240101000000Z 20400101000000Z sha256 rsa2048 51A7C3E90B2D4F01
issue old    old.example.com        root   20230101000000Z 20250101000000Z sha256 rsa2048 2C8E4A6B1D3F5702
issue legacy legacy.example.com     root   20240601000000Z 20340601000000Z sha1   rsa1024 7E1B3D5F9A2C4603

bundle "$out" "# Demo bundle made by scripts/make-pem-example.sh: open it in VS Code for the code lens
# above each certificate and its hover, or run: npx aws-hardening lint examples/pem" root old legacy
echo "Wrote $out"
