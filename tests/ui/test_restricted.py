"""Restricted mode (issue 6): no recovery shell, no unverified boot, from either menu."""
from conftest import FAKE_BOOT


def test_plain_menu_refuses_the_recovery_shell_when_restricted(lines, conf):
    m = lines("--plain", "--boot-dir", FAKE_BOOT, "--config", conf(restricted="yes"))
    m.expect("Choice: ")
    m.send("s\r")
    m.expect(r"this machine is restricted \(restricted = yes\): no recovery shell")
    m.expect("Choice: ")
    m.send("u\r")
    m.expect(r"Unverified boots are not allowed here \(restricted = yes\)")


def test_ncurses_menu_names_why_the_recovery_shell_is_off(screen, conf):
    s = screen("--boot-dir", FAKE_BOOT, "--config", conf(restricted="yes", timeout="none"))
    s.wait("Boot entries")
    s.keys(*["j"] * 13)  # from the default entry down to "Recovery shell" (test_menu.py)
    s.wait("Not available: this machine is restricted (restricted = yes): no recovery shell")
    s.keys("Enter")
    s.wait("no recovery shell")
    assert "Recovery passphrase" not in s.text()
