"""The ncurses menu, headless and plain modes on an 80x24 pty (tests/ui/conftest.py)."""
import hashlib
import os
import subprocess
import time

import pytest

from conftest import DEFAULT_ENTRY, FAKE_BOOT, TEST_CONF, TOP

BASE = ("--boot-dir", FAKE_BOOT, "--config", TEST_CONF)
TERMS = [("xterm", True), ("vt100", False)]


# Items: 3 entries, then the actions; the default entry (index 1) is selected at start.
# Moves use j/k: Home/End are sent as tmux's own sequences, which TERM=xterm/vt100 do not know.
DOWNS_TO = {"Sign /boot": 4, "Recovery shell": 13, "Reboot": 14}


def down(s, n):
    s.keys(*["j"] * n)


def cancel_countdown(s):
    s.wait("press any key to stop")
    s.keys("Space")  # bound to nothing: only stops the countdown
    s.wait("Automatic boot stopped")


@pytest.mark.parametrize("term,utf8", TERMS)
def test_header_entries_and_actions(screen, term, utf8):
    s = screen(*BASE, term=term, utf8=utf8)
    text = s.wait("Boot entries")
    assert "vigil 0.1.0 boot menu" in text or "boot menu" in text
    # States in words, for monochrome terminals.
    assert "Firmware  [unknown] TPM not available" in text
    assert "TOTP      [unknown]" in text
    assert "HOTP      [unknown]" in text
    assert "* " + DEFAULT_ENTRY in text
    assert "  Debian GNU/Linux\n" in text or "  Debian GNU/Linux " in text
    assert "Boot the default entry (%s)" % DEFAULT_ENTRY in text
    assert "Booting %s in " % DEFAULT_ENTRY in text
    assert "h=help" in text.splitlines()[-1]


@pytest.mark.parametrize("term,utf8", TERMS)
def test_clock_refreshes(screen, term, utf8):
    s = screen(*BASE, term=term, utf8=utf8)
    first = s.wait("Boot entries").splitlines()[0]
    time.sleep(1.3)
    assert s.text().splitlines()[0] != first


def test_any_key_cancels_the_timeout(screen):
    s = screen(*BASE)
    cancel_countdown(s)
    time.sleep(5.5)  # test.conf: timeout = 5
    text = s.text()
    assert "kexec plan" not in text and "Boot entries" in text


def test_timeout_boots_the_default(screen):
    s = screen(*BASE)
    s.wait("in 5 s")
    text = s.wait("Boot failed", timeout=8)
    # The fake kexec refuses to jump: its words come back, and so does the menu.
    text = s.wait("exited with status 1")
    assert "Entry:        " + DEFAULT_ENTRY in text
    assert "vmlinuz-6.1.0-25-amd64" in text
    assert "not verified: no keys in the ROM" in text
    assert "u=boot unverified" not in text  # offered only after a refused verification
    s.keys("x")
    s.wait("Boot entries")
    assert "press any key to stop" not in s.text()


@pytest.mark.parametrize("term,utf8", TERMS)
def test_walk_every_screen_and_back(screen, term, utf8):
    s = screen(*BASE, term=term, utf8=utf8)
    cancel_countdown(s)
    # Preview of the default (selected at start), then back.
    s.keys("Enter")
    text = s.wait("Boot entry")
    assert "Verification: none: no keys in the ROM" in text
    assert "u=boot unverified" in text
    assert "initrd      " in text and "cmdline     root=UUID=" in text
    s.keys("h")
    s.wait("Help: a boot entry")
    s.keys("x")
    s.wait("Verification: none: no keys in the ROM")
    s.keys("x")
    s.wait("Boot entries")
    # Edit the command line for one boot.
    s.keys("e")
    s.wait("Kernel command line for this boot only")
    s.type(" single")
    s.keys("Enter")
    s.wait("Boot failed")
    text = s.wait("exited with status 1")
    assert "edited for this boot only: UNVERIFIED" in text
    assert "UNVERIFIED boot of" in text
    assert "ro quiet single" in text
    s.keys("q")
    s.wait("Boot entries")
    # Edit and cancel.
    s.keys("e")
    s.wait("Kernel command line")
    s.keys("C-x")
    s.wait("Boot entries")
    # Integrity details and their help.
    s.keys("i")
    s.wait("Integrity details")
    s.keys("h")
    s.wait("Help: integrity details")
    s.keys("x")
    s.wait("Integrity details")
    s.keys("r")
    s.wait("No PCR 2 value to show")
    s.keys("x")
    s.wait("Boot entries")
    # Main help.
    s.keys("h")
    s.wait("Help: the boot menu")
    s.keys("q")
    s.wait("Boot entries")
    # A disabled action says why, and does nothing.
    s.keys("Down", "Down", "Up", "Up")  # arrows work too
    down(s, DOWNS_TO["Sign /boot"])  # no keyring in this config
    s.wait("Not available: no keys in the ROM")
    s.keys("Enter")
    s.wait("no keys in the ROM")
    # Reboot asks first; no is no.
    down(s, DOWNS_TO["Reboot"] - DOWNS_TO["Sign /boot"])
    s.keys("Enter")
    s.wait("Reboot now?")
    s.keys("n")
    s.wait_gone("Reboot now?")


def test_set_default_for_this_boot(screen):
    s = screen(*BASE)
    cancel_countdown(s)
    s.keys("k")
    s.keys("d")
    s.wait("Save it in the flash for every boot too?")
    s.keys("n")
    text = s.wait("Default for this boot: Debian GNU/Linux")
    assert "* Debian GNU/Linux\n" in text or "* Debian GNU/Linux " in text
    assert "Boot the default entry (Debian GNU/Linux)" in text


def recovery_passphrase(passphrase, n=16384, p=1):
    """The recovery_passphrase setting, made by Python's own scrypt (OpenSSL's), not vigil's."""
    salt = os.urandom(16)
    key = hashlib.scrypt(passphrase.encode(), salt=salt, n=n, r=8, p=p, dklen=32)
    return "$vigil-scrypt$N=%d,r=8,p=%d$%s$%s" % (n, p, salt.hex(), key.hex())


CARD_PIN = "123456"


@pytest.fixture
def card_keyring(tmp_path):
    """A GnuPG home standing in for the ROM keyring with the owner's card: the signing key
    is a software key protected by CARD_PIN, so gpg-agent finds it there instead of on a
    card. No cached passphrase: every signing needs the PIN."""
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    (home / "gpg-agent.conf").write_text("default-cache-ttl 0\nmax-cache-ttl 0\n"
                                         "allow-loopback-pinentry\n")
    subprocess.run(["gpg", "--homedir", str(home), "--batch", "--pinentry-mode", "loopback",
                    "--passphrase", CARD_PIN, "--quick-gen-key", "Owner <owner@vigil.test>",
                    "ed25519", "sign", "never"], check=True, capture_output=True)
    yield str(home)
    subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "all"], capture_output=True)


def open_recovery(s):
    s.wait("Boot entries")
    down(s, DOWNS_TO["Recovery shell"])
    s.keys("Enter")


def use_the_shell_and_leave(s):
    s.wait("Recovery shell: type 'exit'")
    s.type("echo shell-$((40+2))")
    s.keys("Enter")
    s.wait("shell-42")
    s.type("exit")
    s.keys("Enter")
    return s.wait("Boot entries")


def test_recovery_gate_wrong_then_right(screen, conf):
    cfg = conf(timeout="-1", keyring="/nonexistent/keys",
               recovery_passphrase=recovery_passphrase("correct horse"))
    s = screen("--boot-dir", FAKE_BOOT, "--config", cfg)
    open_recovery(s)
    text = s.wait("Recovery passphrase:")
    assert "OpenPGP card" not in text  # no keyring there: no card to check
    s.type("wrong horse")
    assert "wrong horse" not in s.text()  # not echoed
    s.keys("Enter")
    s.wait("wrong passphrase")
    s.type("correct horse")
    s.keys("Enter")
    text = use_the_shell_and_leave(s)
    # No TPM here: the shell opens, and the menu says PCR 4 could not record it.
    assert "cannot record boot mode 'recovery' in PCR 4" in text


def test_recovery_card_signs_a_fresh_challenge(screen, conf, card_keyring):
    cfg = conf(timeout="-1", keyring=card_keyring,
               recovery_passphrase=recovery_passphrase("correct horse"))
    s = screen("--boot-dir", FAKE_BOOT, "--config", cfg)
    open_recovery(s)
    s.wait("Press Enter with nothing typed to use the owner's OpenPGP card instead.")
    s.keys("Enter")
    s.wait("Insert the owner's OpenPGP card")
    s.wait("Card PIN:")
    s.type("654321")
    s.keys("Enter")
    s.wait("the PIN was not accepted", timeout=20)
    # Back at the first way in: the passphrase, with the card on offer again.
    s.wait("Recovery passphrase:")
    s.keys("Enter")
    s.wait("Card PIN:")
    s.type(CARD_PIN)
    assert CARD_PIN not in s.text()
    s.keys("Enter")
    s.wait("Recovery shell: type 'exit'", timeout=20)
    use_the_shell_and_leave(s)


def test_recovery_card_alone_in_the_plain_menu(lines, conf, card_keyring):
    m = lines("--plain", "--boot-dir", FAKE_BOOT, "--config", conf(keyring=card_keyring))
    m.expect("Choice: ")
    m.send("s\r")
    m.expect("Insert the owner's OpenPGP card: it signs a fresh challenge.")
    m.expect("Card PIN: ")
    m.send(CARD_PIN + "\r")
    m.expect("Recovery shell: type 'exit'", timeout=20)
    m.send("exit\r")
    m.expect("Choice: ")


def test_recovery_refused_when_nothing_can_authenticate(lines, conf):
    m = lines("--plain", "--boot-dir", FAKE_BOOT, "--config", conf(keyring="/nonexistent/keys"))
    m.expect("Choice: ")
    m.send("s\r")
    m.expect("Recovery shell refused: the keyring /nonexistent/keys does not exist and no "
             "recovery_passphrase is set: nothing can authenticate the owner")
    m.expect("Choice: ")


def test_bad_recovery_passphrase_setting_is_named(lines, conf):
    m = lines("--plain", "--boot-dir", FAKE_BOOT, "--config",
              conf(recovery_passphrase="$vigil-scrypt$N=16384,r=8,p=1$00$00"))
    m.expect("settings not used: .*key 'recovery_passphrase': the salt is not 32 lower-case "
             "hex digits")
    m.expect("Choice: ")


def test_recovery_without_keys_opens_directly(screen):
    s = screen(*BASE)
    cancel_countdown(s)
    down(s, DOWNS_TO["Recovery shell"])
    s.keys("Enter")
    s.wait("Recovery shell: type 'exit'")
    s.type("exit")
    s.keys("Enter")
    s.wait("Boot entries")


def test_bad_theme_is_named_and_default_used(screen, conf):
    s = screen("--boot-dir", FAKE_BOOT, "--config", conf(theme="/nonexistent/x.theme"))
    text = s.wait("Boot entries")
    assert "theme /nonexistent/x.theme: No such file or directory; using the default theme" in text


def test_high_contrast_theme_loads(screen, conf):
    s = screen("--boot-dir", FAKE_BOOT, "--config",
               conf(theme=TOP + "/themes/high-contrast.theme"))
    text = s.wait("Boot entries")
    assert "theme" not in text.splitlines()[-2]


def test_wide_terminal_puts_actions_beside_entries(screen):
    s = screen(*BASE, rows=60, cols=200)
    text = s.wait("Boot entries")
    row = [line for line in text.splitlines() if line.startswith("Boot entries")][0]
    assert "Actions" in row


def test_resize_redraws(screen):
    s = screen(*BASE)
    cancel_countdown(s)
    s.tmux("resize-window", "-t", "menu", "-x", "160", "-y", "40")
    s.wait("Actions")
    time.sleep(0.5)
    row = [line for line in s.text().splitlines() if line.startswith("Boot entries")][0]
    assert "Actions" in row


def test_headless_counts_down_and_key_opens_plain_menu(lines):
    m = lines("--headless", *BASE)
    m.expect("TPM: not available")
    m.expect("TOTP: unknown: needs a TPM")
    m.expect("Default entry: " + DEFAULT_ENTRY.replace("(", r"\(").replace(")", r"\)"))
    m.expect(r"booting Debian GNU/Linux \(fallback kernel\) in 5 s, press any key for the menu")
    m.expect(r"in 4 s")
    m.send("x")
    m.expect("Choice: ")
    m.send("2\r")
    m.expect("not verified: no keys in the ROM")
    m.expect("boot mode: normal")
    m.expect("kexec exited with status 1: fake kexec")
    m.expect("Nothing was booted.")
    m.expect("Choice: ")
    m.send("u1\r")
    m.expect(r"UNVERIFIED boot of 'Debian GNU/Linux'")
    m.expect("boot mode: unverified")
    m.expect("Choice: ")


def test_headless_boots_default_after_timeout(lines, conf):
    m = lines("--headless", "--boot-dir", FAKE_BOOT, "--config", conf(timeout="1"))
    m.expect("in 1 s")
    m.expect(r"Entry: +Debian GNU/Linux \(fallback kernel\)")
    m.expect("not verified: no keys in the ROM")
    m.expect("kexec exited with status 1: fake kexec")
    m.expect("Press any key for the menu.")
    m.send("x")
    m.expect("Choice: ")


def test_plain_menu_keeps_its_lines(lines):
    m = lines("--plain", *BASE)
    m.expect(r"vigil \S+ boot menu")
    m.expect(r"TPM: not available \(")
    m.expect(r"2\) Debian GNU/Linux \(fallback kernel\) \(default\)")
    m.expect("Choice: ")


def test_dumb_terminal_gets_the_plain_menu(lines):
    m = lines(*BASE, term="dumb")
    m.expect("Choice: ")


def test_keys_refuse_an_unsigned_partition_and_u_boots_it_anyway(lines, conf, tmp_path):
    # A keyring named in the config: every boot is verified first, and fails closed.
    m = lines("--plain", "--boot-dir", FAKE_BOOT, "--config",
              conf(keyring=str(tmp_path / "no-keys")))
    m.expect(r"u\) boot unverified")
    m.expect("Choice: ")
    m.send("b\r")
    m.expect("Verification: against the ROM keys, before booting")
    m.expect("Verifying .* against the ROM keys")
    m.expect(r"boot refused: no manifest: vigil/manifest is missing")
    m.expect("To boot it anyway, unverified: u2")
    m.expect("Choice: ")
    m.send("u2\r")
    m.expect("UNVERIFIED boot of")
    m.expect("boot mode: unverified")
    m.expect("kexec exited with status 1: fake kexec")
    m.expect("Choice: ")


def test_restricted_hides_and_refuses_unverified_boots(lines, conf, tmp_path):
    m = lines("--plain", "--boot-dir", FAKE_BOOT, "--config",
              conf(keyring=str(tmp_path / "no-keys"), restricted="yes"))
    m.expect(r"b\) boot the default entry")
    m.expect("Choice: ")
    assert "boot unverified" not in m.before
    m.send("b\r")
    m.expect("boot refused: no manifest")
    m.expect("Nothing was booted.")
    m.expect("Choice: ")
    m.send("u\r")
    m.expect(r"Unverified boots are not allowed here \(restricted = yes\)")
