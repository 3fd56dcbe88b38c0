#!/usr/bin/env bash
# cpack -G DEB from the build folder: the package's Depends name the Debian
# package of every shared library the binary needs (NEEDED); unpacked into a
# scratch root with dpkg -x, its ringtrim trims the bundled example data like
# the build's binary (and like cutadapt 4.2 when installed), and the man page
# and docs are in place.
# usage: deb.sh RINGTRIM SOURCE_DIR    exit 77 (skipped) without cpack/dpkg-dev
set -euo pipefail
ringtrim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
build=$(dirname "$ringtrim")
for tool in cpack dpkg-deb dpkg-shlibdeps objdump; do
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
[[ -f $work/root/usr/share/man/man1/ringtrim.1 ]] || fail "usr/share/man/man1/ringtrim.1 not in the package"
[[ -f $work/root/usr/share/doc/ringtrim/docs/options.md ]] || fail "usr/share/doc/ringtrim/docs/options.md not in the package"
[[ $("$bin" --version) == "4.2 (compatible; ringtrim $version)" ]] || fail "--version: $("$bin" --version)"
if grep -q '^RINGTRIM_INSTALL_CUTADAPT:BOOL=ON' "$build/CMakeCache.txt"; then
  [[ $("$work/root/usr/bin/cutadapt" --version) == 4.2 ]] || fail "the packaged cutadapt entry point does not answer 4.2"
else
  [[ ! -e $work/root/usr/bin/cutadapt ]] || fail "usr/bin/cutadapt packaged without RINGTRIM_INSTALL_CUTADAPT"
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
