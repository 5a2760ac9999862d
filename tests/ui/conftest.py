"""Drive `vigil menu` on a pseudo-terminal of the host: tmux keeps the screen for the
ncurses tests, pexpect reads the plain lines of the headless and plain menus. No QEMU."""
import hashlib
import os
import shutil
import subprocess
import tempfile
import time
import uuid

import pexpect
import pytest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VIGIL = os.environ.get("VIGIL", os.path.join(TOP, "vigil"))
DATA = os.path.join(TOP, "tests", "data", "ui")
FAKE_BOOT = os.path.join(DATA, "fake-boot")
TEST_CONF = os.path.join(DATA, "test.conf")
FAKE_BIN = os.path.join(DATA, "bin")  # a kexec that starts nothing: booting must not reboot the host
DEFAULT_ENTRY = "Debian GNU/Linux (fallback kernel)"
LOCK_DIR = tempfile.mkdtemp(prefix="vigil-ui-locks.")


def menu_env(term, utf8):
    env = dict(os.environ)
    env.update(TERM=term, LANG="C.UTF-8" if utf8 else "C", LC_ALL="C.UTF-8" if utf8 else "C",
               # No TPM, whatever the host has: the tests must never extend a real PCR.
               VIGIL_TCTI="device:/nonexistent",
               PATH=FAKE_BIN + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"))
    env.pop("VIGIL_CONSOLE", None)  # and reboot/power off stay refused
    # Each menu its own boot lock: other test runs on this host boot at the same time.
    env["VIGIL_BOOT_LOCK"] = os.path.join(LOCK_DIR, "boot-%s.lock" % uuid.uuid4().hex[:8])
    return env


class Screen:
    """vigil menu in an 80x24 tmux pane; text() is what a person would see."""

    def __init__(self, args, term="xterm", utf8=True, rows=24, cols=80, env=None):
        if not shutil.which("tmux"):
            pytest.skip("tmux is not installed")
        self.socket = "vigil-ui-%s" % uuid.uuid4().hex[:8]
        extra = dict(env or {})  # VIGIL_TCTI of a swtpm, VIGIL_MEMORY, VIGIL_EVENT_LOG
        env = menu_env(term, utf8)
        env.update(extra)
        keys = dict.fromkeys(("TERM", "LANG", "LC_ALL", "VIGIL_TCTI", "PATH", "VIGIL_BOOT_LOCK")
                             + tuple(extra))
        cmd = ["env"] + ["%s=%s" % (k, env[k]) for k in keys]
        cmd += [VIGIL, "menu"] + list(args)
        self.tmux("new-session", "-d", "-x", str(cols), "-y", str(rows), "-s", "menu",
                  " ".join("'%s'" % c for c in cmd) + "; sleep 60")

    def tmux(self, *args):
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null"] + list(args),
                              check=True, capture_output=True, text=True).stdout

    def text(self):
        return self.tmux("capture-pane", "-p", "-t", "menu")

    def wait(self, needle, timeout=10):
        end = time.time() + timeout
        while time.time() < end:
            screen = self.text()
            if needle in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError("%r not on the screen:\n%s" % (needle, self.text()))

    def wait_gone(self, needle, timeout=5):
        end = time.time() + timeout
        while time.time() < end:
            if needle not in self.text():
                return
            time.sleep(0.1)
        raise AssertionError("%r still on the screen:\n%s" % (needle, self.text()))

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "menu", *keys)
        time.sleep(0.15)

    def type(self, text):
        self.tmux("send-keys", "-t", "menu", "-l", text)
        time.sleep(0.15)

    def close(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def screen():
    screens = []

    def start(*args, **kwargs):
        s = Screen(args, **kwargs)
        screens.append(s)
        return s

    yield start
    for s in screens:
        s.close()


@pytest.fixture
def lines():
    """Plain line output (headless, --plain) through pexpect."""
    children = []

    def start(*args, term="vt100", env=None):
        full = menu_env(term, False)
        full.update(env or {})
        child = pexpect.spawn(VIGIL, ["menu"] + list(args), env=full,
                              encoding="utf-8", timeout=10, dimensions=(24, 80))
        children.append(child)
        return child

    yield start
    for c in children:
        c.terminate(force=True)


@pytest.fixture
def conf(tmp_path):
    """Write a config file from keyword settings and return its path."""
    def write(**settings):
        path = tmp_path / ("test-%s.conf" % uuid.uuid4().hex[:6])
        path.write_text("".join('%s = "%s"\n' % kv for kv in settings.items()))
        return str(path)
    return write


def sha256_hex(text):
    return hashlib.sha256(text.encode()).hexdigest()
