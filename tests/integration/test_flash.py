"""Firmware updates in the guest: `vigil flash update` writes the machine's flash with
flashrom, keeping the owner's keys and settings, and the next power-on runs the new ROM.

The rig's flash is a ROM file (contrib/qemu/run.sh --flash): QEMU boots from it and the
guest's flashrom writes it, through its model of a 16 MiB SPI chip over a disk with the
serial vigil-flash (board config: flash = emulated:vigil-flash).
"""
import hashlib
import re
import shutil
import subprocess
import tempfile
import time

import pytest

from conftest import ROM, host_vigil, pcr2_of, rom_with_other_payload
# With keys in the ROM the recovery shell asks for a passphrase (one of low scrypt cost).
from test_rom_files import CBFSTOOL, RECOVERY_PASSPHRASE, scrypt_setting


@pytest.fixture
def owner(tmp_path):
    """A signing key in a GnuPG home, and a flash holding its public key and settings."""
    home = tempfile.mkdtemp(prefix="vigil-gpg.")
    gpg = ["gpg", "--homedir", home, "--batch", "--quiet"]
    subprocess.run(gpg + ["--passphrase", "", "--quick-gen-key", "Vigil Test <test@vigil.invalid>",
                          "ed25519", "sign", "never"], check=True, capture_output=True)
    key = tmp_path / "key.asc"
    key.write_bytes(subprocess.run(gpg + ["--armor", "--export"], check=True,
                                   capture_output=True).stdout)
    fpr = re.search(r"fpr:::::::::([0-9A-F]{40}):", subprocess.run(
        gpg + ["--with-colons", "--fingerprint"], check=True, capture_output=True,
        text=True).stdout).group(1)
    flash = str(tmp_path / "flash.rom")
    shutil.copy(ROM, flash)
    host_vigil("rom", "--cbfstool", CBFSTOOL, "key", "add", flash, str(key))
    host_vigil("rom", "--cbfstool", CBFSTOOL, "set", flash, "timeout=7",
               "recovery_passphrase=" + scrypt_setting(RECOVERY_PASSPHRASE))

    def sign(path, sig):
        subprocess.run(gpg + ["--yes", "--detach-sign", "-o", sig, path], check=True)

    yield flash, fpr, sign
    subprocess.run(["gpgconf", "--homedir", home, "--kill", "all"], capture_output=True)
    shutil.rmtree(home, ignore_errors=True)


def update_disk(tmp_path, files):
    """An ext4 disk labelled vigilupd holding files {name: path}, as a USB stick would."""
    tree = tmp_path / "update"
    tree.mkdir()
    for name, path in files.items():
        shutil.copy(path, tree / name)
    image = str(tmp_path / "update.img")
    subprocess.run(["mkfs.ext4", "-q", "-F", "-L", "vigilupd", "-d", str(tree), image, "64M"],
                   check=True, capture_output=True)
    return image


def rom_files(rom):
    return host_vigil("rom", "list", rom)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def mount_update(vm):
    # Short lines: the serial console wraps the echo at 80 columns.
    vm.run("mkdir -p /mnt")
    assert "rc=0" in vm.run("mount -o ro $(findfs LABEL=vigilupd) /mnt; echo rc=$?")


def test_signed_update_is_written_and_runs_at_the_next_power_on(boot, owner, tmp_path):
    flash, fpr, sign = owner
    new = rom_with_other_payload(str(tmp_path / "new.rom"), "vigil.test=updated")
    sign(new, new + ".sig")
    assert pcr2_of(new) != pcr2_of(flash)
    disk = update_disk(tmp_path, {"new.rom": new, "new.rom.sig": new + ".sig"})

    vm = boot(flash=flash, disks=[disk])
    vm.wait_menu()
    vm.enter_shell(passphrase=RECOVERY_PASSPHRASE)
    mount_update(vm)
    out = vm.run("vigil flash update --yes /mnt/new.rom; echo rc=$?", timeout=900)
    assert "rc=0" in out, out
    assert "board:     Emulation QEMU x86 q35/ich9" in out
    assert "signed by: " + fpr in out
    assert "2 vigil/ files kept from the running ROM" in out
    assert "PCR 2 after the update: " + pcr2_of(new) in out
    assert "written and verified" in out
    assert "writing the flash 100%" in out  # the percentage, from flashrom's blocks
    vm.close()

    # On the host: the flash holds the new firmware and the owner's two files.
    assert pcr2_of(flash) == pcr2_of(new)
    listing = rom_files(flash)
    assert "vigil/keys.asc" in listing and "vigil/settings" in listing
    assert re.search(r"PCR 7 sha256: ([0-9a-f]{64})", listing).group(1) in out

    # The next power-on runs it: the new command line, the new PCR 2, the kept passphrase.
    vm = boot(flash=flash)
    vm.wait_menu()
    vm.enter_shell(passphrase=RECOVERY_PASSPHRASE)
    assert "vigil.test=updated" in vm.run("cat /proc/cmdline")
    out = vm.run("vigil pcr read 2")
    assert re.search(r"PCR 2 sha256: ([0-9a-f]{64})", out).group(1) == pcr2_of(new)
    assert fpr in vm.run("gpg --homedir /run/vigil/gnupg --with-colons --fingerprint")


def test_unsigned_badly_signed_and_foreign_roms_leave_the_flash_alone(boot, owner, tmp_path):
    flash, _, sign = owner
    before = sha256(flash)
    new = rom_with_other_payload(str(tmp_path / "new.rom"), "vigil.test=updated")
    # Signed, but over other bytes.
    sign(flash, str(tmp_path / "bad.rom.sig"))
    # For another board: coreboot's build_info names another part, signed all the same.
    other = str(tmp_path / "other.rom")
    shutil.copy(new, other)
    info = tmp_path / "build_info"
    info.write_text("COREBOOT_VERSION: 4.15\nMAINBOARD_VENDOR: Emulation\n"
                    "MAINBOARD_PART_NUMBER: QEMU x86 i440fx/piix4\n")
    subprocess.run([CBFSTOOL, other, "remove", "-n", "build_info"], check=True)
    subprocess.run([CBFSTOOL, other, "add", "-f", str(info), "-n", "build_info", "-t", "raw"],
                   check=True, capture_output=True)
    sign(other, other + ".sig")
    disk = update_disk(tmp_path, {"new.rom": new, "bad.rom": new,
                                  "bad.rom.sig": str(tmp_path / "bad.rom.sig"),
                                  "other.rom": other, "other.rom.sig": other + ".sig"})

    vm = boot(flash=flash, disks=[disk])
    vm.wait_menu()
    vm.enter_shell(passphrase=RECOVERY_PASSPHRASE)
    mount_update(vm)
    out = vm.run("vigil flash update --yes /mnt/new.rom; echo rc=$?", timeout=300)
    assert "rc=1" in out and "/mnt/new.rom has no signature (/mnt/new.rom.sig)" in out, out
    out = vm.run("vigil flash update --yes /mnt/bad.rom; echo rc=$?", timeout=300)
    assert "rc=1" in out and "signature /mnt/bad.rom.sig is not good" in out, out
    out = vm.run("vigil flash update --yes --unsigned /mnt/other.rom; echo rc=$?", timeout=300)
    assert "rc=1" in out, out
    assert ("is for Emulation QEMU x86 i440fx/piix4, but this machine is Emulation QEMU x86 "
            "q35/ich9") in out, out
    # Asked, and not answered yes: nothing is written either.
    out = vm.run("echo no|vigil flash update --unsigned /mnt/new.rom;echo rc=$?", timeout=300)
    assert "not written: the flash is as it was" in out and "rc=1" in out, out
    vm.close()
    assert sha256(flash) == before


def test_menu_updates_the_firmware_from_a_stick(boot, owner, tmp_path):
    """The plain menu's "w": the ROM file found on the disk, checked, confirmed, written."""
    flash, fpr, sign = owner
    new = rom_with_other_payload(str(tmp_path / "new.rom"), "vigil.test=from-menu")
    sign(new, new + ".sig")
    disk = update_disk(tmp_path, {"new.rom": new, "new.rom.sig": new + ".sig"})

    vm = boot(flash=flash, disks=[disk])
    vm.wait_menu()
    vm.choose("w")
    vm.expect(r"1\) new\.rom on vd\w+ \(vigilupd\) \[signature beside it\]\r*\n", timeout=120)
    vm.expect(r"Which one\? ")
    vm.choose("1")
    vm.expect("Signed by: " + fpr, timeout=600)
    vm.expect(r"Kept from this ROM: 2 files")
    vm.expect("PCR 2 after the update: " + pcr2_of(new))
    vm.expect("Type yes: ")
    vm.choose("yes")
    vm.expect("The new firmware is written and verified", timeout=900)
    # The TPM is there: a new TOTP secret for the new firmware is offered (not taken here).
    vm.expect(r"enrol your phone before the restart\? \(y/N\) ")
    vm.choose("n")
    vm.expect(r"Reboot now\? \(y/N\) ")
    vm.choose("n")
    vm.wait_menu()
    vm.close()
    assert pcr2_of(flash) == pcr2_of(new)
    assert "vigil/keys.asc" in rom_files(flash)


def test_menu_setting_saved_in_the_flash_holds_at_the_next_power_on(boot, owner, tmp_path):
    """The plain menu's "o": a setting changed in the running firmware is written to the flash
    and holds from the next power-on (consoles = ttyS0: no menu on the screen then)."""
    flash, _, _ = owner
    vm = boot(flash=flash)
    vm.wait_menu()
    vm.choose("o")
    vm.expect(r"(\d+)\) consoles \(not set\)\r*\n", timeout=300)
    number = vm.p.match.group(1).strip()
    vm.expect(r"Number to change \(empty: back\): ")
    vm.choose(number)
    vm.expect(r"New value for consoles \(empty removes it, \. keeps it\): ")
    vm.choose("ttyS0")
    vm.expect(r"Saved in the flash: consoles = \"ttyS0\" \(from the next start\)", timeout=900)
    # PCR 7 differs at the next start: a TOTP secret for it is offered (not taken here).
    vm.expect(r"enrol your phone before the restart\? \(y/N\) ")
    vm.choose("n")
    vm.wait_menu()
    vm.close()
    assert host_vigil("rom", "get", flash, "consoles").strip() == "ttyS0"

    vm = boot(flash=flash)
    vm.expect(r"vigil init: a menu on (\S+) ", timeout=120)
    assert vm.p.match.group(1) == "/dev/ttyS0"
    vm.expect("boot menu")
    assert "a menu on" not in vm.p.before, "a second menu: " + vm.p.before
    vm.close()


def test_totp_sealed_for_the_flash_shows_at_the_next_power_on(boot, owner, tmp_path):
    """After an update the phone is enrolled before the restart: the secret is sealed to the
    PCR 2 and PCR 7 the new firmware will produce, and the next power-on shows its code."""
    from test_totp import TOTP_LINE, oathtool_codes

    flash, _, sign = owner
    tpm = tmp_path / "tpm"
    tpm.mkdir()
    new = rom_with_other_payload(str(tmp_path / "new.rom"), "vigil.test=sealed-ahead")
    sign(new, new + ".sig")
    disk = update_disk(tmp_path, {"new.rom": new, "new.rom.sig": new + ".sig"})

    vm = boot(flash=flash, disks=[disk], tpm_state=str(tpm))
    vm.wait_menu()
    vm.enter_shell(passphrase=RECOVERY_PASSPHRASE)
    mount_update(vm)
    assert "rc=0" in vm.run("vigil flash update --yes /mnt/new.rom; echo rc=$?", timeout=900)
    out = vm.run("vigil totp seal --for-flash", timeout=300)
    assert "Sealed for the firmware in the flash (PCR 2 %s" % pcr2_of(new) in out, out
    secret = re.search(r"Or type the secret \(base32\): ([A-Z2-7 ]+)", out).group(1)
    secret = secret.replace(" ", "")
    # Not for the firmware running now.
    assert "the TPM refuses" in vm.run("vigil totp show 2>&1")
    vm.close()

    vm = boot(flash=flash, tpm_state=str(tpm))
    header = vm.wait_menu()
    m = TOTP_LINE.search(header)
    assert m, "no TOTP code at the first start of the new firmware: %r" % header
    assert m.group(1) in oathtool_codes(secret, int(time.time())), header


def test_wizard_makes_the_key_onto_a_stick_and_the_flash(boot, tmp_path):
    """The OEM wizard in the guest: a new key made in memory, its backup written to a real USB
    stick (remounted writable for it) and checked, the public key into the flash, and TOTP
    sealed for the flash's next start, whose first menu shows the enrolled code."""
    from test_totp import TOTP_LINE, oathtool_codes

    flash = str(tmp_path / "flash.rom")
    shutil.copy(ROM, flash)
    tpm = tmp_path / "tpm"
    tpm.mkdir()
    stick = str(tmp_path / "stick.img")
    subprocess.run(["mkfs.ext4", "-q", "-F", "-L", "vigilkey", stick, "32M"], check=True,
                   capture_output=True)
    passphrase = "owner key passphrase"

    vm = boot(flash=flash, tpm_state=str(tpm), extra=["--usb", stick])
    vm.wait_menu()
    vm.choose("f")
    vm.expect(r"Step 1: Reset the TPM and take ownership\r*\n")
    vm.expect(r"Run this step\? \(y/N: skip it\) ")
    vm.choose("n")
    vm.expect(r"Step 2: Reset the OpenPGP card and set its PINs\r*\n")
    vm.expect(r"Run this step\? \(y/N: skip it\) ")
    vm.choose("n")
    vm.expect(r"Step 3: Put the owner's key into the flash\r*\n")
    vm.expect(r"Run this step\? \(y/N: skip it\) ")
    vm.choose("y")
    vm.expect(r"1\) a new key, made now in memory")
    vm.expect(r"Number \(empty cancels\): ")
    vm.choose("1")
    vm.expect("Passphrase for the new key: ", timeout=120)
    vm.choose(passphrase)
    vm.expect("Repeat it: ")
    vm.choose(passphrase)
    vm.expect(r"Where does the key's backup go \(a USB stick kept apart\)\?\r*\n", timeout=300)
    vm.expect(r"(\d)\) sd\w+ \(vigilkey\)\r*\n")
    number = vm.p.match.group(1)
    vm.expect(r"Number \(empty cancels\): ")
    vm.choose(number)
    vm.expect(r"Done: New key ([0-9A-F]{40}) in the flash; its backup is (\S+)\r*\n",
              timeout=600)
    fpr = vm.p.match.group(1)
    vm.expect(r"Step \d: Seal a TOTP secret and enrol your phone\r*\n", timeout=120)
    vm.expect(r"Run this step\? \(y/N: skip it\) ")
    vm.choose("y")
    vm.expect(r"Or type the secret \(base32\): ([A-Z2-7 ]+)\r*\n", timeout=300)
    secret = vm.p.match.group(1).replace(" ", "")
    vm.expect("Press Enter once it is enrolled")
    vm.choose("")
    vm.expect("Done: TOTP secret sealed to PCRs 0,1,2,3,4,7 for the flash's next start")
    vm.expect("End of the OEM factory reset.", timeout=120)
    vm.close()

    # The flash holds the key; the stick holds the three backup files.
    assert fpr in host_vigil("rom", "key", "list", flash)
    listing = subprocess.run(["debugfs", "-R", "ls -l /", stick], check=True,
                             capture_output=True, text=True).stdout
    for part in ("secret", "public", "revocation"):
        assert "%s-%s.asc" % (fpr, part) in listing, listing

    # The next start measures the new key into PCR 7: the code the phone has.
    vm = boot(flash=flash, tpm_state=str(tpm))
    header = vm.wait_menu()
    m = TOTP_LINE.search(header)
    assert m, "no TOTP code at the first start with the new key: %r" % header
    assert m.group(1) in oathtool_codes(secret, int(time.time())), header
