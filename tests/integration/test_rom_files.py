"""Keys and settings put into a ROM file on the host are measured into PCR 7 at boot.

coreboot does not measure raw CBFS files, so vigil init does: the list of the
ROM's vigil/ files, then each file. The value the guest's TPM ends with must
be the one `vigil rom list` predicts on the host, the event log must replay to
the TPM, and the keys must form the keyring the verification uses.
"""
import hashlib
import os
import re
import shutil
import subprocess
import tempfile

import pytest

from conftest import ROM, host_vigil

CBFSTOOL = os.path.join(os.path.dirname(ROM), "cbfstool")
# With keys in the ROM the recovery shell asks for this passphrase.
RECOVERY_PASSPHRASE = "correct horse battery staple"


def scrypt_setting(passphrase):
    """The recovery_passphrase value, made by Python's scrypt (not vigil's), at the lowest cost
    vigil accepts: the guest runs under TCG, where the default cost would take seconds."""
    salt = os.urandom(16)
    key = hashlib.scrypt(passphrase.encode(), salt=salt, n=16384, r=8, p=1, dklen=32)
    return "$vigil-scrypt$N=16384,r=8,p=1$%s$%s" % (salt.hex(), key.hex())


@pytest.fixture
def rom_with_key(tmp_path):
    home = tempfile.mkdtemp(prefix="vigil-gpg.")
    try:
        subprocess.run(["gpg", "--homedir", home, "--batch", "--passphrase", "",
                        "--quick-gen-key", "Vigil Test <test@vigil.invalid>", "ed25519",
                        "sign", "never"], check=True, capture_output=True)
        key = tmp_path / "key.asc"
        key.write_bytes(subprocess.run(["gpg", "--homedir", home, "--armor", "--export"],
                                       check=True, capture_output=True).stdout)
        fpr = re.search(r"fpr:::::::::([0-9A-F]{40}):", subprocess.run(
            ["gpg", "--homedir", home, "--with-colons", "--fingerprint"],
            check=True, capture_output=True, text=True).stdout).group(1)
    finally:
        subprocess.run(["gpgconf", "--homedir", home, "--kill", "all"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)
    rom = str(tmp_path / "keyed.rom")
    shutil.copy(ROM, rom)
    host_vigil("rom", "--cbfstool", CBFSTOOL, "key", "add", rom, str(key))
    host_vigil("rom", "--cbfstool", CBFSTOOL, "set", rom, "timeout=7",
               "recovery_passphrase=" + scrypt_setting(RECOVERY_PASSPHRASE))
    return rom, fpr


def test_rom_files_measured_into_pcr7(boot, rom_with_key):
    rom, fpr = rom_with_key
    listing = host_vigil("rom", "list", rom)
    pcr7 = re.search(r"PCR 7 sha256: ([0-9a-f]{64})", listing).group(1)
    pcr2 = re.search(r"PCR 2 sha256: ([0-9a-f]{64})", listing).group(1)
    # Keys and settings do not change what coreboot measures.
    assert pcr2 == re.search(r"PCR 2 sha256: ([0-9a-f]{64})",
                             host_vigil("pcr", "predict", ROM)).group(1)

    vm = boot(rom=rom)
    vm.expect(r"2 ROM files measured into PCR 7")
    vm.wait_menu()
    vm.enter_shell(passphrase=RECOVERY_PASSPHRASE)
    out = vm.run("vigil pcr read 2 7")
    assert re.search(r"PCR 2 sha256: ([0-9a-f]{64})", out).group(1) == pcr2
    assert re.search(r"PCR 7 sha256: ([0-9a-f]{64})", out).group(1) == pcr7
    log = vm.run("vigil pcr log")
    assert "vigil ROM files: vigil/keys.asc vigil/settings" in log
    check = vm.run("vigil pcr check; echo rc=$?")
    assert "rc=0" in check, check
    keys = vm.run("gpg --homedir /run/vigil/gnupg --with-colons --fingerprint")
    assert fpr in keys
    settings = vm.run("cat /run/vigil/settings.conf")
    assert re.search(r'timeout = "?7"?', settings), settings
