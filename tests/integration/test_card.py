"""The owner's OpenPGP card opens the recovery shell, in the booted ROM.

QEMU's usb-ccid reader holds the card model (tests/card: OpenPGPCard, T=0, as
QEMU's reader is T=0 only) served over the VSCard protocol (vscard.py,
contrib/qemu/run.sh --card). In the guest it is all the payload's own parts:
pcscd with libccid (started by vigil init), scdaemon through PC/SC, gpg-agent
and gpg on the ROM keyring, driven by the recovery gate's card method
(src/ui/recovery-card.c): the card signs a fresh challenge, which must verify
against the owner's key in the ROM. The PIN is typed on the serial console; a
wrong one costs one of the card's tries and is refused, the right one opens
the shell.
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

import pytest

from conftest import ROM, TOP, host_vigil

sys.path.insert(0, os.path.join(TOP, "tests", "card"))
from openpgp_card import ATTR_ED25519, DEFAULT_PW1  # noqa: E402
from openpgp_card import OpenPGPCard  # noqa: E402
from vscard import VscardCard  # noqa: E402

from cryptography.hazmat.primitives.asymmetric import ed25519  # noqa: E402

CBFSTOOL = os.path.join(os.path.dirname(ROM), "cbfstool")
PIN = DEFAULT_PW1.decode()
SERIAL = 0x00C1D0E5


def gpg(home, *args):
    return subprocess.run(["gpg", "--homedir", home, "--batch"] + list(args), check=True,
                          capture_output=True)


def ed25519_seed(key_file):
    """The secret of an unprotected Ed25519 key in gpg-agent's key file (either format)."""
    with open(key_file, "rb") as f:
        data = f.read()
    m = re.search(rb"\(1:d(\d+):", data)  # canonical S-expression
    if m:
        start = m.end()
        d = data[start:start + int(m.group(1))]
    else:                                  # extended key format
        d = bytes.fromhex(re.search(rb"\(d #([0-9A-Fa-f]+)#\)", data).group(1).decode())
    return d.rjust(32, b"\0")[-32:]


@pytest.fixture
def owner_card(tmp_path):
    """The owner's Ed25519 signing key, made by gpg on the host: its public key goes into
    the ROM, its secret into the card's signature slot, with the fingerprint and date
    gpg's keytocard would write (the card holds what keytocard leaves on a real card)."""
    home = tempfile.mkdtemp(prefix="vigil-gpg.")
    try:
        gpg(home, "--passphrase", "", "--quick-gen-key", "Vigil Card <card@vigil.invalid>",
            "ed25519", "sign", "never")
        listing = gpg(home, "--with-colons", "--with-keygrip", "--list-secret-keys").stdout.decode()
        sec = next(l.split(":") for l in listing.splitlines() if l.startswith("sec"))
        fpr = next(l.split(":")[9] for l in listing.splitlines() if l.startswith("fpr"))
        grip = next(l.split(":")[9] for l in listing.splitlines() if l.startswith("grp"))
        seed = ed25519_seed(os.path.join(home, "private-keys-v1.d", grip + ".key"))
        public = gpg(home, "--armor", "--export", fpr).stdout
    finally:
        subprocess.run(["gpgconf", "--homedir", home, "--kill", "all"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)
    trace = []
    card = OpenPGPCard(serial=SERIAL, t0=True, log=trace.append)
    card.keys[0] = ed25519.Ed25519PrivateKey.from_private_bytes(seed)
    card.state["slots"][0].update(attr=ATTR_ED25519.hex(), fpr=fpr.lower(), time=int(sec[5]),
                                  status=2)  # 2: imported
    card.trace = trace
    key = tmp_path / "owner.asc"
    key.write_bytes(public)
    rom = str(tmp_path / "card.rom")
    shutil.copy(ROM, rom)
    host_vigil("rom", "--cbfstool", CBFSTOOL, "key", "add", rom, str(key))
    return rom, card, fpr


@pytest.fixture
def card_server():
    """A listening socket for QEMU's ccid-card-passthru to connect to."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    yield server
    server.close()


def test_card_opens_the_recovery_shell(boot, owner_card, card_server):
    rom, card, fpr = owner_card
    vm = boot(rom=rom, extra=["--card", "127.0.0.1:%d" % card_server.getsockname()[1]])
    link = VscardCard.accept(card, card_server, timeout=60, log=card.trace.append).start()
    try:
        vm.wait_menu()

        # A wrong PIN: the card refuses it (one try gone), the gate says so.
        vm.choose("s")
        vm.expect("Insert the owner's OpenPGP card: it signs a fresh challenge.")
        vm.expect("Card PIN: ")
        vm.p.send("999999\r")
        vm.expect(r"Recovery shell refused: the PIN was not accepted: [^\r\n]*\r", timeout=180)
        assert card.state["pw1_tries"] == 2
        assert card.state["sig_count"] == 0
        vm.wait_menu()

        # The right PIN: the card signs the challenge and the shell opens.
        vm.choose("s")
        vm.expect("Card PIN: ")
        vm.p.send(PIN + "\r")
        vm.expect("Recovery shell: ", timeout=180)
        assert card.state["pw1_tries"] == 3
        assert card.state["sig_count"] == 1
        vm.p.send("PS1='vigil-''test# '\r")
        vm.expect("vigil-test# ")
        # The key gpg found on the card is the owner's, and it came through pcscd.
        out = vm.run("gpg --homedir /run/vigil/gnupg --with-colons --list-secret-keys")
        sec = [l for l in out.splitlines() if l.startswith("sec")]
        assert sec and sec[0].split(":")[14] == card.aid.hex().upper(), out
        assert fpr in out
        assert "disable-ccid" in vm.run("cat /run/vigil/gnupg/scdaemon.conf")
        assert link.error is None
    finally:
        link.close()
