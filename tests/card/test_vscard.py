"""The card model plugged into QEMU's usb-ccid reader through the VSCard transport (vscard.py).

test_qemu_takes_the_card: no guest runs (QEMU starts paused); QEMU 7.2 must take
the model's Init / ReaderAdd / ATR (it answers each with VSC_SUCCESS and its own
debug output says it parsed the ATR), show the CCID reader on the guest's USB
bus, and accept CardRemove / ReaderRemove.

test_guest_gpg_reads_the_card: a Linux guest (vigil's kernel, $VIGIL_OUT/bzImage,
with an initramfs of busybox and the host's gpg, gpg-agent and scdaemon) runs
`gpg --card-status`; scdaemon's own CCID driver talks to QEMU's usb-ccid over
USB, QEMU forwards the APDUs to the model, and gpg shows the model's AID.
"""
import json
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time

import pytest

from card_rig import stop
from openpgp_card import OpenPGPCard
from vscard import VSC_ERROR, VscardCard

QEMU = shutil.which("qemu-system-x86_64")


class Qmp:
    def __init__(self, path, timeout=20):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.file = self.sock.makefile("rw")
        json.loads(self.file.readline())  # greeting
        self.command("qmp_capabilities")

    def command(self, name, **arguments):
        self.file.write(json.dumps({"execute": name, "arguments": arguments}) + "\n")
        self.file.flush()
        while True:
            reply = json.loads(self.file.readline())
            if "return" in reply or "error" in reply:
                return reply

    def hmp(self, line):
        return self.command("human-monitor-command", **{"command-line": line})["return"]


class QemuWithCard:
    """QEMU with xHCI + usb-ccid whose ccid-card-passthru chardev connects to our VSCard server."""

    def __init__(self, extra=(), paused=True, t0=False):
        if not QEMU:
            pytest.fail("qemu-system-x86_64 is missing: apt-get install qemu-system-x86")
        self.tmp = tempfile.mkdtemp(prefix="vsc.", dir="/tmp")
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(1)
        port = self.server.getsockname()[1]
        self.log_path = os.path.join(self.tmp, "qemu.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [QEMU, "-M", "pc", "-accel", "tcg", "-nodefaults", "-display", "none", "-m", "512",
             "-no-reboot", "-qmp", "unix:%s/qmp,server=on,wait=off" % self.tmp,
             "-device", "qemu-xhci,id=xhci", "-device", "usb-ccid,id=ccid",
             "-chardev", "socket,id=vsc,host=127.0.0.1,port=%d" % port,
             "-device", "ccid-card-passthru,chardev=vsc,debug=4"]
            + (["-S"] if paused else []) + list(extra),
            stdout=self.log, stderr=subprocess.STDOUT)
        self.trace = []
        self.card = OpenPGPCard(serial=0x00C1D000, log=self.trace.append, t0=t0)
        self.link = VscardCard.accept(self.card, self.server, timeout=30, log=self.trace.append)

    def output(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def close(self):
        self.server.close()
        stop(self.proc)
        self.link.close()
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture
def qemu_with_card():
    q = QemuWithCard()
    try:
        yield q.link, Qmp(os.path.join(q.tmp, "qmp")), q.log_path, q.trace
    finally:
        q.close()


def qemu_output(path, needle, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        with open(path, errors="replace") as f:
            text = f.read()
        if needle in text or time.monotonic() > deadline:
            return text
        time.sleep(0.1)


def test_qemu_takes_the_card(qemu_with_card):
    link, qmp, log_path, trace = qemu_with_card
    link.insert()                                   # raises unless QEMU said VSC_SUCCESS twice
    assert link.reader_id == 0 and link.peer_version == 2, trace
    text = qemu_output(log_path, "atr passes check")
    assert "atr passes check: %d total length" % len(link.card.atr) in text, text
    usb = qmp.hmp("info usb")
    assert "QEMU USB CCID" in usb, usb
    assert "ccid-card-passthru" in qmp.hmp("info qtree")

    link.remove()
    answers = [link.receive() for _ in range(2)]
    assert [(t, struct.unpack("!I", p)[0]) for t, _, p in answers] == [(VSC_ERROR, 0)] * 2, trace
    assert "VSC_CardRemove" in qemu_output(log_path, "VSC_CardRemove")
    link.close()


# ---------------------------------------------------------------- with a guest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KERNEL = os.path.join(os.environ.get("VIGIL_OUT", os.path.join(TOP, "out")), "bzImage")
CCID_BUNDLE = "/usr/lib/pcsc/drivers/ifd-ccid.bundle/Contents"
GUEST_PROGRAMS = ["/usr/bin/gpg", "/usr/bin/gpg-agent", "/usr/lib/gnupg/scdaemon", "/usr/sbin/pcscd",
                  CCID_BUNDLE + "/Linux/libccid.so", "/usr/lib/x86_64-linux-gnu/libpcsclite.so.1"]
GUEST_FILES = [CCID_BUNDLE + "/Info.plist",
               "/lib/x86_64-linux-gnu/libgcc_s.so.1"]  # glibc loads it for pthread_exit
GUEST_INIT = """#!/bin/busybox sh
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev /tmp /run/pcscd
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev; mount -t tmpfs tmp /tmp
# QEMU's usb-ccid is 08e6:4433; pcscd's libccid (not scdaemon's own CCID driver) runs it.
for i in $(seq 1 150); do grep -qs 4433 /sys/bus/usb/devices/*/idProduct && break; sleep 0.2; done
pcscd --foreground --debug > /tmp/pcscd.log 2>&1 &
for i in $(seq 1 50); do [ -S /run/pcscd/pcscd.comm ] && break; sleep 0.2; done
export GNUPGHOME=/tmp/g
mkdir -m 700 $GNUPGHOME
printf "debug-level guru\\nlog-file /tmp/scd.log\\ndisable-ccid\\npcsc-driver %s\\n" \\
    /usr/lib/x86_64-linux-gnu/libpcsclite.so.1 > $GNUPGHOME/scdaemon.conf
# pcscd may still be powering the card: up to three tries, a second apart.
for try in 1 2 3; do
    echo "guest: card-status begin"
    gpg --card-status 2>&1
    rc=$?
    echo "guest: card-status end rc=$rc"
    [ $rc = 0 ] && break
    sleep 1
done
cat /tmp/scd.log /tmp/pcscd.log
poweroff -f
"""


def build_initramfs(path, workdir):
    root = os.path.join(workdir, "root")
    files = set(GUEST_PROGRAMS) | set(GUEST_FILES) | {"/bin/busybox"}
    for prog in GUEST_PROGRAMS:
        ldd = subprocess.run(["ldd", prog], capture_output=True, text=True, check=True).stdout
        files.update(tok for tok in ldd.split() if tok.startswith("/"))
    for src in files:
        dst = root + src
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(os.path.realpath(src), dst)
    with open(os.path.join(root, "init"), "w") as f:
        f.write(GUEST_INIT)
    os.chmod(os.path.join(root, "init"), 0o755)
    listing = subprocess.run(["find", "."], cwd=root, capture_output=True, check=True).stdout
    with open(path, "wb") as out:
        subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], cwd=root, input=listing, stdout=out,
                       check=True)


@pytest.mark.skipif(not os.path.exists(KERNEL), reason="no guest kernel: build vigil first (%s)" % KERNEL)
def test_guest_gpg_reads_the_card():
    workdir = tempfile.mkdtemp(prefix="vscg.", dir="/tmp")
    try:
        initrd = os.path.join(workdir, "initrd.cpio")
        build_initramfs(initrd, workdir)
        # QEMU's reader does T=0 only (scdaemon's own CCID driver refuses it for that: it
        # wants T=1), so the card is the T=0 variant and the guest runs pcscd + libccid.
        q = QemuWithCard(paused=False, t0=True, extra=[
            "-kernel", KERNEL, "-initrd", initrd, "-append", "console=ttyS0 rdinit=/init panic=-1",
            "-serial", "file:%s/serial.log" % workdir])
        try:
            q.link.start()
            q.proc.wait(240)
            with open(os.path.join(workdir, "serial.log"), errors="replace") as f:
                serial = f.read()
            report = serial[-3000:] + "\n--- QEMU\n" + q.output()[-2000:] + "\n--- card\n" + \
                "\n".join(q.trace[-60:])
            assert "guest: card-status end rc=0" in serial, report
            assert "Application ID ...: %s" % q.card.aid.hex().upper() in serial, report
            assert "Serial number ....: 00C1D000" in serial, report
            assert q.link.apdus > 5 and q.link.error is None, report
        finally:
            q.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
