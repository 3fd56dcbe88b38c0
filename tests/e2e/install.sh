#!/usr/bin/env bash
# cmake --install: bin/ringtrim, the man page (version filled in), README and
# docs; the "cutadapt" component: a #!/bin/sh entry point that runs ringtrim as
# cutadapt (--version 4.2, cutadapt's --help and error prefix, same trimmed
# reads and report as ringtrim), from PATH, after the tree is moved, and
# through a link to the script.
# usage: install.sh RINGTRIM SOURCE_DIR
set -euo pipefail
ringtrim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
build=$(dirname "$ringtrim")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[[ -n $version ]] || fail "no project version in $build/CMakeCache.txt"

p=$work/p
cmake --install "$build" --prefix "$p" > "$work/install.log"
[[ -x $p/bin/ringtrim ]] || fail "bin/ringtrim not installed"
man=$p/share/man/man1/ringtrim.1
[[ -f $man ]] || fail "share/man/man1/ringtrim.1 not installed"
grep -q '^\.TH RINGTRIM 1 ' "$man" || fail "ringtrim.1 is not a section 1 man page"
grep -q "ringtrim $version" "$man" || fail "ringtrim.1 does not name version $version"
! grep -q '@[A-Z_]*@' "$man" || fail "ringtrim.1 has an unsubstituted @VARIABLE@"
for s in SYNOPSIS "RINGTRIM OPTIONS" "EXIT STATUS" FILES "CUTADAPT OPTIONS"; do
  grep -q "^\.SH \"*$s" "$man" || fail "ringtrim.1 has no $s section"
done
# Every ringtrim option that --help lists is described in the man page.
for opt in $("$p/bin/ringtrim" --help | sed -n '/^ringtrim options/,$p' | grep -o '^  --[a-z-]*'); do
  grep -q -- "${opt//-/\\\\-}" "$man" || fail "ringtrim.1 does not describe $opt"
done
for f in README.md docs/options.md docs/design.md; do
  cmp -s "$src/$f" "$p/share/doc/ringtrim/$f" || fail "share/doc/ringtrim/$f not installed"
done
if grep -q '^RINGTRIM_INSTALL_CUTADAPT:BOOL=OFF' "$build/CMakeCache.txt"; then
  [[ ! -e $p/bin/cutadapt ]] || fail "bin/cutadapt installed without RINGTRIM_INSTALL_CUTADAPT"
  cmake --install "$build" --prefix "$p" --component cutadapt >> "$work/install.log"
fi

entry=$p/bin/cutadapt
[[ -x $entry ]] || fail "bin/cutadapt not installed by the cutadapt component"
[[ $(head -n 1 "$entry") == '#!/bin/sh' ]] || fail "bin/cutadapt does not start with #!/bin/sh"
[[ $("$p/bin/ringtrim" --version) == "4.2 (compatible; ringtrim $version)" ]] || fail "ringtrim --version: $("$p/bin/ringtrim" --version)"
[[ $(PATH=$p/bin:$PATH cutadapt --version) == 4.2 ]] || fail "cutadapt --version: $(PATH=$p/bin:$PATH cutadapt --version)"
PATH=$p/bin:$PATH cutadapt --help > "$work/help.txt"
head -n 1 "$work/help.txt" | grep -qx 'cutadapt version 4.2' || fail "cutadapt --help: $(head -n 1 "$work/help.txt")"
! grep -q -- '--ipc' "$work/help.txt" || fail "cutadapt --help lists ringtrim's own options"
set +e
PATH=$p/bin:$PATH cutadapt --no-such-option x.fq > /dev/null 2> "$work/usage.txt"
status=$?
set -e
[[ $status -eq 2 ]] || fail "cutadapt --no-such-option: exit $status, expected 2"
grep -q '^cutadapt: error: unrecognized arguments: --no-such-option' "$work/usage.txt" || fail "usage error: $(cat "$work/usage.txt")"

# Trimming through the entry point equals trimming with the binary.
mkdir "$work/a" "$work/b"
args=(-a AGATCGGAAGAGC -q 20 -m 20 -j 2)
(cd "$work/a" && "$ringtrim" "${args[@]}" -o out.fastq.gz "$src/examples/reads.fastq.gz" > report.txt)
(cd "$work/b" && PATH=$p/bin:$PATH cutadapt "${args[@]}" -o out.fastq.gz "$src/examples/reads.fastq.gz" > report.txt)
cmp -s <(gzip -dc "$work/a/out.fastq.gz") <(gzip -dc "$work/b/out.fastq.gz") || fail "trimmed reads differ through the entry point"
diff <(sed 1,2d "$work/a/report.txt" | grep -v '^Finished in') <(sed 1,2d "$work/b/report.txt" | grep -v '^Finished in') \
  || fail "report differs through the entry point"
grep -q "^This is cutadapt 4.2 (compatible; ringtrim $version)" "$work/b/report.txt" || fail "report's first line: $(head -n 1 "$work/b/report.txt")"

# Relative paths inside: the tree can be moved, and the script can be linked.
mv "$p" "$work/moved"
[[ $("$work/moved/bin/cutadapt" --version) == 4.2 ]] || fail "moved tree: cutadapt --version"
mkdir "$work/links" && ln -s "$work/moved/bin/cutadapt" "$work/links/cutadapt"
[[ $("$work/links/cutadapt" --version) == 4.2 ]] || fail "link to the entry point: cutadapt --version"
echo "install: ok (ringtrim $version, man page, docs, cutadapt entry point)"
