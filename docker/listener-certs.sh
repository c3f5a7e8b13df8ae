#!/bin/sh
# Makes the TLS material of the healthcare listeners (ListenHTTP for EHR and devices) in the directory $1, once:
#   ca.pem            the local CA certificate (trust it to call the listeners)
#   truststore.p12    that CA: the listeners accept client certificates it signed
#   listener.p12      the listeners' certificate for nifi, localhost and 127.0.0.1, signed by the CA, with its key
#   client.p12        a client certificate (CN=sample-sender) signed by the CA, with its key: what init sends with
# Every store is PKCS12 with the password in LISTENER_TLS_PASSWORD. Runs in the stack's tools image (a JRE with
# keytool) as part of nar-install; a directory that already holds listener.p12 is left as it is, so certificates
# survive `docker compose up` until `docker compose down -v`. The CA's key stays in ca.p12 beside them.
set -eu

dir=${1:?usage: listener-certs.sh DIRECTORY}
password=${LISTENER_TLS_PASSWORD:?set LISTENER_TLS_PASSWORD}
days=${LISTENER_TLS_DAYS:-825}

if [ -f "$dir/listener.p12" ]; then
  echo "Listener TLS material already in $dir"
  exit 0
fi
mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

kt() {
  keytool "$@" -storetype PKCS12 -storepass "$password" >/dev/null 2>&1
}

# $1 store, $2 alias, $3 subject, $4 extended key usage, $5 subject alternative names (optional)
signed() {
  kt -genkeypair -keystore "$work/$1" -alias "$2" -keyalg EC -groupname secp256r1 -dname "$3" -validity "$days"
  kt -certreq -keystore "$work/$1" -alias "$2" -file "$work/$2.csr"
  if [ -n "${5:-}" ]; then
    kt -gencert -rfc -keystore "$work/ca.p12" -alias ca -infile "$work/$2.csr" -outfile "$work/$2.pem" -validity "$days" \
      -ext "EKU=$4" -ext "SAN=$5"
  else
    kt -gencert -rfc -keystore "$work/ca.p12" -alias ca -infile "$work/$2.csr" -outfile "$work/$2.pem" -validity "$days" \
      -ext "EKU=$4"
  fi
  kt -importcert -noprompt -keystore "$work/$1" -alias ca -file "$work/ca.pem"
  kt -importcert -noprompt -keystore "$work/$1" -alias "$2" -file "$work/$2.pem"
}

kt -genkeypair -keystore "$work/ca.p12" -alias ca -keyalg EC -groupname secp256r1 -dname "CN=nifi-dataops local CA" \
  -ext bc:c -validity "$days"
kt -exportcert -rfc -keystore "$work/ca.p12" -alias ca -file "$work/ca.pem"
kt -importcert -noprompt -keystore "$work/truststore.p12" -alias ca -file "$work/ca.pem"
signed listener.p12 listener "CN=nifi" serverAuth "dns:nifi,dns:localhost,ip:127.0.0.1"
signed client.p12 client "CN=sample-sender" clientAuth

# listener.p12 last: its presence marks a complete set
for file in ca.p12 ca.pem truststore.p12 client.p12 listener.p12; do
  cp "$work/$file" "$dir/$file"
done
echo "Listener TLS material written to $dir"
