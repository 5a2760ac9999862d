"""`vigil boot` applies the menus' policy: keys in the ROM mean verify or refuse."""
import os
import shutil
import subprocess
import tempfile

import pytest

from conftest import FAKE_BOOT, VIGIL, menu_env


@pytest.fixture(scope="module")
def keyring():
    home = tempfile.mkdtemp(prefix="vigil-boot-keys.")
    subprocess.run(["gpg", "--homedir", home, "--batch", "--passphrase", "", "--quick-gen-key",
                    "Boot Test <boot@vigil.invalid>", "ed25519", "sign", "never"],
                   check=True, capture_output=True)
    yield home
    subprocess.run(["gpgconf", "--homedir", home, "--kill", "all"], capture_output=True)
    shutil.rmtree(home, ignore_errors=True)


def boot(tmp_path, settings, *args):
    conf = tmp_path / "settings.conf"
    conf.write_text(settings)
    return subprocess.run([VIGIL, "boot", "--dry-run", "--config", str(conf)] + list(args) +
                          [FAKE_BOOT], capture_output=True, text=True, env=menu_env("dumb", False))


def test_no_keys_boots_and_says_so(tmp_path):
    r = boot(tmp_path, "")
    assert r.returncode == 0, r.stderr
    assert "not verified: no keys in the ROM" in r.stdout


def test_keys_refuse_an_unsigned_partition(tmp_path, keyring):
    r = boot(tmp_path, "keyring = %s\n" % keyring)
    assert r.returncode == 1
    assert "refused: no manifest" in r.stderr


def test_unverified_is_measured_or_forbidden(tmp_path, keyring):
    r = boot(tmp_path, "keyring = %s\n" % keyring, "--unverified")
    assert r.returncode == 0, r.stderr
    assert "booting unverified" in r.stdout
    r = boot(tmp_path, "keyring = %s\nrestricted = yes\n" % keyring, "--unverified")
    assert r.returncode == 1
    assert "restricted = yes" in r.stderr
