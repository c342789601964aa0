#!/usr/bin/env bash
# Run the BUILT desktop app (dist/Casebook) the way a user would, so that a bundle that cannot start
# (a module or data file missing from pyinstaller.spec) fails CI:
#   1. `--help` and the desktop smoke tour (`gui --smoke`, offscreen Qt: every screen of the demo);
#   2. a CLI round trip on a new casebook in a temporary folder: init, client add, matter add, event add,
#      deadlines (bank-holiday calendar), check, backup and restore.
# Usage: build/smoke.sh [path to the built executable]   (default: dist/Casebook/Casebook)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exe="${1:-$root/dist/Casebook/Casebook}"
case "$exe" in /*) ;; *) exe="$PWD/$exe" ;; esac
if [ ! -x "$exe" ]; then
  echo "smoke: no built app at $exe (run build/build.sh first)" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
# A private home, so the smoke run neither reads nor writes the user's settings or data folder.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
export XDG_CACHE_HOME="$work/home/.cache" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export QT_QPA_PLATFORM=offscreen
export CASEBOOK_PASSPHRASE='smoke test: correct horse battery staple 42'

step() { echo "smoke: $*" >&2; }
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }
run() { timeout 300 "$exe" "$@"; }
expect() {  # expect WHAT OUTPUT PATTERN
  printf '%s' "$2" | grep -q -- "$3" || fail "$1: expected '$3' in: $2"
}

start=$(date +%s)
step "--help"
out="$(run --help)" || fail "--help exited $?"
expect "--help" "$out" "usage: casebook"

step "gui --smoke"
run gui --smoke || fail "gui --smoke exited $?"

f="$work/practice.casebook"
step "init"
run --file "$f" init || fail "init exited $?"
[ -f "$f" ] || fail "init did not create $f"
step "client add"
out="$(run --file "$f" client add --name "Smoke Test" --prison-number A1234BC --json)" \
  || fail "client add exited $?"
expect "client add" "$out" '"id": 1'
step "matter add, event add"
run --file "$f" matter add --client 1 --type parole-review >/dev/null || fail "matter add exited $?"
run --file "$f" event add --matter 1 --type decision-provisional --date 2026-11-20 >/dev/null \
  || fail "event add exited $?"
step "deadlines"
out="$(run --file "$f" deadlines --within 100000 --json)" || fail "deadlines exited $?"
expect "deadlines" "$out" '"due": "2026-12-11"'
step "check"
out="$(run --file "$f" check --json)" || fail "check exited $?"
expect "check" "$out" '"ok": true'
expect "check" "$out" '"clients": 1'
step "backup, restore (relative paths)"
run --file practice.casebook backup -o backup.casebook >/dev/null || fail "backup exited $?"
run --file practice.casebook restore backup.casebook --to restored.casebook >/dev/null \
  || fail "restore exited $?"
out="$(run --file restored.casebook client list --json)" || fail "client list exited $?"
expect "restored client list" "$out" 'Smoke Test'
step "wrong passphrase is refused (exit 4)"
set +e
CASEBOOK_PASSPHRASE='not the passphrase at all 99' run --file "$f" check >/dev/null 2>&1
rc=$?
set -e
[ "$rc" = 4 ] || fail "a wrong passphrase exited $rc, expected 4"
echo "smoke: the built app passed ($(( $(date +%s) - start )) s)" >&2
