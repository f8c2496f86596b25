#!/usr/bin/env bash
# Repository hygiene checks that need nothing but git and coreutils:
#   - no tracked file is a compiled executable (ELF, Mach-O or PE);
#   - no tracked file cites notes that are not in the repository (the project's
#     design and research notes): code and docs cite the public sources;
#   - vault/sqlstore links no database driver, and each dialect's package
#     links its own driver only.
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

echo "== no citations of notes outside the repository"
# Names of notes kept beside the repository, never part of it.
outside='(^|[^A-Za-z0-9_-])(vies|vat-rules|ingest-formats|vault-crypto|peers|style-anchors|DESIGN|STYLE)\.md|shared/reference'
if git grep -nE "$outside" -- ':!.ci/hygiene.sh'; then
  echo "the files above cite notes that are not in the repository: cite the public source itself"
  status=1
fi

echo "== each SQL store package links only its own driver"
# links PKG DRIVER... fails unless PKG's dependencies hold exactly the drivers named.
links() {
  local pkg=$1 deps drv
  shift
  deps=$(go list -deps "$pkg")
  for drv in modernc.org/sqlite github.com/jackc/pgx/v5/stdlib github.com/go-sql-driver/mysql; do
    if grep -qx "$drv" <<<"$deps"; then
      case " $* " in *" $drv "*) ;; *) echo "$pkg links $drv"; status=1 ;; esac
    else
      case " $* " in *" $drv "*) echo "$pkg does not link $drv"; status=1 ;; esac
    fi
  done
}
links ./vault/sqlstore
links ./vault/sqlstore/sqlite modernc.org/sqlite
links ./vault/sqlstore/postgres github.com/jackc/pgx/v5/stdlib
links ./vault/sqlstore/mysql github.com/go-sql-driver/mysql

exit "$status"
