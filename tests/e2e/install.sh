#!/usr/bin/env bash
# cmake --install: bin/ringtrim, the man page (version filled in, gzip -9n),
# README, docs, LICENSE, CHANGELOG.md and CITATION.cff (whose versions are
# CMake's), the copyright file and the bash completion; the "cutadapt"
# component: a #!/bin/sh entry point that runs ringtrim as
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
[[ -f $p/share/man/man1/ringtrim.1.gz ]] || fail "share/man/man1/ringtrim.1.gz not installed"
# gzip -9n: maximum compression (XFL = 2), no name and no time stamp.
[[ $(od -An -tu1 -j3 -N7 "$p/share/man/man1/ringtrim.1.gz" | tr -s ' ') == " 0 0 0 0 0 2 3" ]] ||
  fail "ringtrim.1.gz is not gzip -9n output (flags, time, XFL, OS: $(od -An -tu1 -j3 -N7 "$p/share/man/man1/ringtrim.1.gz"))"
man=$work/ringtrim.1
gzip -dc "$p/share/man/man1/ringtrim.1.gz" > "$man"
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
for f in README.md docs/options.md docs/design.md LICENSE CHANGELOG.md CITATION.cff; do
  cmp -s "$src/$f" "$p/share/doc/ringtrim/$f" || fail "share/doc/ringtrim/$f not installed"
done
[[ ! -e $p/share/doc/ringtrim/docs/data ]] || fail "benchmark data (docs/data) installed"
grep -q '^License: Expat$' "$p/share/doc/ringtrim/copyright" || fail "share/doc/ringtrim/copyright names no licence"
grep -q '^Copyright (c) .* ringtrim developers$' "$src/LICENSE" && grep -q '^MIT License$' "$src/LICENSE" || fail "LICENSE is not ringtrim's MIT licence"
# The version is CMake's alone: the release files must name the same one.
changelog_version=$(sed -n 's/^## \[\([0-9][^]]*\)\] - [0-9-]*$/\1/p' "$src/CHANGELOG.md" | head -n 1)
[[ $changelog_version == "$version" ]] || fail "CHANGELOG.md's newest release is ${changelog_version:-none}, CMake's version $version"
[[ $(sed -n 's/^version: *//p' "$src/CITATION.cff") == "$version" ]] || fail "CITATION.cff's version is not $version"
gzip -dc "$p/share/doc/ringtrim/changelog.gz" | head -n 1 | grep -qx "ringtrim ($version) unstable; urgency=medium" ||
  fail "share/doc/ringtrim/changelog.gz does not open with $version"
# CITATION.cff: the keys CFF 1.2.0 requires, read by a YAML parser where one is installed.
for key in cff-version message title authors; do
  grep -q "^$key:" "$src/CITATION.cff" || fail "CITATION.cff lacks $key"
done
grep -qx 'cff-version: 1.2.0' "$src/CITATION.cff" || fail "CITATION.cff is not CFF 1.2.0"
if /usr/bin/python3 -c 'import yaml' 2>/dev/null; then
  /usr/bin/python3 - "$src/CITATION.cff" "$version" <<'PY' || fail "CITATION.cff does not parse as CFF 1.2.0"
import sys, yaml
cff = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
assert cff["cff-version"] == "1.2.0" and cff["version"] == sys.argv[2], cff
assert cff["message"] and cff["title"] and cff["license"] == "MIT", cff
assert all("name" in a or "family-names" in a for a in cff["authors"]), cff["authors"]
PY
fi
completion=$p/share/bash-completion/completions/ringtrim
cmp -s "$build/completion/ringtrim" "$completion" || fail "share/bash-completion/completions/ringtrim not installed"
if grep -q '^RINGTRIM_INSTALL_CUTADAPT:BOOL=OFF' "$build/CMakeCache.txt"; then
  [[ ! -e $p/bin/cutadapt ]] || fail "bin/cutadapt installed without RINGTRIM_INSTALL_CUTADAPT"
  [[ ! -e $p/share/bash-completion/completions/cutadapt ]] || fail "cutadapt's completion installed without RINGTRIM_INSTALL_CUTADAPT"
  cmake --install "$build" --prefix "$p" --component cutadapt >> "$work/install.log"
fi

entry=$p/bin/cutadapt
[[ -x $entry ]] || fail "bin/cutadapt not installed by the cutadapt component"
cmp -s "$build/completion/cutadapt" "$p/share/bash-completion/completions/cutadapt" ||
  fail "the cutadapt component did not install share/bash-completion/completions/cutadapt"
[[ $(readlink "$p/share/man/man1/cutadapt.1.gz") == ringtrim.1.gz ]] || fail "share/man/man1/cutadapt.1.gz is not a link to ringtrim.1.gz"
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
echo "install: ok (ringtrim $version, man page, docs, release files, completion, cutadapt entry point)"
