#!/usr/bin/env bash
# Build the Casebook desktop app for this operating system with PyInstaller.
#   build/build.sh            -> dist/Casebook/ (Linux, Windows) or dist/Casebook.app (macOS)
# Installs the pinned build tools (build/requirements-build.lock) into the project's .venv (set up by
# ./run first), keeps PyInstaller's work folder in build/work/ (ignored by git) and prints the build's
# size and time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/.venv"
if [ ! -x "$venv/bin/python" ]; then
  ./run cli --help >/dev/null   # sets up .venv with the pinned runtime dependencies
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r build/requirements-build.lock
rm -rf dist/Casebook dist/Casebook.app   # never smoke-test a stale build
start=$(date +%s)
"$venv/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --workpath "$root/build/work" --distpath "$root/dist" pyinstaller.spec
end=$(date +%s)
echo "Built dist/Casebook in $((end - start)) s; size $(du -sh dist/Casebook | cut -f1)"
