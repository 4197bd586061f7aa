# Sourced by the scripts that make PEM certificates (make-pem-fixtures.sh, make-pem-example.sh):
# a throwaway `openssl ca` in a temporary folder, removed on exit, with fixed serials and dates
# so subjects, serials, dates and every message are reproducible; only the keys differ per run.
# Needs openssl 3. The caller sets ORG, the subject's organisation, before issuing.

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

mkdir newcerts
: > index.txt

# The CA database; `policy_any` keeps whatever subject the request names.
cat > ca.cnf <<'CNF'
[ ca ]
default_ca = throwaway

[ throwaway ]
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

# key NAME TYPE: a fresh private key (rsa2048, rsa1024 or ec).
key() {
  case "$2" in
    ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" ;;
    rsa1024) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$1.key" ;;
    rsa2048) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" ;;
  esac 2>/dev/null
}

# issue NAME "CN" ISSUER START END DIGEST KEYTYPE SERIAL: ISSUER "self" makes a self-signed CA,
# any other is the NAME of a certificate issued before, which signs a server certificate for CN.
issue() {
  echo "$8" > serial
  key "$1" "$7"
  openssl req -new -key "$1.key" -subj "/O=$ORG/CN=$2" -out "$1.csr"
  if [ "$3" = self ]; then
    HOST=unused openssl ca -config ca.cnf -batch -notext -selfsign -keyfile "$1.key" -in "$1.csr" \
      -startdate "$4" -enddate "$5" -md "$6" -extensions v3_ca -out "$1.pem" 2>/dev/null
  else
    HOST="$2" openssl ca -config ca.cnf -batch -notext -cert "$3.pem" -keyfile "$3.key" -in "$1.csr" \
      -startdate "$4" -enddate "$5" -md "$6" -extensions v3_leaf -out "$1.pem" 2>/dev/null
  fi
}

# bundle FILE HEADER CERT…: a comment line, then the certificates with the subject= and issuer=
# lines openssl writes before each.
bundle() {
  local out="$1" header="$2"
  shift 2
  mkdir -p "$(dirname "$out")"
  {
    printf '%s\n' "$header"
    for cert in "$@"; do openssl x509 -in "$cert.pem" -subject -issuer; done
  } > "$out"
}
