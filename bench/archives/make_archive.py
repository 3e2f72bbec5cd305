"""Writes one kploy app archive for bench/archives: a Kployfile naming the archive (so that every
archive has its own SHA-256) and a stored entry of incompressible bytes taken from a payload file.

    python3 make_archive.py OUT NAME PAYLOAD
"""
import sys
import zipfile

out, name, payload = sys.argv[1], sys.argv[2], sys.argv[3]
kployfile = (
    "apiserver: http://127.0.0.1/service/kubernetes\n"
    "author: bench/archives\n"
    f"name: {name}\n"
    "namespace: bench\n"
    f"source: https://example.org/bench/{name}\n"
)
with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as z:
    z.writestr("Kployfile", kployfile)
    z.write(payload, "rcs/payload.bin")
