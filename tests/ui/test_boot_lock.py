"""One boot at a time: while one console holds the boot lock, the others say who has it.

The VT and the serial console each run a menu that counts down to the default entry;
two kexec loads at once spoiled each other (found on the VT screenshot test).
"""
import fcntl
import os
import subprocess

import pexpect

from conftest import FAKE_BOOT, TEST_CONF, VIGIL, menu_env


def hold_lock(path, who):
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.ftruncate(fd, 0)
    os.write(fd, who.encode())
    return fd


def test_plain_menu_waits_for_the_console_that_is_booting():
    env = menu_env("vt100", False)
    fd = hold_lock(env["VIGIL_BOOT_LOCK"], "/dev/ttyS0")
    m = pexpect.spawn(VIGIL, ["menu", "--plain", "--boot-dir", FAKE_BOOT, "--config", TEST_CONF],
                      env=env, encoding="utf-8", timeout=10, dimensions=(24, 80))
    try:
        m.expect("Choice: ")
        m.send("b\r")
        m.expect("the menu on /dev/ttyS0 is booting already: one boot at a time")
        m.expect("Choice: ")
        # Once that console lets go (its boot failed), this one boots.
        os.close(fd)
        m.send("b\r")
        m.expect("Starting .* with kexec")
        m.expect("fake kexec: nothing is started on the test host")
    finally:
        m.terminate(force=True)


def test_boot_command_takes_the_same_lock():
    env = menu_env("dumb", False)
    fd = hold_lock(env["VIGIL_BOOT_LOCK"], "/dev/tty1")
    try:
        r = subprocess.run([VIGIL, "boot", FAKE_BOOT], capture_output=True, text=True, env=env)
    finally:
        os.close(fd)
    assert r.returncode == 1
    assert "the menu on /dev/tty1 is booting already: one boot at a time" in r.stderr
    # --dry-run loads nothing, so it needs no lock.
    fd = hold_lock(env["VIGIL_BOOT_LOCK"], "/dev/tty1")
    try:
        r = subprocess.run([VIGIL, "boot", "--dry-run", FAKE_BOOT], capture_output=True,
                           text=True, env=env)
    finally:
        os.close(fd)
    assert r.returncode == 0, r.stderr


def test_a_key_on_one_console_stops_the_countdown_on_all(screen, conf):
    """The VT and the serial console share the boot lock and so the countdown: a person at
    one console must not have the other boot the default under them."""
    env = menu_env("vt100", False)
    cfg = conf(timeout="30")
    shared = {"VIGIL_BOOT_LOCK": env["VIGIL_BOOT_LOCK"]}
    vt = screen("--boot-dir", FAKE_BOOT, "--config", cfg, env=shared)
    serial = pexpect.spawn(VIGIL, ["menu", "--headless", "--boot-dir", FAKE_BOOT, "--config", cfg],
                           env=dict(env, VIGIL_CONSOLE="/dev/ttyS0"), encoding="utf-8",
                           timeout=10, dimensions=(24, 80))
    try:
        vt.wait("press any key to stop")
        serial.expect(r"booting .* in \d+ s, press any key for the menu")
        serial.send("x")
        serial.expect("Choice: ")
        vt.wait("Automatic boot stopped on /dev/ttyS0")
        assert "press any key to stop" not in vt.text()
        # A menu started again this boot (after a crash) does not count down either.
        again = pexpect.spawn(VIGIL, ["menu", "--headless", "--boot-dir", FAKE_BOOT, "--config",
                                      cfg], env=env, encoding="utf-8", timeout=10)
        again.expect("Automatic boot stopped on /dev/ttyS0")
        again.expect("Choice: ")
        again.terminate(force=True)
    finally:
        serial.terminate(force=True)
