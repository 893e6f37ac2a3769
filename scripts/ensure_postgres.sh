#!/usr/bin/env bash
# Make sure PostgreSQL's server programs are on the machine for the team profile's tests
# (orchestration/storage/local_postgres.py starts a throwaway server from them; nothing runs as a service).
# Debian's postgresql package when missing and possible. Idempotent; never fails the caller: the team-profile
# tests then fail under CI (CI=true) and skip elsewhere, saying why.
set -u

find_initdb() {
    command -v initdb || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1 || true
}

found="$(find_initdb)"
if [ -n "$found" ]; then
    echo "postgresql: $found ($("$found" --version 2>/dev/null))"
    exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "postgresql: server programs not installed; run 'sudo apt-get install postgresql' (team-profile tests need them)"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
echo "postgresql: installing Debian's postgresql package..."
apt-get update -qq || echo "postgresql: apt-get update failed; trying the package lists as they are"
# policy-rc.d 101: the package must not start its own cluster as a service (we start throwaway ones).
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created_policy=1; fi
if apt-get install -y -qq postgresql >/dev/null 2>&1; then
    found="$(find_initdb)"
    echo "postgresql: installed ${found:-?}"
else
    echo "postgresql: apt-get could not install postgresql (team-profile tests cannot run)"
fi
[ "$created_policy" = 1 ] && rm -f "$policy"
exit 0
