#!/usr/bin/env bash
# Interop check: Dante's SOCKS client (socksify / libdsocks), built WITH GSSAPI, against an Argyle server
# with `auth: gssapi` (RFC 1961), at the integrity and confidentiality protection levels.
#
# Usage: scripts/dante-gssapi-interop.sh DANTE_PREFIX
#   DANTE_PREFIX: the --prefix of a Dante build configured with GSSAPI enabled (has bin/socksify, lib/).
#   See docs/gssapi.md "Interop with Dante's client" for how that build was made.
# Needs: krb5-kdc, krb5-admin-server, krb5-user, curl, python3, tcpdump (optional: the capture), and
#   argyle-cli/target/argyle.jar (mvn -B -o -q -Dmaven.test.skip=true package).
# Everything runs on loopback: a throwaway MIT realm, Argyle, a python3 http.server.
# NOT run in CI: CI cannot build Dante (Debian's dante-client is built --without-gssapi).
# Exit 0 when every level fetched the page through Argyle, 1 otherwise.
set -euo pipefail

DANTE=${1:?usage: $0 DANTE_PREFIX}
REPO=$(cd "$(dirname "$0")/.." && pwd)
JAR="$REPO/argyle-cli/target/argyle.jar"
[ -x "$DANTE/bin/socksify" ] || { echo "no $DANTE/bin/socksify" >&2; exit 1; }
[ -f "$JAR" ] || { echo "no $JAR: build it first" >&2; exit 1; }

W=$(mktemp -d /tmp/argyle-dante-gss.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { # port, seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do
    (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1
  done; echo "port $1 not listening after $2 s" >&2; return 1
}

REALM=ARGYLE.TEST
KDC_PORT=$(free_port); SOCKS_PORT=$(free_port); HTTP_PORT=$(free_port)
cat > "$W/kdc.conf" <<EOC
[realms]
    $REALM = {
        database_name = $W/principal
        key_stash_file = $W/stash
        acl_file = $W/kadm5.acl
        kdc_listen = 127.0.0.1:$KDC_PORT
        kdc_tcp_listen = 127.0.0.1:$KDC_PORT
    }
EOC
cat > "$W/krb5.conf" <<EOC
[libdefaults]
    default_realm = $REALM
    udp_preference_limit = 1
    dns_lookup_kdc = false
    rdns = false
[realms]
    $REALM = {
        kdc = 127.0.0.1:$KDC_PORT
    }
EOC
export KRB5_CONFIG="$W/krb5.conf" KRB5_KDC_PROFILE="$W/kdc.conf" KRB5CCNAME="FILE:$W/ccache"
kdb5_util create -s -r "$REALM" -P argyle-interop-master >"$W/kdb5_util.log" 2>&1
krb5kdc -n -r "$REALM" >"$W/krb5kdc.log" 2>&1 & PIDS+=($!)
wait_port "$KDC_PORT" 10
kadmin.local -r "$REALM" -q "addprinc -randkey rcmd/localhost@$REALM" >"$W/kadmin.log" 2>&1
kadmin.local -r "$REALM" -q "ktadd -k $W/argyle.keytab rcmd/localhost@$REALM" >>"$W/kadmin.log" 2>&1
kadmin.local -r "$REALM" -q "addprinc -pw alice-pw alice@$REALM" >>"$W/kadmin.log" 2>&1
echo alice-pw | kinit "alice@$REALM" >"$W/kinit.log" 2>&1

mkdir -p "$W/www"; head -c 200000 /dev/urandom | base64 > "$W/www/page.txt"
(cd "$W/www" && exec python3 -m http.server --bind 127.0.0.1 "$HTTP_PORT") >"$W/http.log" 2>&1 & PIDS+=($!)
wait_port "$HTTP_PORT" 10

cat > "$W/argyle.yaml" <<EOC
listeners:
  - listen: 127.0.0.1:$SOCKS_PORT
    auth: gssapi
gssapi:
  keytab: $W/argyle.keytab
  principal: rcmd/localhost
  protection: [integrity, confidentiality]
EOC
java -Djava.security.krb5.conf="$W/krb5.conf" -jar "$JAR" serve --config "$W/argyle.yaml" >"$W/argyle.log" 2>&1 & PIDS+=($!)
wait_port "$SOCKS_PORT" 30

CAP=""
if command -v tcpdump >/dev/null; then
  tcpdump -i lo -U -s 0 -w "$W/socks.pcap" "tcp port $SOCKS_PORT" >"$W/tcpdump.log" 2>&1 & CAP=$!; PIDS+=($CAP)
  sleep 1 # tcpdump has no readiness signal; a missed first packet only weakens the capture, not the check
fi

fail=0
for level in integrity confidentiality; do
  cat > "$W/socks-$level.conf" <<EOC
route {
    from: 0.0.0.0/0 to: 0.0.0.0/0 via: 127.0.0.1 port = $SOCKS_PORT
    protocol: tcp
    proxyprotocol: socks_v5
    method: gssapi
    gssapi.servicename: rcmd
    gssapi.enctype: $level
}
EOC
  if SOCKS_CONF="$W/socks-$level.conf" SOCKS_AUTOADD_LANROUTES=no SOCKS_LOGOUTPUT="$W/dante-$level.log" \
       SOCKS_DEBUG=2 "$DANTE/bin/socksify" curl -sS --noproxy '*' -o "$W/got-$level.txt" \
       "http://127.0.0.1:$HTTP_PORT/page.txt" 2>"$W/curl-$level.err" \
     && cmp -s "$W/got-$level.txt" "$W/www/page.txt"; then
    echo "PASS $level: page fetched through Argyle"
  else
    echo "FAIL $level: $(cat "$W/curl-$level.err")"; fail=1
  fi
done

# Prove the requests went through Argyle with GSS-API (not direct): its access log names the principal.
if ! grep -q "alice@$REALM" "$W/argyle.log"; then echo "FAIL: argyle.log names no alice@$REALM session"; fail=1; fi
# Check the RFC 1961 framing of both sessions on the wire, both directions (VER 1, MTYP, LEN, token).
if [ -n "$CAP" ]; then
  sleep 1; kill -INT "$CAP" 2>/dev/null || true; wait "$CAP" 2>/dev/null || true
  python3 "$REPO/scripts/rfc1961-pcap-check.py" "$W/socks.pcap" "$SOCKS_PORT" 1 2 || fail=1
else
  echo "SKIP framing check: no tcpdump"
fi
echo "work dir (logs, pcap): $W"
exit $fail
