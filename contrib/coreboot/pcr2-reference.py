#!/usr/bin/env python3
"""pcr2-reference.py - recompute coreboot 4.15's PCR 2 from a ROM file.

A check of contrib/coreboot/PCR2.md, not part of the product.

  pcr2-reference.py ROM                 events and the expected PCR 2 (sha256 bank)
  pcr2-reference.py ROM --log SERIAL    also compare with coreboot's TCPA log dump
                                        ("PCR-2 <hex> SHA256 [name]" lines, from the
                                        ramstage console or `cbmem -L`) and with a
                                        PCR 2 value the guest printed
  pcr2-reference.py ROM --pcr HEX       compare with a PCR 2 read elsewhere

Exit status 0 when everything given matches, 1 otherwise.
"""
import argparse
import hashlib
import re
import struct
import sys

FMAP_SIG = b"__FMAP__"
FMAP_HDR = struct.Struct("<8sBBQI32sH")   # signature, ver, base, size, name, nareas
FMAP_AREA = struct.Struct("<II32sH")      # offset, size, name, flags
CBFS_MAGIC = b"LARCHIVE"
CBFS_HDR = struct.Struct(">8sIIII")       # magic, len, type, attributes_offset, offset
CBFS_ALIGN = 64

# What coreboot 4.15 measures into PCR 2 on emulation/qemu-q35 with our
# config, in boot order: FMAP and bootblock (CRTM, bootblock stage), then each
# CBFS file the moment it is looked up: romstage (bootblock), postcar
# (romstage), ramstage (postcar), payload (ramstage).
CBFS_MEASURED = ["bootblock", "fallback/romstage", "fallback/postcar",
                 "fallback/ramstage", "fallback/payload"]


def cstr(b):
    return b.split(b"\0", 1)[0].decode()


def fmap_areas(rom):
    """{name: (offset, size)} from the FMAP (searched at 64-byte steps)."""
    for pos in range(0, len(rom) - FMAP_HDR.size, 64):
        if rom[pos:pos + 8] != FMAP_SIG:
            continue
        sig, vmaj, vmin, base, size, name, n = FMAP_HDR.unpack_from(rom, pos)
        if vmaj != 1:
            continue
        areas = {}
        for i in range(n):
            off, sz, aname, _ = FMAP_AREA.unpack_from(rom, pos + FMAP_HDR.size + i * FMAP_AREA.size)
            areas[cstr(aname)] = (off, sz)
        return areas
    sys.exit("no FMAP in ROM")


def cbfs_files(rom, start, size):
    """Yield (name, header_offset, data_offset, data) for each CBFS file,
    walking like coreboot's cbfs_walk(): headers on 64-byte boundaries."""
    pos, end = start, start + size
    while pos + CBFS_HDR.size <= end:
        magic, length, ftype, attr, doff = CBFS_HDR.unpack_from(rom, pos)
        if magic != CBFS_MAGIC:
            pos += CBFS_ALIGN
            continue
        name = cstr(rom[pos + CBFS_HDR.size:pos + doff])
        yield name, pos, pos + doff, rom[pos + doff:pos + doff + length]
        pos = (pos + doff + length + CBFS_ALIGN - 1) & ~(CBFS_ALIGN - 1)


def events(rom):
    """[(log name, rom offset, size, sha256 digest)] in extend order."""
    areas = fmap_areas(rom)
    out = []
    off, size = areas["FMAP"]
    out.append(("FMAP: FMAP", off, size, hashlib.sha256(rom[off:off + size]).digest()))
    cb_off, cb_size = areas["COREBOOT"]
    files = {}
    for name, hdr, doff, data in cbfs_files(rom, cb_off, cb_size):
        files.setdefault(name, (doff, data))   # first match wins, as in cbfs_lookup()
    for name in CBFS_MEASURED:
        if name not in files:
            sys.exit("CBFS file %s missing" % name)
        doff, data = files[name]
        out.append(("FMAP: COREBOOT CBFS: " + name, doff, len(data),
                    hashlib.sha256(data).digest()))
    return out


def logged(text):
    """Events of the first TCPA log dump in a serial log."""
    got = []
    for m in re.finditer(r"^\s*PCR-(\d+) ([0-9a-f]{64}) SHA256 \[(.*)\]\s*$", text, re.M):
        ev = (int(m.group(1)), m.group(3), m.group(2))
        if got and ev == got[0]:
            break                       # a second dump starts
        got.append(ev)
    return got


def guest_pcr2(text):
    """PCR 2 as the guest printed it: 'pcr-sha256/2: HEX', 'PCR2 HEX', 'PCR 2: HEX'."""
    m = re.findall(r"(?:pcr-sha256/2|PCR ?2)\b\W{0,3}([0-9a-fA-F]{64})\b", text)
    return m[-1].lower() if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rom")
    ap.add_argument("--log", help="serial log of a boot of this ROM")
    ap.add_argument("--pcr", help="PCR 2 (sha256) read from the TPM")
    a = ap.parse_args()
    rom = open(a.rom, "rb").read()

    ok = True
    pcr = bytes(32)
    evs = events(rom)
    print("%-40s %10s %9s  %s" % ("event (TCPA log name)", "rom offset", "size", "sha256"))
    for name, off, size, digest in evs:
        print("%-40s %#10x %9d  %s" % (name, off, size, digest.hex()))
        pcr = hashlib.sha256(pcr + digest).digest()
    print("PCR2 sha256 %s" % pcr.hex())

    want_pcr = a.pcr.lower() if a.pcr else None
    if a.log:
        text = open(a.log, errors="replace").read().replace("\r", "")
        got = logged(text)
        exp = [(2, n, d.hex()) for n, _, _, d in evs]
        if got == exp:
            print("log: %d events match (names, order, digests)" % len(got))
        else:
            ok = False
            print("log: MISMATCH")
            for g in got:
                print("  logged   PCR-%d %s [%s]" % (g[0], g[2], g[1]))
            for e in exp:
                print("  expected PCR-%d %s [%s]" % (e[0], e[2], e[1]))
        want_pcr = want_pcr or guest_pcr2(text)
        if not want_pcr:
            print("log: no PCR 2 value printed by the guest")
    if want_pcr:
        match = want_pcr == pcr.hex()
        ok = ok and match
        print("TPM PCR2    %s %s" % (want_pcr, "matches" if match else "DIFFERS"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
