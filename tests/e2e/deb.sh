#!/usr/bin/env bash
# cpack -G DEB from the build folder: lintian (Debian's package checker)
# prints no error (E:) and no warning (W:) about the package (issue 27); the
# package's Depends name the Debian package of every shared library the binary
# needs (NEEDED); unpacked into a scratch root with dpkg -x, its ringtrim trims
# the bundled example data like the build's binary (and like cutadapt 4.2 when
# installed), and the compressed man page, the copyright file and the
# changelog, the docs without benchmark data, and the bash completion are in
# place.
# usage: deb.sh RINGTRIM SOURCE_DIR    exit 77 (skipped) without cpack/dpkg-dev/lintian
set -euo pipefail
ringtrim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
build=$(dirname "$ringtrim")
for tool in cpack dpkg-deb dpkg-shlibdeps objdump lintian; do
  command -v $tool >/dev/null || { echo "SKIPPED: $tool is not installed (scripts/install-deps.sh --test)"; exit 77; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/pkg" > "$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }
debs=("$work"/pkg/*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || fail "cpack wrote no single .deb: ${debs[*]}"
deb=${debs[0]}
[[ $(dpkg-deb -f "$deb" Package) == ringtrim ]] || fail "Package: $(dpkg-deb -f "$deb" Package)"
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "Version: $(dpkg-deb -f "$deb" Version), expected $version"
[[ $(dpkg-deb -f "$deb" Architecture) == $(dpkg --print-architecture) ]] || fail "Architecture: $(dpkg-deb -f "$deb" Architecture)"

# lintian: no errors and no warnings (informational tags, I:, may remain:
# docs/licences.md does not list them). --fail-on none: judge the tags here,
# and still fail when lintian itself fails.
lintian --fail-on none "$deb" > "$work/lintian.txt" 2>&1 || { cat "$work/lintian.txt"; fail "lintian failed"; }
if grep -E '^[EW]: ' "$work/lintian.txt"; then
  fail "lintian reports errors or warnings (above) for $(basename "$deb")"
fi

# Depends: the package owning each NEEDED library of the binary.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
depends_names=$(tr ',' '\n' <<< "$depends" | awk '{ print $1 }')
for lib in $(objdump -p "$ringtrim" | awk '$1 == "NEEDED" { print $2 }'); do
  # awk reads to the end: an early exit would SIGPIPE ldconfig and, under
  # pipefail, end this script silently now and then.
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && p == "" { p = $NF } END { print p }')
  [[ -n $path ]] || fail "cannot resolve $lib"
  # dpkg knows a library under /lib or /usr/lib (merged /usr), as a link or the file.
  owner=""
  for cand in "$path" "$(readlink -f "$path")"; do
    for q in "$cand" "/usr$cand" "${cand#/usr}"; do
      [[ -n $owner ]] || owner=$(dpkg -S "$q" 2>/dev/null | head -n 1 | cut -d: -f1) || true
    done
  done
  [[ -n $owner ]] || fail "no Debian package owns $path"
  grep -Fqx "$owner" <<< "$depends_names" || fail "Depends lacks $owner (for $lib): $depends"
done
if grep -q '^RINGTRIM_INSTALL_CUTADAPT:BOOL=ON' "$build/CMakeCache.txt"; then
  [[ $(dpkg-deb -f "$deb" Conflicts) == cutadapt ]] || fail "with the cutadapt entry point the package must conflict with cutadapt"
fi

# Unpacked into a scratch root, it runs on the example data.
dpkg -x "$deb" "$work/root"
bin=$work/root/usr/bin/ringtrim
[[ -x $bin ]] || fail "usr/bin/ringtrim not in the package"
man=$work/root/usr/share/man/man1/ringtrim.1.gz
[[ -f $man ]] || fail "usr/share/man/man1/ringtrim.1.gz not in the package"
gzip -dc "$man" | grep -q "^\.TH RINGTRIM 1 .*ringtrim $version" || fail "ringtrim.1.gz is not the man page of $version"
doc=$work/root/usr/share/doc/ringtrim
for f in docs/options.md LICENSE CHANGELOG.md CITATION.cff copyright changelog.gz; do
  [[ -f $doc/$f ]] || fail "usr/share/doc/ringtrim/$f not in the package"
done
head -n 1 "$doc/copyright" | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
  fail "copyright is not in Debian's machine-readable format"
gzip -dc "$doc/changelog.gz" | head -n 1 | grep -qx "ringtrim ($version) unstable; urgency=medium" ||
  fail "changelog.gz does not open with $version: $(gzip -dc "$doc/changelog.gz" | head -n 1)"
[[ -z $(find "$doc" -name '*.csv') && ! -e $doc/docs/data ]] || fail "benchmark data in usr/share/doc/ringtrim: $(find "$doc" -name '*.csv')"
[[ $(bash -c 'source "$1" && complete -p ringtrim' _ "$work/root/usr/share/bash-completion/completions/ringtrim") == \
   "complete -F _ringtrim_complete ringtrim" ]] || fail "usr/share/bash-completion/completions/ringtrim does not complete ringtrim"
[[ $("$bin" --version) == "4.2 (compatible; ringtrim $version)" ]] || fail "--version: $("$bin" --version)"
if grep -q '^RINGTRIM_INSTALL_CUTADAPT:BOOL=ON' "$build/CMakeCache.txt"; then
  [[ $("$work/root/usr/bin/cutadapt" --version) == 4.2 ]] || fail "the packaged cutadapt entry point does not answer 4.2"
  [[ -f $work/root/usr/share/bash-completion/completions/cutadapt ]] || fail "no bash completion for the packaged cutadapt"
  [[ -f $work/root/usr/share/man/man1/cutadapt.1.gz ]] || fail "no man page for the packaged cutadapt"
else
  [[ ! -e $work/root/usr/bin/cutadapt ]] || fail "usr/bin/cutadapt packaged without RINGTRIM_INSTALL_CUTADAPT"
  [[ ! -e $work/root/usr/share/bash-completion/completions/cutadapt ]] || fail "cutadapt's completion packaged without the entry point"
fi
args=(-a AGATCGGAAGAGC -q 20 -m 20 -j 2)
mkdir "$work/deb" "$work/build"
(cd "$work/deb" && "$bin" "${args[@]}" -o out.fastq.gz "$src/examples/reads.fastq.gz" > report.txt)
(cd "$work/build" && "$ringtrim" "${args[@]}" -o out.fastq.gz "$src/examples/reads.fastq.gz" > report.txt)
cmp -s <(gzip -dc "$work/deb/out.fastq.gz") <(gzip -dc "$work/build/out.fastq.gz") || fail "packaged ringtrim trims differently"
grep -q '^Total reads processed: *2,000$' "$work/deb/report.txt" || fail "report: $(grep 'Total reads' "$work/deb/report.txt")"
if command -v cutadapt >/dev/null; then
  mkdir "$work/cutadapt"
  (cd "$work/cutadapt" && cutadapt "${args[@]}" -o out.fastq.gz "$src/examples/reads.fastq.gz" > report.txt)
  cmp -s <(gzip -dc "$work/deb/out.fastq.gz") <(gzip -dc "$work/cutadapt/out.fastq.gz") || fail "packaged ringtrim differs from cutadapt 4.2"
fi
echo "deb: ok ($(basename "$deb"))"
