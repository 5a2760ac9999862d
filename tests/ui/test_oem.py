"""The OEM factory-reset wizard on a pty (no QEMU): a swtpm that already has an owner is
cleared and taken over, /boot is signed with the owner's key (the new owner passphrase is
not asked again), a TOTP secret is sealed and enrolled, the default entry chosen; a wrong
step is retried on its own."""
import re

from test_actions import (BASE32_GROUPS, HEADER_CODE, PASSPHRASE, boot_copy,  # noqa: F401
                          cancel_countdown, down, oathtool_codes, owner_keyring, swtpm,
                          take_ownership, tpm_env, verify)

DOWNS_TO_WIZARD = 11  # from the default entry: 3 entries, then the actions in actions.h order
NEW_OWNER = "correct horse battery"


def tpm_status(tcti):
    import os
    import subprocess
    from conftest import VIGIL
    return subprocess.run([VIGIL, "tpm", "status"], env=dict(os.environ, VIGIL_TCTI=tcti),
                          capture_output=True, text=True).stdout


def test_plain_wizard_walks_every_step(lines, conf, owner_keyring, boot_copy, swtpm,
                                       tmp_path):
    old = take_ownership(swtpm, "factory owner")
    m = lines("--plain", "--boot-dir", boot_copy, "--config", conf(keyring=owner_keyring),
              env=tpm_env(swtpm, tmp_path))
    m.expect("f\\) OEM factory reset")
    m.expect("Choice: ")
    m.send("f\r")
    m.expect("the steps that can run on this machine:")
    m.expect(r"1\) \[to do\] Reset the TPM and take ownership")
    m.expect(r"Step 1: Reset the TPM and take ownership\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("y\r")
    # Passphrases that differ fail before anything changes: the old owner still holds.
    m.expect(r"Clear the TPM\?.*\(y/N\) ")
    m.send("y\r")
    m.expect("Current TPM owner \\(lockout\\) passphrase: ")
    m.send(old + "\r")
    m.expect(r"A suggestion \(77 bits; take it or type your own\):\r\n([a-z -]+)\r\n")
    assert len(m.match.group(1).split()) == 6
    m.expect("New TPM owner passphrase: ")
    m.send(NEW_OWNER + "\r")
    m.expect("Repeat it: ")
    m.send("something else\r")
    m.expect("Failed: the two passphrases differ")
    assert "The TPM has an owner passphrase." in tpm_status(swtpm)  # not cleared
    m.expect(r"Try this step again\? \(y/N: go on\) ")
    m.send("y\r")
    m.expect(r"Clear the TPM\?.*\(y/N\) ")
    m.send("y\r")
    m.expect("Current TPM owner \\(lockout\\) passphrase: ")
    m.send(old + "\r")
    m.expect("New TPM owner passphrase: ")
    m.send(NEW_OWNER + "\r")
    m.expect("Repeat it: ")
    m.send(NEW_OWNER + "\r")
    m.expect("Clearing the TPM...")
    m.expect("Done: TPM cleared; it has a new owner passphrase", timeout=30)

    # No OpenPGP card here, and the owner's key is in the ROM keyring already.
    m.expect(r"Step 2: Reset the OpenPGP card and set its PINs\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("n\r")
    m.expect(r"Step 3: Put the owner's key into the flash\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("n\r")

    m.expect(r"Step 4: Sign /boot\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("y\r")
    # The rollback counter needs the owner: the wizard already has the new passphrase.
    i = m.expect([r"PIN or passphrase \(empty cancels\): ", "TPM owner passphrase: "],
                 timeout=30)
    assert i == 0, "the wizard asked again for the owner passphrase it had just set"
    m.send(PASSPHRASE + "\r")
    m.expect(r"Rollback counter: (\d+) \(TPM NV index 0x0100564c, created by this signing\)",
             timeout=30)
    m.expect("Done: Signed %s" % re.escape(boot_copy))
    assert verify(owner_keyring, boot_copy).returncode == 0

    m.expect(r"Step 5: Seal a TOTP secret and enrol your phone\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("y\r")
    m.expect(r"otpauth://totp/vigil\?secret=([A-Z2-7]+)", timeout=30)
    secret = m.match.group(1)
    m.expect("Press Enter once it is enrolled")
    m.send("\r")
    m.expect("Done: TOTP secret sealed to PCRs 0,1,2,3,4,7")

    m.expect(r"Step 6: Choose the default boot entry\r\n")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("y\r")
    m.expect(r"Which entry boots by default\?\r\n  1\) ([^\r\n]*)\r\n  2\) ([^\r\n]*)\r\n")
    second = m.match.group(2)
    m.expect(r"Number \(empty cancels\): ")
    m.send("2\r")
    m.expect("Done: Default for this boot: %s" % re.escape(second))
    for n in (1, 4, 5, 6):
        m.expect(r"%d\) \[done\]" % n)
    m.expect("End of the OEM factory reset.")
    # Back in the menu: the header's code is the enrolled secret's, the new default is marked.
    m.expect(r"TOTP: (\d{6}) \(")
    assert m.match.group(1) in oathtool_codes(secret)
    m.expect(r"2\) %s \(default\)" % re.escape(second))
    m.expect("Choice: ")


def test_wizard_in_ncurses_takes_a_fresh_tpm(screen, conf, owner_keyring, boot_copy, swtpm,
                                            tmp_path):
    s = screen("--boot-dir", boot_copy, "--config", conf(timeout="-1", keyring=owner_keyring),
               env=tpm_env(swtpm, tmp_path))
    s.wait("Boot entries")
    down(s, DOWNS_TO_WIZARD)
    s.keys("Enter")
    text = s.wait("OEM factory reset")
    assert "[to do]  1. Reset the TPM and take ownership" in text
    assert "until the new passphrase has been typed twice." in text
    s.keys("Enter")
    s.wait("Clear the TPM?")
    s.keys("n")
    text = s.wait("cancelled, nothing was changed")
    s.keys("Enter")
    s.wait("Clear the TPM?")
    s.keys("y")
    # A suggestion from the EFF word list: six words, as text and a QR code.
    text = s.wait("Suggested passphrase (77 bits)")
    words = text.rstrip().split("\n")[-1].split()
    assert len(words) == 6 and all(re.fullmatch(r"[a-z-]+", w) for w in words), text
    assert "\u2588" in text or "\u2580" in text
    s.keys("x")
    s.wait("New TPM owner passphrase:")
    s.type(NEW_OWNER)
    s.keys("Enter")
    s.wait("Repeat it:")
    s.type(NEW_OWNER)
    s.keys("Enter")
    text = s.wait("[done]", timeout=30)
    assert "TPM cleared; it has a new owner passphrase" in text
    # The next step (the card) is selected: seal TOTP without being asked for the owner passphrase.
    down(s, 3)
    s.keys("Enter")
    text = s.wait("Enrol the new TOTP secret", timeout=30)
    secret = BASE32_GROUPS.search(text).group(1).replace(" ", "")
    s.keys("Enter")
    text = s.wait("TOTP secret sealed to PCRs", timeout=30)
    s.keys("x")
    text = s.wait("Boot entries")
    assert HEADER_CODE.search(text).group(1) in oathtool_codes(secret)


def test_wrong_lockout_passphrase_clears_nothing(lines, swtpm, tmp_path):
    from test_actions import BASE
    take_ownership(swtpm, "factory owner")
    m = lines("--plain", *BASE, env=tpm_env(swtpm, tmp_path))
    m.expect("Choice: ")
    m.send("f\r")
    m.expect(r"Run this step\? \(y/N: skip it\) ")
    m.send("y\r")
    m.expect(r"Clear the TPM\?.*\(y/N\) ")
    m.send("y\r")
    m.expect("Current TPM owner \\(lockout\\) passphrase: ")
    m.send("a guess\r")
    m.expect("New TPM owner passphrase: ")
    m.send(NEW_OWNER + "\r")
    m.expect("Repeat it: ")
    m.send(NEW_OWNER + "\r")
    m.expect("Failed: clearing the TPM with the lockout passphrase failed", timeout=30)
    m.expect(r"Try this step again\? \(y/N: go on\) ")
    assert "The TPM has an owner passphrase." in tpm_status(swtpm)
    m.send("n\r")
    # The other steps can still be run or skipped; the list at the end says what failed.
    for _ in range(4):  # the card, the key into the flash, TOTP, the default
        m.expect(r"Run this step\? \(y/N: skip it\) ")
        m.send("\r")
    m.expect(r"1\) \[failed\] Reset the TPM and take ownership", timeout=30)
    m.expect("End of the OEM factory reset.")
