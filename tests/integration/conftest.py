"""Integration rig: boot the real ROM in QEMU + swtpm and drive the serial console.

Like U-Boot's test/py, a test gets a `vigil` console object; everything QEMU
prints is saved under out/test-logs/<test name>.log for the post-mortem.
"""
import os
import re
import shutil
import subprocess
import tempfile

import pexpect
import pytest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.environ.get("VIGIL_OUT", os.path.join(TOP, "out"))
ROM = os.path.join(OUT, "coreboot.rom")
HOST_VIGIL = os.path.join(OUT, "build-payload", "vigil")
MENU_RE = r"vigil \S+ boot menu on /dev/ttyS0"
PROMPT = "vigil-test# "


class Console:
    """A booted guest on the serial console."""

    def __init__(self, name, rom=ROM, disks=(), tpm_state=None, extra=(), flash=None):
        os.makedirs(os.path.join(OUT, "test-logs"), exist_ok=True)
        self.log = open(os.path.join(OUT, "test-logs", name + ".log"), "w")
        self.monitor = os.path.join(tempfile.mkdtemp(prefix="vigil-mon."), "monitor")
        args = [os.path.join(TOP, "contrib", "qemu", "run.sh"), "--monitor", self.monitor]
        # A writable flash (a ROM file the guest's firmware updates land in), or a ROM.
        args += ["--flash", flash] if flash else ["--rom", rom]
        for d in disks:
            args += ["--disk", d]
        if tpm_state:
            args += ["--tpm-state", tpm_state]
        args += list(extra)
        self.p = pexpect.spawn("bash", args, encoding="utf-8", codec_errors="replace",
                               timeout=120, logfile=self.log, dimensions=(24, 80))

    def expect(self, pattern, timeout=None):
        return self.p.expect(pattern, timeout=timeout if timeout is not None else self.p.timeout)

    def wait_menu(self, timeout=120):
        self.expect(MENU_RE, timeout)
        self.expect("Choice: ")
        return self.p.before

    def choose(self, key):
        self.p.send(key + "\r")

    def enter_shell(self, passphrase=None):
        self.choose("s")
        if passphrase is not None:
            self.expect("Recovery passphrase: ")
            self.p.send(passphrase + "\r")
        self.expect("Recovery shell: ")
        # Quoted apart so the echo of this line does not look like the prompt.
        self.p.send("PS1='%s''%s'\r" % (PROMPT[:5], PROMPT[5:]))
        self.expect(re.escape(PROMPT))

    def run(self, command, timeout=60):
        """Run a shell command in the guest; return its output (without the echo)."""
        self.p.send(command + "\r")
        self.expect(re.escape(command) + r"\r*\n", timeout)
        self.expect(re.escape(PROMPT), timeout)
        return self.p.before.replace("\r", "")

    def close(self):
        if self.p.isalive():
            self.p.send("\x01x")  # QEMU's serial mux: Ctrl-A x quits
            try:
                self.p.expect(pexpect.EOF, timeout=10)
            except pexpect.TIMEOUT:
                self.p.terminate(force=True)
        self.log.close()
        shutil.rmtree(os.path.dirname(self.monitor), ignore_errors=True)


def host_vigil(*args):
    return subprocess.run([HOST_VIGIL] + list(args), check=True, capture_output=True,
                          text=True).stdout


def pcr2_of(rom):
    return re.search(r"PCR 2 sha256: ([0-9a-f]{64})", host_vigil("pcr", "predict", rom)).group(1)


def rom_with_other_payload(path, word="vigil.test=changed"):
    """The same kernel and initramfs with one more word on the command line, at path: a
    different payload for coreboot to measure into PCR 2 (a firmware update, in effect)."""
    cbfstool = os.path.join(OUT, "cbfstool")
    shutil.copy(ROM, path)
    config = subprocess.run([cbfstool, ROM, "extract", "-n", "config", "-f", "/dev/stdout"],
                            check=True, capture_output=True, text=True).stdout
    cmdline = re.search(r'^CONFIG_LINUX_COMMAND_LINE="(.*)"$', config, re.M).group(1)
    subprocess.run([cbfstool, path, "remove", "-n", "fallback/payload"], check=True)
    subprocess.run([cbfstool, path, "add-payload", "-n", "fallback/payload",
                    "-f", os.path.join(OUT, "bzImage"),
                    "-I", os.path.join(OUT, "initramfs.cpio.xz"),
                    "-C", cmdline + " " + word], check=True, capture_output=True)
    return path


@pytest.fixture
def boot(request):
    """Factory: boot(disks=..., tpm_state=...) -> Console; closed after the test."""
    consoles = []

    def start(**kwargs):
        if not os.path.exists(ROM):
            pytest.fail("no ROM at %s: run contrib/build.sh first" % ROM)
        c = Console(request.node.name, **kwargs)
        consoles.append(c)
        return c

    yield start
    for c in consoles:
        c.close()
