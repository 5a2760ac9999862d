"""The ncurses menu on the VGA console (the VT), captured with QEMU's screendump.

The QEMU board's settings pick the plain menu (`ui = plain`); a ROM setting
(`vigil rom set ROM ui=ncurses`) switches every console to ncurses, as an
owner would. The capture is saved as out/test-logs/vt-menu.png (the README's
screenshot comes from it) and must show the menu, not a blank screen.
"""
import os
import shutil
import socket
import struct
import time
import zlib

import pytest

from conftest import OUT, ROM, host_vigil
from test_demo_boot import demo_disk  # noqa: F401 (a fixture)

CBFSTOOL = os.path.join(os.path.dirname(ROM), "cbfstool")


def monitor_command(path, command, settle=2.0):
    """Run one command on QEMU's human monitor (a unix socket)."""
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    s.settimeout(5)
    s.recv(4096)  # the banner and first prompt
    s.sendall(command.encode() + b"\n")
    time.sleep(settle)
    s.close()


def read_ppm(path):
    data = open(path, "rb").read()
    magic, width, height, maxval, pixels = data.split(maxsplit=4)
    assert magic == b"P6" and maxval == b"255", "not a 24-bit PPM: %s" % path
    return int(width), int(height), pixels


def write_png(path, width, height, rgb):
    """PNG from raw RGB rows (filter 0), with zlib: no imaging library needed."""
    rows = b"".join(b"\0" + rgb[y * width * 3:(y + 1) * width * 3] for y in range(height))

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(rows, 9)))
        f.write(chunk(b"IEND", b""))


@pytest.fixture
def ncurses_rom(tmp_path):
    rom = str(tmp_path / "ncurses.rom")
    shutil.copy(ROM, rom)
    host_vigil("rom", "--cbfstool", CBFSTOOL, "set", rom, "ui=ncurses", "timeout=none")
    return rom


def test_vt_menu_screendump_is_not_blank(boot, ncurses_rom, demo_disk, tmp_path):
    vm = boot(rom=ncurses_rom, disks=[demo_disk], extra=["--snapshot"])
    # The serial console runs the same ncurses menu: its text arrives between escapes.
    vm.expect("Demo OS", timeout=120)
    vm.expect("Recovery shell")
    time.sleep(3)  # the VT's menu starts alongside; give it time to draw
    ppm = str(tmp_path / "vt.ppm")
    monitor_command(vm.monitor, "screendump " + ppm)
    width, height, rgb = read_ppm(ppm)
    png = os.path.join(OUT, "test-logs", "vt-menu.png")
    write_png(png, width, height, rgb)

    pixels = [rgb[i:i + 3] for i in range(0, len(rgb), 3)]
    colours = {}
    for p in pixels:
        colours[p] = colours.get(p, 0) + 1
    background = max(colours, key=colours.get)
    # Text, a highlighted bar and the header colours, not one flat colour.
    assert len(colours) >= 3, "the VT shows %d colour(s): %s" % (len(colours), png)
    assert len(pixels) - colours[background] > len(pixels) // 20, \
        "the VT is nearly blank: %s" % png
    # The first text row is the header bar: text on a colour of its own (theme "header").
    cell = height // 25
    top = {}
    for p in pixels[:width * cell]:
        top[p] = top.get(p, 0) + 1
    assert len(top) >= 2, "no text in the VT's first row: %s" % png
    assert max(top, key=top.get) != background, "no header bar on the VT: %s" % png
