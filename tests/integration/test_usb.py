"""vigil finds a live system on a USB stick (an ISO 9660 image) and boots it.

The stick is what `dd` of a live-build ISO makes: an MBR whose partition 1
holds the ISO 9660 file system (xorriso's isohybrid layout), with the
isolinux and GRUB menus live-build writes (tests/data/boot/real/live-usb,
from live-build's own templates). The live system is vigil's kernel
(out/bzImage) and an initramfs whose /init prints a marker. QEMU attaches
the image as usb-storage on an xHCI controller, with --snapshot.

The guest must list the stick's entries in its menu, `vigil entries --json`
there must say exactly what tests/data/boot/real/live-usb.json says (the same
configs read from a directory), and choosing the isolinux entry must boot it
with boot mode "usb" in PCR 4 (the event log the live system gets says so).
"""
import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import OUT, TOP

LIVE_CONFIGS = os.path.join(TOP, "tests", "data", "boot", "real", "live-usb")
VERSION = "6.1-vigil-amd64"
MARKER = "vigil-usb-live: booted with:"
LOG_MARKER = "vigil-usb-live: event log:"
# Then the boot modes vigil measured, as the event log it handed over says (the events' texts).
INIT = """#!/bin/sh
/bin/busybox mount -t proc proc /proc
echo "%s $(/bin/busybox cat /proc/cmdline)"
/bin/busybox strings /vigil/eventlog.bin | /bin/busybox grep '^boot mode: ' |
	/bin/busybox sed 's/^/%s /'
echo "%s end"
exec /bin/sh
""" % (MARKER, LOG_MARKER, LOG_MARKER)


def run(*argv, **kwargs):
    return subprocess.run(list(argv), check=True, **kwargs)


def make_initrd(path, work):
    """busybox as /init printing MARKER; xz with CRC32, the only kind vigil's kernel unpacks."""
    root = os.path.join(work, "initrd")
    for d in ("bin", "proc", "dev"):
        os.makedirs(os.path.join(root, d))
    shutil.copy("/bin/busybox", os.path.join(root, "bin", "busybox"))
    os.symlink("busybox", os.path.join(root, "bin", "sh"))
    with open(os.path.join(root, "init"), "w") as f:
        f.write(INIT)
    os.chmod(os.path.join(root, "init"), 0o755)
    files = run("find", ".", "-print0", cwd=root, capture_output=True).stdout
    files = b"\0".join(sorted(files.rstrip(b"\0").split(b"\0"))) + b"\0"
    cpio = run("cpio", "--null", "-o", "-H", "newc", "--owner=0:0", "--quiet", cwd=root,
               input=files, capture_output=True).stdout
    with open(path, "wb") as f:
        f.write(run("xz", "--check=crc32", "-6", input=cpio, capture_output=True).stdout)


@pytest.fixture(scope="module")
def live_usb(tmp_path_factory):
    """The stick's image: live-build's menus, /live with the kernel and initrd (hard links as live-build makes)."""
    for tool in ("xorriso", "cpio", "xz"):
        if not shutil.which(tool):
            pytest.fail("%s is missing: contrib/install-deps.sh installs it" % tool)
    bzimage = os.path.join(OUT, "bzImage")
    if not os.path.exists(bzimage):
        pytest.fail("no %s: run contrib/build.sh first" % bzimage)
    work = str(tmp_path_factory.mktemp("live-usb"))
    tree = os.path.join(work, "iso")
    live = os.path.join(tree, "live")
    os.makedirs(live)
    for d in ("isolinux", "boot"):
        shutil.copytree(os.path.join(LIVE_CONFIGS, d), os.path.join(tree, d))
    shutil.copy(bzimage, os.path.join(live, "vmlinuz-" + VERSION))
    make_initrd(os.path.join(live, "initrd.img-" + VERSION), work)
    os.link(os.path.join(live, "vmlinuz-" + VERSION), os.path.join(live, "vmlinuz"))
    os.link(os.path.join(live, "initrd.img-" + VERSION), os.path.join(live, "initrd.img"))
    image = os.path.join(work, "live-usb.img")
    # Partition 1 from 32 KiB holds the file system, as isohybrid images have it.
    run("xorriso", "-as", "mkisofs", "-quiet", "-R", "-J", "-V", "VIGIL_LIVE",
        "-partition_offset", "16", "--protective-msdos-label", "-o", image, tree,
        capture_output=True)
    return image


def json_array(output):
    m = re.search(r"^\[\n.*?^\]$", output, re.S | re.M)
    assert m, "no JSON array in %r" % output
    return json.loads(m.group(0))


def test_lists_and_boots_the_usb_live_system(boot, live_usb):
    with open(LIVE_CONFIGS + ".json") as f:
        want = json.load(f)
    vm = boot(extra=["--usb", live_usb, "--snapshot"])
    menu = vm.wait_menu()
    names = re.findall(r"^\s+\d+\) (.*?)(?: \(default\))?\r*$", menu, re.M)
    assert names == [e["name"] for e in want], menu

    # What discovery found on the stick, with source and file, as vigil reads the configs.
    vm.enter_shell()
    vm.run("dmesg -n 1")
    got = json_array(vm.run("vigil entries --json 2>/dev/null", timeout=60))
    assert got == want
    vm.p.send("exit\r")
    vm.wait_menu()

    # The isolinux entry: the kernel and initrd from the stick, booted with kexec.
    number = [e["source"] for e in want].index("syslinux") + 1
    vm.choose(str(number))
    vm.expect(r"From: +/isolinux/live\.cfg \(syslinux\) in /run/vigil/mnt/sd[a-z]1")
    # A kernel from a USB stick is measured as boot mode "usb", never "normal".
    vm.expect(r"Starting [^\r\n]* with kexec \(boot mode: usb\)")
    vm.expect(re.escape(MARKER) + r" [^\r\n]*boot=live components quiet console=ttyS0",
              timeout=120)
    # The recovery shell's "recovery", then this boot's "usb": what PCR 4 was extended with.
    vm.expect(re.escape(LOG_MARKER) + " end")
    modes = re.findall(re.escape(LOG_MARKER) + r" boot mode: (\w+)", vm.p.before)
    assert modes == ["recovery", "usb"], vm.p.before
