"""The OEM wizard's card steps on a pty, against the OpenPGP card model (tests/card) in a
private pcscd, driven by the real gpg, gpg-agent and scdaemon: the card reset and given new
PINs; a key made on the card, or made in memory, backed up on the stick and moved onto the
card; its public key in the flash; /boot signed by the card. Needs root (pcscd runs in a
private mount namespace) and pcscd, vsmartcard-vpcd, python3-cryptography."""
import os
import re
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from conftest import FAKE_BOOT, TOP
from test_actions import boot_copy, down, swtpm, tpm_env, verify  # noqa: F401
from test_firmware import cbfstool, machine, rom_keys  # noqa: F401

sys.path.insert(0, os.path.join(TOP, "tests", "card"))
from card_rig import Pcscd, plug  # noqa: E402
from openpgp_card import DEFAULT_PW1, DEFAULT_PW3, OpenPGPCard  # noqa: E402

DOWNS_TO_WIZARD = 11  # from the default entry (the second of 3), actions in actions.h order
SUGGESTION = r"A suggestion \((\d+) bits; take it or type your own\):\r\n([a-z -]+)\r\n"


@pytest.fixture(scope="module")
def pcscd():
    daemon = Pcscd()
    yield daemon
    daemon.close()


class Slot:
    """A card model that can be plugged into the reader during a test."""

    def __init__(self, pcscd):
        self.pcscd, self.model, self.link = pcscd, OpenPGPCard(serial=0x0CA4E001), None

    def plug(self):
        self.link = plug(self.model, self.pcscd)
        return self.model

    def unplug(self):
        if self.link:
            self.link.stop()
            if self.link.error:
                raise self.link.error
            self.link = None


@pytest.fixture
def slot(pcscd):
    s = Slot(pcscd)
    yield s
    s.unplug()


def wizard_env(machine, pcscd, extra=None):
    env = dict(machine["env"], PCSCLITE_CSOCK_NAME=pcscd.socket, VIGIL_KEY_HOME_BASE="/dev/shm")
    env.update(extra or {})
    return env


def new_pin(m, prompt, words):
    """Take the wizard's suggestion of `words` words as the new PIN; returns it."""
    m.expect(SUGGESTION)
    pin = m.match.group(2)
    assert len(pin.split()) == words
    m.expect(re.escape(prompt))
    m.send(pin + "\r")
    m.expect("Repeat it: ")
    m.send(pin + "\r")
    return pin


def run_card_step(m, step):
    """Run the card step (step number `step`): reset, new Admin PIN and PIN; returns them."""
    m.expect(r"Step %d: Reset the OpenPGP card and set its PINs\r\n" % step)
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("y\r")
    m.expect(r"Reset the OpenPGP card\? Every key on it is destroyed for good\. \(y/N\) ",
             timeout=30)
    m.send("y\r")
    admin = new_pin(m, "New Admin PIN for the card: ", 2)
    assert len(admin) >= 8
    pin = new_pin(m, "New PIN for the card: ", 2)
    m.expect("Resetting the card...")
    m.expect("Done: OpenPGP card reset; it has a new PIN and Admin PIN", timeout=60)
    return admin, pin


def test_card_reset_new_pins_key_on_the_card_signs_boot(lines, machine, pcscd, slot, swtpm,
                                                         boot_copy, tmp_path):
    card = slot.plug()
    card.state["pw1"] = b"111111".hex()          # a used card: not the factory PINs
    stick = os.path.dirname(machine["new"])
    args = [boot_copy if a == FAKE_BOOT else a for a in machine["args"]]
    m = lines("--plain", *args, env=wizard_env(machine, pcscd, tpm_env(swtpm, tmp_path)))
    m.expect("Choice: ", timeout=30)
    m.send("f\r")
    m.expect(r"Step 1: Reset the TPM")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("n\r")
    admin, pin = run_card_step(m, 2)
    assert bytes.fromhex(card.state["pw3"]) == admin.encode()
    assert bytes.fromhex(card.state["pw1"]) == pin.encode()
    assert (card.state["pw1_tries"], card.state["pw3_tries"]) == (3, 3)

    m.expect(r"Step 3: Put the owner's key into the flash\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("y\r")
    m.expect(r"Which key goes into the flash\?\r\n  1\) a new key, made on the OpenPGP card")
    m.expect(r"Number \(empty cancels\): ")
    m.send("1\r")
    # The secret stays on the card; its public key and revocation certificate go to the stick.
    m.expect(r"Where do the public key and its revocation certificate go \(a USB stick kept "
             r"apart\)\?\r\n", timeout=180)
    m.expect(r"  (\d)\) %s\r\n" % re.escape(stick))
    number = m.match.group(1)
    m.expect(r"Number \(empty cancels\): ")
    m.send(number + "\r")
    m.expect(r"Done: New key ([0-9A-F]{40}) made on the OpenPGP card and in the flash; its "
             r"revocation certificate is (\S+)\r\n", timeout=180)
    fpr, revocation = m.match.group(1), m.match.group(2)
    assert [s["status"] for s in card.state["slots"]] == [1, 1, 1]   # generated on the card
    assert fpr in rom_keys(machine["chip"])
    assert revocation == os.path.join(stick, fpr + "-revocation.asc")
    with open(revocation) as f:
        assert "BEGIN PGP PUBLIC KEY BLOCK" in f.read()
    assert os.path.exists(os.path.join(stick, fpr + "-public.asc"))
    assert not os.path.exists(os.path.join(stick, fpr + "-secret.asc"))

    # Signing /boot now uses the card, with the new PIN.
    m.expect(r"Step 4: Sign /boot\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("y\r")
    before = card.state["sig_count"]
    m.expect(r"PIN or passphrase \(empty cancels\): ", timeout=30)
    m.send(pin + "\r")
    m.expect("Done: Signed %s" % re.escape(boot_copy), timeout=60)
    assert card.state["sig_count"] == before + 1
    m.expect(r"Step 5: Seal a TOTP secret")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("n\r")
    m.expect(r"Step 6: Choose the default boot entry")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("n\r")
    m.expect("End of the OEM factory reset.")
    # The signature verifies with the public keys the flash now holds.
    assert verify(flash_keyring(machine["chip"], tmp_path), boot_copy).returncode == 0


def flash_keyring(chip, tmp_path):
    """A GnuPG home holding the keys of the flash's vigil/keys.asc."""
    keys, home = str(tmp_path / "keys.asc"), str(tmp_path / "flash-keys")
    os.mkdir(home, 0o700)
    subprocess.run([cbfstool(), chip, "extract", "-n", "vigil/keys.asc", "-f", keys], check=True,
                   capture_output=True)
    subprocess.run(["gpg", "--homedir", home, "--batch", "--import", keys], check=True,
                   capture_output=True)
    return home


def test_key_made_in_memory_is_backed_up_then_moved_onto_the_card(lines, machine, pcscd, slot):
    card = slot.plug()
    stick = os.path.dirname(machine["new"])
    m = lines("--plain", *machine["args"], env=wizard_env(machine, pcscd))
    m.expect("Choice: ", timeout=30)
    m.send("f\r")
    admin, pin = run_card_step(m, 2)   # no TPM here: the card step comes first
    m.expect(r"Step 3: Put the owner's key into the flash\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("y\r")
    m.expect(r"  2\) a new key, made now in memory, backed up on a USB stick, then moved onto "
             r"the OpenPGP card\r\n")
    m.expect(r"Number \(empty cancels\): ")
    m.send("2\r")
    m.expect(SUGGESTION)
    passphrase = m.match.group(2)
    m.expect("Passphrase for the new key: ")
    m.send(passphrase + "\r")
    m.expect("Repeat it: ")
    m.send(passphrase + "\r")
    m.expect(r"Where does the key's backup go \(a USB stick kept apart\)\?\r\n", timeout=120)
    m.expect(r"  (\d)\) %s\r\n" % re.escape(stick))
    number = m.match.group(1)
    m.expect(r"Number \(empty cancels\): ")
    m.send(number + "\r")
    m.expect("Moving the key onto the OpenPGP card...", timeout=120)
    m.expect(r"Done: New key ([0-9A-F]{40}) on the OpenPGP card and in the flash; its backup "
             r"is (\S+)\r\n", timeout=120)
    fpr, backup = m.match.group(1), m.match.group(2)
    assert backup == os.path.join(stick, fpr + "-secret.asc")
    assert [s["status"] for s in card.state["slots"]][0] == 2         # imported
    assert isinstance(card.keys[0], ed25519.Ed25519PrivateKey)
    assert fpr in rom_keys(machine["chip"])
    m.expect(r"Step 4: Sign /boot\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("n\r")
    m.expect(r"Step 6: Choose the default boot entry")   # no TPM: no TOTP step
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("n\r")
    m.expect("End of the OEM factory reset.")


def test_card_step_without_a_card_fails_and_is_retried_once_it_is_in(lines, machine, pcscd,
                                                                     slot):
    m = lines("--plain", *machine["args"], env=wizard_env(machine, pcscd))
    m.expect("Choice: ", timeout=30)
    m.send("f\r")
    m.expect(r"Step 2: Reset the OpenPGP card and set its PINs\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("y\r")
    m.expect(r"Failed: no OpenPGP card found", timeout=60)
    m.expect(r"Try this step again\? \(y/N: go on\) ")
    card = slot.plug()
    m.send("y\r")
    # Found now; cancelling at the question leaves the card as it was.
    m.expect(r"Reset the OpenPGP card\? Every key on it is destroyed for good\. \(y/N\) ",
             timeout=60)
    m.send("n\r")
    m.expect("Cancelled: nothing was changed.")
    assert bytes.fromhex(card.state["pw1"]) == DEFAULT_PW1
    assert bytes.fromhex(card.state["pw3"]) == DEFAULT_PW3
    # The key step offers no card choices: the card step did not run.
    m.expect(r"Step 3: Put the owner's key into the flash\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("y\r")
    m.expect(r"Which key goes into the flash\?\r\n  1\) a new key, made now in memory \(its "
             r"backup goes to a USB stick\)\r\n")
    m.expect(r"Number \(empty cancels\): ")
    m.send("\r")
    m.expect("Cancelled: nothing was changed.")


def test_card_step_in_ncurses_shows_each_pin_as_words_and_a_qr_code(screen, machine, pcscd,
                                                                      slot):
    card = slot.plug()
    s = screen(*machine["args"], env=wizard_env(machine, pcscd))
    s.wait("Boot entries", timeout=30)
    down(s, DOWNS_TO_WIZARD)
    s.keys("Enter")
    text = s.wait("OEM factory reset")
    # No TPM here: the card step is the first one, and selected.
    assert "[to do]  1. Reset the OpenPGP card and set its PINs" in text
    assert "123456 and 12345678" in text
    s.keys("Enter")
    s.wait("Reset the OpenPGP card? Every key on it is destroyed for good.", timeout=30)
    s.keys("y")
    pins = []
    for prompt in ("New Admin PIN for the card:", "New PIN for the card:"):
        text = s.wait("Suggested passphrase (25 bits)")
        words = text.rstrip().split("\n")[-1].strip()
        assert len(words.split()) == 2 and re.fullmatch(r"[a-z -]+", words), text
        assert "\u2588" in text or "\u2580" in text or "\u2584" in text   # the QR code
        s.keys("x")
        s.wait(prompt)
        s.type(words)
        s.keys("Enter")
        s.wait("Repeat it:")
        s.type(words)
        s.keys("Enter")
        pins.append(words)
    text = s.wait("[done]", timeout=60)
    assert "OpenPGP card reset; it has a new PIN and Admin PIN" in text
    assert bytes.fromhex(card.state["pw3"]) == pins[0].encode()
    assert bytes.fromhex(card.state["pw1"]) == pins[1].encode()
