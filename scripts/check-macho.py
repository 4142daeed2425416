#!/usr/bin/env python3
"""Checks that a published binary is a 64-bit Mach-O executable for the expected architecture.

Usage: check-macho.py FILE RID   (RID: osx-arm64 or osx-x64)

Reads the Mach-O header (magic 0xfeedfacf, little-endian), the CPU type (0x0100000c arm64, 0x01000007 x86_64),
the file type (MH_EXECUTE) and the load commands, and reports whether an LC_CODE_SIGNATURE is present. Apple
silicon refuses to run arm64 code without a signature (an ad-hoc one suffices), so a missing signature on
osx-arm64 is an error.
"""
import struct
import sys

MH_MAGIC_64 = 0xFEEDFACF
MH_EXECUTE = 0x2
LC_CODE_SIGNATURE = 0x1D
CSMAGIC_EMBEDDED_SIGNATURE = 0xFADE0CC0
CPU_TYPES = {"osx-arm64": (0x0100000C, "arm64"), "osx-x64": (0x01000007, "x86_64")}


def main(path: str, rid: str) -> int:
    if rid not in CPU_TYPES:
        print(f"check-macho: unknown RID {rid}", file=sys.stderr)
        return 2
    expected_cpu, arch = CPU_TYPES[rid]
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 32:
        print(f"check-macho: {path}: too short for a Mach-O header", file=sys.stderr)
        return 1
    magic, cputype, _subtype, filetype, ncmds, _sizeofcmds, _flags, _reserved = struct.unpack_from("<IiiIIIII", data, 0)
    problems = []
    if magic != MH_MAGIC_64:
        problems.append(f"magic 0x{magic:08x}, expected 0x{MH_MAGIC_64:08x} (64-bit Mach-O)")
    if cputype & 0xFFFFFFFF != expected_cpu:
        problems.append(f"cputype 0x{cputype & 0xFFFFFFFF:08x}, expected 0x{expected_cpu:08x} ({arch})")
    if filetype != MH_EXECUTE:
        problems.append(f"filetype {filetype}, expected {MH_EXECUTE} (MH_EXECUTE)")
    signature = None
    offset = 32
    for _ in range(ncmds if not problems else 0):
        cmd, cmdsize = struct.unpack_from("<II", data, offset)
        if cmd == LC_CODE_SIGNATURE:
            dataoff, datasize = struct.unpack_from("<II", data, offset + 8)
            blob_magic = struct.unpack_from(">I", data, dataoff)[0] if dataoff + 4 <= len(data) else 0
            signature = (dataoff, datasize, blob_magic)
        offset += cmdsize
    if not problems and rid == "osx-arm64" and signature is None:
        problems.append("no LC_CODE_SIGNATURE: Apple silicon will refuse to run it")
    if signature is not None and signature[2] != CSMAGIC_EMBEDDED_SIGNATURE:
        problems.append(f"LC_CODE_SIGNATURE blob magic 0x{signature[2]:08x}, expected 0x{CSMAGIC_EMBEDDED_SIGNATURE:08x}")
    if problems:
        for problem in problems:
            print(f"check-macho: {path}: {problem}", file=sys.stderr)
        return 1
    signed = f"signed ({signature[1]} byte signature)" if signature else "no code signature"
    print(f"check-macho: {path}: Mach-O 64-bit {arch} executable, {ncmds} load commands, {signed}, {len(data) // (1024 * 1024)} MiB")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
