#!/bin/sh
# Writes the console's class-data archive (decision 0024): a static CDS dump of the classes in a
# class list, from the class path the launcher will use, with the runtime that will run it.
#
#   keyport-cds.sh JAVA CLASS-LIST ARCHIVE CLASS-PATH [JVM-OPTION...]
#
# The JVM options are the launcher's: those that shape the module graph (--enable-native-access,
# --add-opens, ...) must be the same when dumping, or the JVM refuses the archive. The package's
# postinst runs it on the installed files (/opt/keyport/lib/runtime/bin/java,
# lib/app/keyport.classlist from the build's training launch, lib/app/keyport.jsa, the class path
# and java-options of lib/app/keyport.cfg); bench/console runs it on the jpackage input folder. A class list that is
# missing or empty gives an archive of the runtime's default classes. On JDK 24 and newer the
# classes are also linked ahead of time (-XX:+AOTClassLinking, JEP 483). The archive is written
# beside its final name and renamed, so the launcher never maps half an archive. Exit status 0 with
# the archive written, else the JVM's status with its last lines on stderr.
set -u
java=$1 list=$2 archive=$3 classpath=$4
shift 4

set -- "$@" -Xshare:dump -XX:SharedArchiveFile="$archive.tmp" -cp "$classpath"
if [ -s "$list" ]; then
  set -- "$@" -XX:SharedClassListFile="$list"
fi
if "$java" -XX:+AOTClassLinking -version >/dev/null 2>&1; then
  set -- "$@" -XX:+AOTClassLinking
fi
log=$(mktemp "${TMPDIR:-/tmp}/keyport-cds.XXXXXX")
# the dump warns once per class it leaves out (signed jars, classes it cannot find): kept in $log only
if "$java" "$@" >"$log" 2>&1 && mv -f "$archive.tmp" "$archive"; then
  rm -f "$log"
  exit 0
else
  status=$?
  tail -5 "$log" >&2
  rm -f "$log" "$archive.tmp"
  exit "$status"
fi
