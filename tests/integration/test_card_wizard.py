"""The OEM wizard's card steps in the booted ROM, with the OpenPGP card model in QEMU's usb-ccid
reader (tests/card, T=0, over the VSCard protocol) and a real USB stick: the card is reset and
given new PINs, the owner's keys are made on it, their public key and revocation certificate go
to the stick and the public key into the flash. At the next power-on the card, with its new
PIN, opens the recovery shell: the flash's keyring holds the key the card made.
"""
import os
import re
import shutil
import subprocess
import sys

from conftest import ROM, TOP, host_vigil
from test_card import card_server  # noqa: F401

sys.path.insert(0, os.path.join(TOP, "tests", "card"))
from openpgp_card import DEFAULT_PW1, DEFAULT_PW3, OpenPGPCard  # noqa: E402
from vscard import VscardCard  # noqa: E402

SUGGESTION = r"A suggestion \(\d+ bits; take it or type your own\):\r*\n([a-z -]+)\r*\n"


def take_suggestion(vm, prompt):
    vm.expect(SUGGESTION, timeout=120)
    words = vm.p.match.group(1)
    vm.expect(re.escape(prompt))
    vm.choose(words)
    vm.expect("Repeat it: ")
    vm.choose(words)
    return words


def test_wizard_makes_the_key_on_the_card_and_the_card_opens_the_shell(boot, tmp_path,
                                                                        card_server):
    flash = str(tmp_path / "flash.rom")
    shutil.copy(ROM, flash)
    tpm = tmp_path / "tpm"
    tpm.mkdir()
    stick = str(tmp_path / "stick.img")
    subprocess.run(["mkfs.ext4", "-q", "-F", "-L", "vigilkey", stick, "32M"], check=True,
                   capture_output=True)
    trace = []
    card = OpenPGPCard(serial=0x00C1D0E7, t0=True, log=trace.append)
    reader = ["--card", "127.0.0.1:%d" % card_server.getsockname()[1]]

    vm = boot(flash=flash, tpm_state=str(tpm), extra=["--usb", stick] + reader)
    link = VscardCard.accept(card, card_server, timeout=60, log=trace.append).start()
    try:
        vm.wait_menu()
        vm.choose("f")
        vm.expect(r"Step 1: Reset the TPM and take ownership\r*\n")
        vm.expect(r"Run this step\? \(y/N: skip it\) ")
        vm.choose("n")
        vm.expect(r"Step 2: Reset the OpenPGP card and set its PINs\r*\n")
        vm.expect(r"Run this step\? \(y/N: skip it\) ")
        vm.choose("y")
        vm.expect(r"Reset the OpenPGP card\? Every key on it is destroyed for good\. \(y/N\) ",
                  timeout=180)
        vm.choose("y")
        admin = take_suggestion(vm, "New Admin PIN for the card: ")
        pin = take_suggestion(vm, "New PIN for the card: ")
        vm.expect("Done: OpenPGP card reset; it has a new PIN and Admin PIN", timeout=300)
        assert bytes.fromhex(card.state["pw3"]) == admin.encode() != DEFAULT_PW3
        assert bytes.fromhex(card.state["pw1"]) == pin.encode() != DEFAULT_PW1

        vm.expect(r"Step 3: Put the owner's key into the flash\r*\n")
        vm.expect(r"Run this step\? \(y/N: skip it\) ")
        vm.choose("y")
        vm.expect(r"1\) a new key, made on the OpenPGP card")
        vm.expect(r"Number \(empty cancels\): ")
        vm.choose("1")
        vm.expect(r"Where do the public key and its revocation certificate go \(a USB stick "
                  r"kept apart\)\?\r*\n", timeout=600)
        vm.expect(r"(\d)\) sd\w+ \(vigilkey\)\r*\n")
        number = vm.p.match.group(1)
        vm.expect(r"Number \(empty cancels\): ")
        vm.choose(number)
        vm.expect(r"Done: New key ([0-9A-F]{40}) made on the OpenPGP card and in the flash",
                  timeout=600)
        fpr = vm.p.match.group(1)
        assert [s["status"] for s in card.state["slots"]] == [1, 1, 1]   # made on the card
        # The rest of the wizard is not what this test is about.
        while vm.p.expect([r"Run this step\? \(y/N: skip it\) ",
                           "End of the OEM factory reset."], timeout=120) == 0:
            vm.choose("n")
        vm.close()
    finally:
        link.close()
    assert link.error is None
    assert fpr in host_vigil("rom", "key", "list", flash)
    listing = subprocess.run(["debugfs", "-R", "ls -l /", stick], check=True,
                             capture_output=True, text=True).stdout
    assert "%s-public.asc" % fpr in listing and "%s-revocation.asc" % fpr in listing, listing
    assert "%s-secret.asc" % fpr not in listing

    # The next power-on: the flash's keyring has the card's key, and the card opens the shell.
    vm = boot(flash=flash, tpm_state=str(tpm), extra=reader)
    link = VscardCard.accept(card, card_server, timeout=60, log=trace.append).start()
    try:
        vm.wait_menu()
        vm.choose("s")
        vm.expect("Insert the owner's OpenPGP card: it signs a fresh challenge.", timeout=60)
        vm.expect("Card PIN: ")
        vm.p.send(pin + "\r")
        vm.expect("Recovery shell: ", timeout=300)
        assert card.state["pw1_tries"] == 3
        vm.close()
    finally:
        link.close()
    assert link.error is None
