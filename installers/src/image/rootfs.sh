#!/usr/bin/env bash
# Completes the root file system of the server's OCI image around a jlink runtime in ROOT/opt/java:
# the C library files that the runtime's native code loads (found with ldd, copied from this build
# machine at the same paths), a passwd and group file with the unprivileged user the image runs as,
# and the writable folders /data and /tmp. The image is built FROM scratch, so nothing else is in it:
# no shell, no package manager. Linux only (the image is linux/amd64, its glibc comes from here).
#
#   rootfs.sh ROOT
set -euo pipefail

root=$(realpath "${1:?usage: rootfs.sh ROOT}")
java_home="$root/opt/java"
[[ "$(uname -s)" == Linux ]] || { echo "rootfs.sh: the server image is built on Linux only" >&2; exit 2; }
[[ "$(uname -m)" == x86_64 ]] || { echo "rootfs.sh: the server image is linux/amd64, build it on x86-64" >&2; exit 2; }
[[ -x "$java_home/bin/java" ]] || { echo "rootfs.sh: no jlink runtime in $java_home" >&2; exit 2; }

# The runtime's ELF files, less the desktop natives (X11, sound, fonts, splash) a headless server
# never loads: their libraries (libX11, libasound ...) would only make the image bigger.
mapfile -t elf_files < <(find "$java_home" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \) \
  ! -name 'libawt_xawt.so' ! -name 'libsplashscreen.so' ! -name 'libjawt.so' ! -name 'libjsound.so' \
  ! -name 'libfontmanager.so' ! -name 'liblcms.so' ! -name 'libjavajpeg.so' ! -name 'libmlib_image.so')

# Libraries outside the runtime: "name => /path (addr)" lines and the dynamic loader's own line.
# libgcc_s is not linked but loaded by glibc when a thread is cancelled or unwinds.
mapfile -t libs < <(
  for f in "${elf_files[@]}"; do
    ldd "$f" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' || true
  done | grep -v "^$java_home" | sort -u
  ldconfig -p | awk '$1 == "libgcc_s.so.1" && /x86-64/ { print $NF; exit }'
)
# (libjvm.so is "not found" from the other libraries: the launcher loads it by path first)
missing=$(for f in "${elf_files[@]}"; do ldd "$f" 2>/dev/null | grep 'not found' | grep -v 'libjvm.so' || true; done | sort -u)
[[ -z "$missing" ]] || { echo "rootfs.sh: the runtime needs libraries this machine lacks:"$'\n'"$missing" >&2; exit 2; }

for lib in "${libs[@]}"; do
  # at the path the loader looks for, with the content of the file it points to
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# /lib64 -> usr/lib64 style links of the build machine are not needed: the loader's path is copied
# as a real file at the path the ELF headers name (/lib64/ld-linux-x86-64.so.2).

mkdir -p "$root/etc" "$root/data" "$root/tmp"
cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
keyport:x:65532:65532:Keyport server:/data:/sbin/nologin
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
keyport:x:65532:
GROUP
echo 'hosts: files dns' >"$root/etc/nsswitch.conf"

echo "rootfs.sh: ${#libs[@]} system libraries copied into $root:"
printf '  %s\n' "${libs[@]}"
