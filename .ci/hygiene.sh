#!/usr/bin/env bash
# Repository hygiene checks that need nothing but git and coreutils:
#   - no tracked file is a compiled executable (ELF, Mach-O or PE);
# Run from the repository root (.ci/run does); exits non-zero naming every offender.
set -euo pipefail
cd "$(dirname "$0")/.."

status=0

# executable_kind prints the executable format of file $1 from its first bytes, or nothing.
executable_kind() {
  local magic
  magic=$(od -An -tx1 -N4 -- "$1" 2>/dev/null | tr -d ' \n')
  case "$magic" in
    7f454c46) echo ELF ;;
    feedface | feedfacf | cefaedfe | cffaedfe | cafebabe) echo Mach-O ;;
    4d5a*) echo PE ;;
  esac
}

echo "== no compiled executables tracked"
while IFS= read -r -d '' f; do
  [ -f "$f" ] || continue
  kind=$(executable_kind "$f")
  if [ -n "$kind" ]; then
    echo "tracked $kind executable: $f (build output belongs in .gitignore, not in git)"
    status=1
  fi
done < <(git ls-files -z)

exit "$status"
