"""Update the firmware from the menus, on a pty (no QEMU): ROM files in a boot dir (the
stick), checked against the ROM keyring with real gpg, the owner's vigil/ files carried over
with the real cbfstool, written by the real flashrom to its emulated 16 MiB chip (dummy
programmer, the chip kept in a file).
"""
import hashlib
import os
import re
import shutil
import struct
import subprocess
import tempfile

import pytest

from conftest import FAKE_BOOT, TOP, VIGIL
from test_actions import BASE32_GROUPS, pcr_extend, swtpm, tpm_env  # noqa: F401

SIZE = 16 << 20
OUT = os.environ.get("VIGIL_OUT", os.path.join(TOP, "out"))
# From the default entry (the second of FAKE_BOOT's 3): actions in actions.h order.
DOWNS_TO_FIRMWARE = 5


def cbfstool():
    path = os.environ.get("VIGIL_CBFSTOOL") or os.path.join(OUT, "cbfstool")
    if not os.access(path, os.X_OK):
        pytest.fail("no cbfstool at %s: contrib/coreboot/build-coreboot.sh tools builds it" % path)
    return path


def fmap(size):
    """coreboot's default x86 layout: FMAP at 0, COREBOOT after it, the flash ending at 4 GiB."""
    def area(offset, length, name, flags=0):
        return struct.pack("<II32sH", offset, length, name.encode(), flags)
    return (struct.pack("<8sBBQI32sH", b"__FMAP__", 1, 1, (1 << 32) - size, size, b"FLASH", 3)
            + area(0, size, "BIOS") + area(0, 0x200, "FMAP", 1)
            + area(0x200, size - 0x200, "COREBOOT"))


def make_rom(path, tmp, payload, part="Board 1", settings=None):
    """A 16 MiB ROM with coreboot's measured files as raw stand-ins and build_info."""
    tool = cbfstool()
    layout = os.path.join(tmp, "fmap.bin")
    with open(layout, "wb") as f:
        f.write(fmap(SIZE))
    subprocess.run([tool, path, "create", "-M", layout, "-r", "COREBOOT"], check=True,
                   capture_output=True)
    files = [("bootblock", "bootblock"), ("fallback/romstage", "romstage"),
             ("fallback/postcar", "postcar"), ("fallback/ramstage", "ramstage"),
             ("fallback/payload", payload),
             ("build_info", "COREBOOT_VERSION: 4.15-test\nMAINBOARD_VENDOR: Test\n"
                            "MAINBOARD_PART_NUMBER: %s\n" % part)]
    if settings:
        files.append(("vigil/settings", settings))
    for name, text in files:
        data = os.path.join(tmp, "data")
        with open(data, "w") as f:
            f.write(text)
        subprocess.run([tool, path, "add", "-f", data, "-n", name, "-t", "raw"], check=True,
                       capture_output=True)
    return path


def predict(rom):
    out = subprocess.run([VIGIL, "pcr", "predict", rom], check=True, capture_output=True,
                         text=True).stdout
    return re.search(r"PCR 2 sha256: ([0-9a-f]{64})", out).group(1)


def rom_setting(rom, key):
    return subprocess.run([VIGIL, "rom", "get", rom, key], capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def machine(tmp_path):
    """A chip holding the running ROM (timeout 7), a stick with a signed and an unsigned ROM,
    and a config naming them and the keyring that holds the signer's key."""
    home = tempfile.mkdtemp(prefix="vigil-gpg.")
    gpg = ["gpg", "--homedir", home, "--batch", "--quiet"]
    subprocess.run(gpg + ["--passphrase", "", "--quick-gen-key", "Firmware <fw@vigil.invalid>",
                          "ed25519", "sign", "never"], check=True, capture_output=True)
    fpr = re.search(r"fpr:::::::::([0-9A-F]{40}):", subprocess.run(
        gpg + ["--with-colons", "--fingerprint"], check=True, capture_output=True,
        text=True).stdout).group(1)
    chip = make_rom(str(tmp_path / "chip.rom"), str(tmp_path), "old payload",
                    settings="timeout = 7\n")
    stick = tmp_path / "stick"
    stick.mkdir()
    new = make_rom(str(stick / "new.rom"), str(tmp_path), "new payload")
    subprocess.run(gpg + ["--detach-sign", "-o", new + ".sig", new], check=True)
    other = make_rom(str(stick / "other.rom"), str(tmp_path), "other payload")
    # A second owner key on the stick, to add.
    subprocess.run(gpg + ["--passphrase", "", "--quick-gen-key", "Second <second@vigil.invalid>",
                          "ed25519", "sign", "never"], check=True, capture_output=True)
    second = re.findall(r"fpr:::::::::([0-9A-F]{40}):", subprocess.run(
        gpg + ["--with-colons", "--fingerprint", "second@vigil.invalid"], check=True,
        capture_output=True, text=True).stdout)[0]
    (stick / "second.asc").write_bytes(subprocess.run(
        gpg + ["--armor", "--export", second], check=True, capture_output=True).stdout)
    config = tmp_path / "board.conf"
    config.write_text('flash = "dummy:emulate=W25Q128FV,image=%s"\nkeyring = "%s"\n'
                      'timeout = "-1"\n' % (chip, home))
    env = {"VIGIL_CBFSTOOL": cbfstool()}
    yield dict(chip=chip, new=new, other=other, fpr=fpr, env=env, second=second, home=home,
               args=("--boot-dir", FAKE_BOOT, "--boot-dir", str(stick), "--config", str(config)))
    subprocess.run(["gpgconf", "--homedir", home, "--kill", "all"], capture_output=True)
    shutil.rmtree(home, ignore_errors=True)


def test_plain_menu_writes_a_signed_rom_keeping_the_settings(lines, machine):
    chip = machine["chip"]
    before = predict(chip)
    m = lines("--plain", *machine["args"], env=machine["env"])
    m.expect(r"w\) update the firmware")
    m.expect("Choice: ")
    # Unsigned: its sha256 is shown, and anything but yes writes nothing.
    m.send("w\r")
    m.expect(r"1\) new\.rom on \S+stick \[signature beside it\]\r\n")
    m.expect(r"2\) other\.rom on \S+stick\r\n")
    m.expect(r"Which one\? ")
    m.send("2\r")
    m.expect(r"other\.rom has no signature by a key in the ROM\.\r\nIts sha256 is ([0-9a-f]{64})")
    with open(machine["other"], "rb") as f:
        assert m.match.group(1) == hashlib.sha256(f.read()).hexdigest()
    m.expect("Type yes to go on: ")
    m.send("y\r")  # not the word yes
    m.expect("Nothing was written.")
    m.expect("Choice: ")
    assert predict(chip) == before

    # Signed by the keyring's key: shown, confirmed, written; the chip keeps timeout 7.
    m.send("w\r")
    m.expect(r"Which one\? ")
    m.send("1\r")
    m.expect("Signed by: " + machine["fpr"], timeout=30)
    m.expect(r"Kept from this ROM: 1 files \(keys, settings\)")
    m.expect("PCR 2 after the update: " + predict(machine["new"]))
    m.expect("Type yes: ")
    m.send("yes\r")
    # The percentage follows flashrom's blocks, on one line rewritten in place.
    m.expect(r"\rwriting the flash +[1-8]\d%", timeout=60)
    m.expect(r"\rwriting the flash 100%\r\n", timeout=60)
    m.expect("The new firmware is written and verified", timeout=60)
    m.expect(r"Reboot now\? \(y/N\) ")
    m.send("n\r")
    m.expect("Choice: ")
    assert predict(chip) == predict(machine["new"]) != before
    assert rom_setting(chip, "timeout") == "7"


def test_plain_menu_refuses_a_rom_for_another_board(lines, machine, tmp_path):
    chip = machine["chip"]
    before = predict(chip)
    stick = os.path.dirname(machine["new"])
    os.unlink(machine["other"])
    foreign = make_rom(os.path.join(stick, "foreign.rom"), str(tmp_path), "payload",
                       part="Board 2")
    m = lines("--plain", *machine["args"], env=machine["env"])
    m.expect("Choice: ")
    m.send("w\r")
    m.expect(r"1\) foreign\.rom on ")
    m.expect(r"Which one\? ")
    m.send("1\r")
    m.expect("Type yes to go on: ")
    m.send("yes\r")
    m.expect(r"Not written: %s: the new ROM is for Test Board 2, but this machine is "
             r"Test Board 1" % re.escape(foreign), timeout=30)
    m.expect("Choice: ")
    assert predict(chip) == before


def test_ncurses_menu_writes_a_signed_rom(screen, machine):
    chip = machine["chip"]
    s = screen(*machine["args"], env=machine["env"])
    s.wait("Boot entries")
    s.keys(*["j"] * DOWNS_TO_FIRMWARE)
    s.keys("Enter")
    text = s.wait("1-9=choose", timeout=30)
    # Long paths wrap: the number, the name and the mark, each there.
    assert "1) new.rom on " in text and "[signature beside it]" in text, text
    s.keys("1")
    text = s.wait("PCR 7 after the update", timeout=30)
    assert "Signed by: " + machine["fpr"] in text
    assert "Kept from this ROM: 1 files" in text
    s.keys("x")
    s.wait("Write it to the flash now?")
    s.keys("y")
    text = s.wait("Reboot now?", timeout=60)
    assert "Writing the flash; do not power off..." in text and "] 100%" in text, text
    s.keys("n")
    s.wait("New firmware written and verified")
    assert predict(chip) == predict(machine["new"])
    assert rom_setting(chip, "timeout") == "7"


RECOVERY = "Advanced options>Debian GNU/Linux (recovery mode)"


def test_plain_menu_saves_the_default_in_the_flash(lines, machine):
    m = lines("--plain", *machine["args"], env=machine["env"])
    m.expect(r"d\) set the default: d2 for entry 2")
    m.expect("Choice: ")
    m.send("d3\r")
    m.expect("Default for this boot: " + re.escape(RECOVERY))
    m.expect(r"Save it in the flash for every boot too\? \(y/N\) ")
    m.send("y\r")
    m.expect(r"Default for every boot \(saved in the flash\): " + re.escape(RECOVERY),
             timeout=60)
    m.expect(r"3\) %s \(default\)" % re.escape(RECOVERY))
    assert rom_setting(machine["chip"], "default") == RECOVERY
    assert rom_setting(machine["chip"], "timeout") == "7"


def test_ncurses_menu_saves_the_default_in_the_flash(screen, machine):
    s = screen(*machine["args"], env=machine["env"])
    s.wait("Boot entries")
    s.keys("k", "d")  # the first entry
    s.wait("Save it in the flash for every boot too?")
    s.keys("y")
    s.wait("Default for every boot (saved in the flash): Debian GNU/Linux", timeout=60)
    assert rom_setting(machine["chip"], "default") == "Debian GNU/Linux"


@pytest.mark.parametrize("setting,marked", [(RECOVERY, 3), ("1", 1)])
def test_default_setting_picks_the_entry(lines, conf, setting, marked):
    m = lines("--plain", "--boot-dir", FAKE_BOOT, "--config", conf(default=setting))
    m.expect(r"%d\) [^\r\n]*\(default\)\r\n" % marked)


def test_default_setting_naming_no_entry_is_said(lines, conf):
    m = lines("--plain", "--boot-dir", FAKE_BOOT, "--config", conf(default="Windows"))
    m.expect("Note: the default setting 'Windows' names no boot entry: the OS's own default "
             "stands")
    m.expect(r"2\) Debian GNU/Linux \(fallback kernel\) \(default\)")


def rom_keys(rom):
    return subprocess.run([VIGIL, "rom", "key", "list", rom], capture_output=True,
                          text=True).stdout


def test_plain_menu_adds_and_removes_keys_in_the_flash(lines, machine):
    chip = machine["chip"]
    m = lines("--plain", *machine["args"], env=machine["env"])
    m.expect("Choice: ")
    m.send("k\r")
    m.expect(r"a\) add a key from a USB stick  r\) remove a key  Enter\) back: ")
    m.send("a\r")
    m.expect(r"1\) second\.asc on \S+stick\r\n")
    m.expect(r"Which one\? ")
    m.send("1\r")
    m.expect(r"1 new keys in the flash: they count from the next power-on\.", timeout=60)
    m.expect("Choice: ")
    assert machine["second"] in rom_keys(chip)
    assert rom_setting(chip, "timeout") == "7"

    # The running keyring lists the firmware key: removing it from a flash without it fails.
    m.send("k\r")
    m.expect(r"r\) remove a key")
    m.send("r\r")
    m.expect(r"1\) Firmware <fw@vigil\.invalid>  " + machine["fpr"])
    m.expect(r"Remove which key from the flash\? ")
    m.send("1\r")
    m.expect("No key removed: ", timeout=60)
    m.expect("Choice: ")
    assert machine["second"] in rom_keys(chip)


def test_ncurses_menu_adds_a_key_then_removes_it(screen, machine, tmp_path):
    chip = machine["chip"]
    # The flash holds the firmware key too, so that it can be removed.
    key = tmp_path / "fw.asc"
    key.write_bytes(subprocess.run(["gpg", "--homedir", machine["home"], "--armor", "--export",
                                    machine["fpr"]], check=True, capture_output=True).stdout)
    subprocess.run([VIGIL, "rom", "key", "add", chip, str(key)], check=True, capture_output=True,
                   env=dict(os.environ, **machine["env"]))
    s = screen(*machine["args"], env=machine["env"])
    s.wait("Boot entries")
    s.keys(*["j"] * (DOWNS_TO_FIRMWARE + 1))  # Manage keys
    s.keys("Enter")
    s.wait("a=add")
    s.keys("a")
    text = s.wait("1-9=choose", timeout=30)
    assert "1) second.asc on " in text, text
    s.keys("1")
    s.wait("Add the keys in second.asc")
    s.keys("y")
    s.wait("1 new keys in the flash", timeout=60)
    assert machine["second"] in rom_keys(chip)

    s.keys("Enter")
    s.wait("a=add")
    s.keys("r")
    s.wait("Remove which key from the flash?")
    s.keys("1")
    s.wait("from the flash? (y/N)")
    s.keys("y")
    s.wait("Removed from the flash: it counts from the next power-on", timeout=60)
    listing = rom_keys(chip)
    assert machine["fpr"] not in listing and machine["second"] in listing


def test_plain_menu_seals_totp_for_the_new_firmware(lines, machine, swtpm, tmp_path):
    """After the write, a new TOTP secret sealed to the PCR 2 and PCR 7 the flash will
    produce: the TPM names only PCR 7 once PCR 2 holds the new ROM's measurements, and
    PCR 7 is sealed at the value vigil rom list predicts for the flash."""
    tcti = swtpm
    env = dict(machine["env"], **tpm_env(tcti, tmp_path))
    m = lines("--plain", *machine["args"], env=env)
    m.expect("Choice: ", timeout=30)
    m.send("w\r")
    m.expect(r"Which one\? ")
    m.send("1\r")
    m.expect("Type yes: ", timeout=30)
    m.send("yes\r")
    m.expect("The new firmware is written and verified", timeout=60)
    m.expect(r"enrol your phone before the restart\? \(y/N\) ")
    m.send("y\r")
    m.expect(r"Or type the secret \(base32\): ([A-Z2-7 ]+)\r\n", timeout=60)
    m.expect("Press Enter once it is enrolled")
    m.send("\r")
    m.expect("The code shows from the next power-on.")
    m.expect(r"Reboot now\? \(y/N\) ")
    m.send("n\r")
    m.expect("TOTP: unknown: sealed for the firmware in the flash: the code shows from the "
             "next power-on")
    m.expect("Choice: ")

    # The TPM, given the new ROM's PCR 2, names PCR 7 only; sealed at the flash's PCR 7.
    verbose = subprocess.run([VIGIL, "pcr", "predict", "--verbose", machine["new"]], check=True,
                             capture_output=True, text=True).stdout
    for digest in re.findall(r"^([0-9a-f]{64}) ", verbose, re.M):
        pcr_extend(tcti, 2, digest)
    show = subprocess.run([VIGIL, "totp", "show"], capture_output=True, text=True,
                          env=dict(os.environ, **env))
    assert "PCR  2 differs" not in show.stderr, show.stderr
    sealed7 = re.search(r"PCR  7 differs.*?sealed ([0-9a-f]{64})", show.stderr, re.S)
    assert sealed7, show.stderr
    listing = subprocess.run([VIGIL, "rom", "list", machine["chip"]], check=True,
                             capture_output=True, text=True, env=dict(os.environ, **env)).stdout
    assert re.search(r"PCR 7 sha256: ([0-9a-f]{64})", listing).group(1) == sealed7.group(1)


def test_ncurses_menu_seals_totp_for_the_new_firmware(screen, machine, swtpm, tmp_path):
    s = screen(*machine["args"], env=dict(machine["env"], **tpm_env(swtpm, tmp_path)))
    s.wait("Boot entries")
    s.keys(*["j"] * DOWNS_TO_FIRMWARE)
    s.keys("Enter")
    s.wait("1-9=choose", timeout=30)
    s.keys("1")
    s.wait("PCR 7 after the update", timeout=30)
    s.keys("x")
    s.wait("Write it to the flash now?")
    s.keys("y")
    s.wait("Seal a new TOTP secret for what the flash now holds", timeout=60)
    s.keys("y")
    text = s.wait("Enrol the new TOTP secret", timeout=60)
    assert BASE32_GROUPS.search(text), text
    s.keys("Enter")
    s.wait("Reboot now?")
    s.keys("n")
    text = s.wait("New firmware written and verified")
    assert "sealed for the firmware in the flash" in text, text


def test_saved_default_offers_totp_for_the_flash(lines, machine, swtpm, tmp_path):
    """Saving the default changes PCR 7 at the next start: the code can be ready for it."""
    m = lines("--plain", *machine["args"], env=dict(machine["env"], **tpm_env(swtpm, tmp_path)))
    m.expect("Choice: ", timeout=30)
    m.send("d1\r")
    m.expect(r"Save it in the flash for every boot too\? \(y/N\) ")
    m.send("y\r")
    m.expect(r"Default for every boot \(saved in the flash\): Debian GNU/Linux\r\n", timeout=60)
    m.expect(r"Seal a new TOTP secret for what the flash now holds, to enrol your phone before "
             r"the restart\? \(y/N\) ")
    m.send("y\r")
    m.expect(r"Or type the secret \(base32\): ([A-Z2-7 ]+)\r\n", timeout=60)
    m.expect("Press Enter once it is enrolled")
    m.send("\r")
    m.expect("The code shows from the next power-on.")
    m.expect("TOTP: unknown: sealed for the firmware in the flash")


def test_wizard_puts_the_key_into_the_flash_and_seals_totp_for_it(lines, machine, swtpm,
                                                                 tmp_path):
    """The OEM wizard's key step: the key file from the stick into the flash (and trusted for
    this start), then the TOTP step seals for the flash's next start, not for now."""
    m = lines("--plain", *machine["args"], env=dict(machine["env"], **tpm_env(swtpm, tmp_path)))
    m.expect("Choice: ", timeout=30)
    m.send("f\r")
    m.expect(r"3\) \[to do\] Put the owner's key into the flash")
    m.expect(r"Step 1: Reset the TPM")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("n\r")
    m.expect(r"Step 2: Reset the OpenPGP card")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("n\r")
    m.expect(r"Step 3: Put the owner's key into the flash\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("y\r")
    m.expect(r"Which key goes into the flash\?\r\n  1\) a new key, made now in memory")
    m.expect(r"  2\) second\.asc on ")
    m.expect(r"Number \(empty cancels\): ")
    m.send("2\r")
    m.expect(r"Done: 1 new keys in the flash, from second\.asc on ", timeout=60)
    assert machine["second"] in rom_keys(machine["chip"])
    # Trusted for the rest of this start: the running keyring has it too.
    keyring = subprocess.run(["gpg", "--homedir", machine["home"], "--with-colons",
                              "--fingerprint"], capture_output=True, text=True).stdout
    assert machine["second"] in keyring
    m.expect(r"Step 4: Sign /boot\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("n\r")
    m.expect(r"Step 5: Seal a TOTP secret and enrol your phone\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("y\r")
    m.expect("Press Enter once it is enrolled", timeout=60)
    m.send("\r")
    m.expect("Done: TOTP secret sealed to PCRs 0,1,2,3,4,7 for the flash's next start")
    m.expect(r"Step 6: Choose the default boot entry\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("n\r")
    m.expect("End of the OEM factory reset.")
    m.expect("TOTP: unknown: sealed for the firmware in the flash")


def test_restricted_machine_keeps_its_keys(lines, machine, tmp_path):
    config = machine["args"][-1]
    with open(config, "a") as f:
        f.write('restricted = "yes"\n')
    m = lines("--plain", *machine["args"], env=machine["env"])
    m.expect("Choice: ", timeout=30)
    m.send("k\r")
    m.expect(r"This machine is restricted \(restricted = yes\): its keys change only in a ROM "
             r"file written from another machine")
    i = m.expect([r"a\) add a key", "Choice: "], timeout=30)
    assert i == 1, "a restricted machine offered to add keys"
    assert machine["second"] not in rom_keys(machine["chip"])


def test_wizard_makes_a_key_backs_it_up_and_puts_it_into_the_flash(lines, machine, tmp_path):
    """A new key made in memory: its backup written to the stick and checked, its public half
    in the flash, and the signing step offered with it."""
    stick = os.path.dirname(machine["new"])
    env = dict(machine["env"], VIGIL_KEY_HOME_BASE="/dev/shm")
    m = lines("--plain", *machine["args"], env=env)
    m.expect("Choice: ", timeout=30)
    m.send("f\r")
    m.expect(r"Step 2: Reset the OpenPGP card")  # the TPM: none here, so the card step
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("n\r")
    m.expect(r"Step 3: Put the owner's key into the flash\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("y\r")
    m.expect(r"1\) a new key, made now in memory")
    m.expect(r"Number \(empty cancels\): ")
    m.send("1\r")
    m.expect(r"A suggestion \(77 bits; take it or type your own\):\r\n([a-z -]+)\r\n")
    passphrase = m.match.group(1)
    m.expect("Passphrase for the new key: ")
    m.send(passphrase + "\r")
    m.expect("Repeat it: ")
    m.send(passphrase + "\r")
    m.expect(r"Where does the key's backup go \(a USB stick kept apart\)\?\r\n", timeout=120)
    m.expect(r"  (\d)\) %s\r\n" % re.escape(stick))
    number = m.match.group(1)
    m.expect(r"Number \(empty cancels\): ")
    m.send(number + "\r")
    m.expect(r"Done: New key ([0-9A-F]{40}) in the flash; its backup is (\S+)\r\n", timeout=120)
    fpr, backup = m.match.group(1), m.match.group(2)
    assert backup == os.path.join(stick, fpr + "-secret.asc")
    for part in ("secret", "public", "revocation"):
        assert os.path.exists(os.path.join(stick, "%s-%s.asc" % (fpr, part)))
    assert fpr in rom_keys(machine["chip"])
    # The backup restores with the passphrase, in a home of the test's own.
    home = tempfile.mkdtemp(prefix="vigil-restore.")
    subprocess.run(["gpg", "--homedir", home, "--batch", "--pinentry-mode", "loopback",
                    "--passphrase", passphrase, "--import", backup], check=True,
                   capture_output=True)
    listing = subprocess.run(["gpg", "--homedir", home, "--with-colons", "-K"],
                             capture_output=True, text=True).stdout
    subprocess.run(["gpgconf", "--homedir", home, "--kill", "all"], capture_output=True)
    shutil.rmtree(home, ignore_errors=True)
    assert fpr in listing
    # Signing /boot is offered next, with the new key.
    m.expect(r"Step 4: Sign /boot\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("n\r")
