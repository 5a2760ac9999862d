"""The card rig: a private pcscd with a vpcd reader, into which a card model is plugged.

pcscd runs in the foreground in its own mount namespace, where a private
directory is bind-mounted on /run/pcscd (pcscd 1.9.9 has that path built in and
refuses to start while another pcscd owns it), reading a reader.conf of its own
(-c) that loads vpcd on two free TCP ports (vpcd opens the port and the next
one, one per slot). Clients find it through PCSCLITE_CSOCK_NAME, which
libpcsclite honours. Used by tests/card and by the menus' card tests in tests/ui.
"""
import ctypes
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vpcd import VpcdCard  # noqa: E402

VPCD_DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
LIBPCSCLITE = "/usr/lib/x86_64-linux-gnu/libpcsclite.so.1"
READER = "Vigil Test PCD"
PACKAGES = "pcscd vsmartcard-vpcd scdaemon gnupg python3-cryptography python3-pytest"


def _free_port_pair():
    """Two consecutive free TCP ports (vpcd listens on PORT and PORT+1)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port >= 65535:
            continue
        try:
            with socket.socket() as s1, socket.socket() as s2:
                s1.bind(("0.0.0.0", port))
                s2.bind(("0.0.0.0", port + 1))
            return port
        except OSError:
            continue
    raise RuntimeError("no two consecutive free TCP ports")


class Pcscd:
    """A private pcscd with one vpcd reader."""

    def __init__(self):
        for path in ("/usr/sbin/pcscd", VPCD_DRIVER, LIBPCSCLITE, "/usr/bin/unshare"):
            if not os.path.exists(path):
                pytest.fail("%s is missing: apt-get install %s" % (path, PACKAGES))
        if os.geteuid() != 0:
            pytest.fail("the card tests run pcscd in a private mount namespace: run them as root")
        self.dir = tempfile.mkdtemp(prefix="vcard.", dir="/tmp")
        self.rundir = os.path.join(self.dir, "run")
        os.mkdir(self.rundir)
        self.socket = os.path.join(self.rundir, "pcscd.comm")
        self.port = _free_port_pair()
        self.conf = os.path.join(self.dir, "reader.conf")
        with open(self.conf, "w") as f:
            f.write('FRIENDLYNAME "%s"\nDEVICENAME /dev/null:%d\nLIBPATH %s\nCHANNELID %d\n'
                    % (READER, self.port, VPCD_DRIVER, self.port))
        self.log_path = os.path.join(self.dir, "pcscd.log")
        self.log = open(self.log_path, "w")
        script = ('mkdir -p /run/pcscd && mount --bind "$1" /run/pcscd && '
                  'exec pcscd --foreground --debug --apdu --config "$2"')
        self.proc = subprocess.Popen(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                                      script, "sh", self.rundir, self.conf],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while not (os.path.exists(self.socket) and self._listening()):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                pytest.fail("pcscd did not start:\n" + self.text())
            time.sleep(0.05)

    def _listening(self):
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            return True
        except OSError:
            return False

    def text(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def close(self):
        stop(self.proc)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class _ReaderState(ctypes.Structure):
    # pcsc-lite on Linux: DWORD is unsigned long, MAX_ATR_SIZE is 33.
    _fields_ = [("szReader", ctypes.c_char_p), ("pvUserData", ctypes.c_void_p),
                ("dwCurrentState", ctypes.c_ulong), ("dwEventState", ctypes.c_ulong),
                ("cbAtr", ctypes.c_ulong), ("rgbAtr", ctypes.c_ubyte * 33)]


SCARD_STATE_PRESENT = 0x20


def wait_card_present(socket_path, atr, timeout=15.0):
    """Wait until pcscd reports a card with `atr` in our reader (it polls vpcd and
    powers the card itself; a client that connects before that sees no card)."""
    os.environ["PCSCLITE_CSOCK_NAME"] = socket_path  # libpcsclite reads it when connecting
    lib = ctypes.CDLL(LIBPCSCLITE)
    ctx = ctypes.c_long()
    rv = lib.SCardEstablishContext(2, None, None, ctypes.byref(ctx))  # SCARD_SCOPE_SYSTEM
    if rv:
        raise RuntimeError("SCardEstablishContext: 0x%x" % (rv & 0xFFFFFFFF))
    try:
        state = _ReaderState(szReader=(READER + " 00 00").encode(), dwCurrentState=0)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lib.SCardGetStatusChange(ctx, 200, ctypes.byref(state), 1)
            if state.dwEventState & SCARD_STATE_PRESENT and bytes(state.rgbAtr[:state.cbAtr]) == atr:
                return
            state.dwCurrentState = state.dwEventState & ~0x2  # drop SCARD_STATE_CHANGED
        raise TimeoutError("pcscd never reported the card in %s 00 00" % READER)
    finally:
        lib.SCardReleaseContext(ctx)


def stop(proc):
    """End a helper process: politely first, then for good."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def plug(model, pcscd):
    """Connect the card model to the private pcscd's reader and wait until pcscd sees it;
    returns the link (stop() it; its .error says whether the card's side failed)."""
    link = VpcdCard(model, pcscd.port).start()
    wait_card_present(pcscd.socket, model.atr)
    return link
