"""TOTP attestation on the real ROM: sealed in the guest's TPM, shown by the menu at the
next power-on with the code oathtool computes for the enrolled secret, and refused with
the reason once the firmware (PCR 2) changes.
"""
import re
import subprocess
import time

import pytest

from conftest import ROM, pcr2_of, rom_with_other_payload

TOTP_LINE = re.compile(r"TOTP: (\d{6}) \((\d+) s left\)")


def oathtool_codes(secret, around):
    """The codes of the time steps around `around` (the guest's clock is the host's)."""
    return {subprocess.run(["oathtool", "--totp", "-b", "--now",
                            time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(t)), secret],
                           check=True, capture_output=True, text=True).stdout.strip()
            for t in (around - 30, around, around + 30)}


@pytest.fixture
def tpm_state(tmp_path):
    path = tmp_path / "tpm"
    path.mkdir()
    return str(path)


def test_totp_sealed_in_guest_matches_oathtool_then_rom_change_refuses(boot, tpm_state,
                                                                      tmp_path):
    vm = boot(tpm_state=tpm_state)
    header = vm.wait_menu()
    assert "TOTP: unknown: no TOTP secret is sealed yet (vigil totp seal)" in header
    # Sealed from the recovery shell, whose PCR 4 already says "recovery": the seal
    # must still target the menu's PCR 4.
    vm.enter_shell()
    out = vm.run("vigil totp seal", timeout=120)
    assert "Sealed a new TOTP secret to PCRs 0,1,2,3,4,7 in TPM NV index 0x01300100" in out
    secret = re.search(r"Or type the secret \(base32\): ([A-Z2-7 ]+)", out).group(1)
    secret = secret.replace(" ", "")
    assert len(secret) == 32  # 20 bytes
    assert "otpauth://totp/vigil?secret=" + secret in out
    vm.close()

    # Power on again with the same TPM: the menu shows the code of the enrolled secret.
    vm = boot(tpm_state=tpm_state)
    header = vm.wait_menu()
    now = int(time.time())
    m = TOTP_LINE.search(header)
    assert m, "no TOTP code in the menu: %r" % header
    assert m.group(1) in oathtool_codes(secret, now), header
    assert 1 <= int(m.group(2)) <= 30
    # "vigil totp show" agrees, and so does pcr check (the log still replays).
    vm.enter_shell()
    assert "the TPM refuses" in vm.run("vigil totp show 2>&1")  # PCR 4: recovery now
    vm.close()

    # A ROM whose payload differs: coreboot measures another PCR 2, the TPM refuses,
    # and the menu says which measurement changed.
    changed = rom_with_other_payload(str(tmp_path / "changed.rom"))
    assert pcr2_of(changed) != pcr2_of(ROM)
    vm = boot(rom=changed, tpm_state=tpm_state)
    header = vm.wait_menu()
    assert not TOTP_LINE.search(header), header
    assert ("TOTP: TAMPERED: changed since sealing: PCR 2 (firmware: coreboot stages and "
            "the vigil payload)") in header, header


def test_totp_resealed_from_the_plain_menu_shows_the_new_code(boot, tpm_state):
    """The menu's own reseal (no shell): sealed at menu time, shown once on the serial
    console, and the menu shown again has the code of the new secret."""
    vm = boot(tpm_state=tpm_state)
    header = vm.wait_menu()
    assert "TOTP: unknown: no TOTP secret is sealed yet" in header
    vm.choose("t")
    vm.expect(r"Reseal the TOTP secret\? \(y/N\) ")
    vm.choose("y")
    vm.expect("Sealed a new TOTP secret to PCRs 0,1,2,3,4,7 in TPM NV index 0x01300100",
              timeout=120)
    # Up to the next parameter: the serial line may deliver the secret in pieces.
    vm.expect(r"otpauth://totp/vigil\?secret=([A-Z2-7]+)&issuer=")
    secret = vm.p.match.group(1)
    vm.expect(r"Or type the secret \(base32\): ([A-Z2-7 ]+)\r*\n")
    assert vm.p.match.group(1).replace(" ", "") == secret
    assert len(secret) == 32  # 20 bytes
    vm.expect("Press Enter once it is enrolled")
    vm.choose("")
    header = vm.wait_menu()
    m = TOTP_LINE.search(header)
    assert m, "no TOTP code after resealing: %r" % header
    assert m.group(1) in oathtool_codes(secret, int(time.time())), header

    # The viewers read the running machine: the log replays to the TPM (with PCR 4 at
    # menu time), and coreboot's console comes out of CBMEM through /dev/mem.
    vm.choose("l")
    vm.expect(r"OK: PCRs [0-9,]+ match the event log /run/vigil/eventlog.bin")
    vm.expect("CBFS: fallback/payload")
    vm.wait_menu()
    vm.choose("c")
    vm.expect(r"coreboot console from CBMEM \((\d+) lines\):")
    assert int(vm.p.match.group(1)) > 10
    vm.expect("coreboot-")
    vm.expect(r"\(end of the coreboot console\)")
    vm.wait_menu()
