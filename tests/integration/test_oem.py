"""The OEM factory-reset wizard on the real ROM, over the serial console: the guest's TPM
(swtpm with a state that survives power cycles) is cleared and taken over, a TOTP secret
sealed and enrolled, the default entry chosen. At the next power-on the menu shows the
code of the enrolled secret without anyone typing the new owner passphrase, and the TPM
says it has an owner."""
import re
import time

import pytest

from test_demo_boot import demo_disk  # noqa: F401 (a fixture)
from test_totp import TOTP_LINE, oathtool_codes

OWNER = "factory fresh owner"


@pytest.fixture
def tpm_state(tmp_path):
    path = tmp_path / "tpm"
    path.mkdir()
    return str(path)


def test_wizard_takes_the_tpm_and_enrols_totp(boot, tpm_state, demo_disk):
    vm = boot(tpm_state=tpm_state, disks=[demo_disk], extra=["--snapshot"])
    header = vm.wait_menu()
    assert "TOTP: unknown: no TOTP secret is sealed yet" in header
    vm.choose("f")
    vm.expect(r"1\) \[to do\] Reset the TPM and take ownership")
    vm.expect(r"Step 1: Reset the TPM and take ownership\r*\n")
    vm.expect(r"Run this step\? \(y/N: skip it\) ")
    vm.choose("y")
    vm.expect(r"\(y/N\) ")
    vm.choose("y")
    # Six words from the EFF list in the initramfs, as text and a QR code.
    vm.expect(r"A suggestion \(77 bits; take it or type your own\):\r*\n([a-z -]+)\r*\n")
    assert len(vm.p.match.group(1).split()) == 6
    vm.expect("As a QR code for a password manager:")
    vm.expect("New TPM owner passphrase: ")
    vm.choose(OWNER)
    vm.expect("Repeat it: ")
    vm.choose(OWNER)
    vm.expect("Done: TPM cleared; it has a new owner passphrase", timeout=120)
    vm.expect(r"Step 2: Reset the OpenPGP card and set its PINs\r*\n")
    vm.expect(r"Run this step\? \(y/N: skip it\) ")
    vm.choose("n")
    # Without keys in the ROM there is nothing to sign /boot with: that step is not offered.
    vm.expect(r"Step \d: Seal a TOTP secret and enrol your phone\r*\n")
    assert "Sign /boot" not in vm.p.before
    # Nor the key into the flash: this machine has none here (no run.sh --flash).
    assert "Put the owner's key into the flash" not in vm.p.before
    vm.expect(r"Run this step\? \(y/N: skip it\) ")
    vm.choose("y")
    vm.expect(r"otpauth://totp/vigil\?secret=([A-Z2-7]+)&issuer=", timeout=120)
    secret = vm.p.match.group(1)
    assert len(secret) == 32
    vm.expect("Press Enter once it is enrolled")
    vm.choose("")
    vm.expect("Done: TOTP secret sealed to PCRs 0,1,2,3,4,7")
    vm.expect(r"Step \d: Choose the default boot entry\r*\n")
    vm.expect(r"Run this step\? \(y/N: skip it\) ")
    vm.choose("y")
    vm.expect(r"Number \(empty cancels\): ")
    vm.choose("2")
    vm.expect("Done: Default for this boot: Demo OS \\(verbose\\)")
    vm.expect("End of the OEM factory reset.")
    header = vm.wait_menu()
    assert "2) Demo OS (verbose) (default)" in header
    m = TOTP_LINE.search(header)
    assert m and m.group(1) in oathtool_codes(secret, int(time.time())), header
    vm.close()

    # Power on again: the code shows with nobody asked for the owner passphrase (the
    # storage root key is persistent), and the TPM has its new owner.
    vm = boot(tpm_state=tpm_state, disks=[demo_disk], extra=["--snapshot"])
    header = vm.wait_menu()
    m = TOTP_LINE.search(header)
    assert m, "no TOTP code after the wizard: %r" % header
    assert m.group(1) in oathtool_codes(secret, int(time.time())), header
    assert "passphrase" not in header
    vm.enter_shell()
    assert "The TPM has an owner passphrase." in vm.run("vigil tpm status")
    # Resealing from the shell asks for the owner passphrase the wizard set.
    vm.p.send("vigil totp seal\r")
    vm.expect("TPM owner passphrase: ", timeout=60)
    vm.p.send("wrong\r")
    vm.expect(re.escape("needs the TPM owner passphrase") + "|authorization", timeout=60)
