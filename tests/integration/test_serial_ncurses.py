"""The ncurses menu on the serial console, as a person at a serial terminal sees it.

vigil init gives the menu on ttyS0 TERM=vt100 (src/consoles.c); a ROM setting
(`vigil rom set ROM ui=ncurses`) makes it the ncurses menu. Everything QEMU
prints on the serial line is fed into pyte, a VT100 emulator of 80x24 (the
size ncurses takes from the vt100 entry: a serial line has no window size),
and the tests wait for and assert on the rendered screen, never on raw bytes:
a screen that only looks right in the byte stream (stray escapes, a line
drawn over another, leftovers of the previous screen) fails here. Keys are
sent as a VT100 sends them; the arrows in both the application form the
menu asks for (ESC O B) and the ANSI form many terminals send anyway.

The VGA console runs a menu of its own, with the same settings and the same
countdown: a key on either console stops it on both. The headless test, which
must see the serial console boot, uses a ROM whose kernel names ttyS0 only.
"""
import hashlib
import os
import re
import shutil
import subprocess
import time

import pexpect
import pyte
import pytest

from conftest import HOST_VIGIL, ROM, host_vigil
from test_boot import predicted_pcr2
from test_demo_boot import DEMO_MARKER, demo_disk  # noqa: F401 (a fixture)
from test_totp import oathtool_codes

CBFSTOOL = os.path.join(os.path.dirname(ROM), "cbfstool")
COLS, ROWS = 80, 24
STATUS_ROW, FOOTER_ROW = ROWS - 2, ROWS - 1
BODY = range(5, STATUS_ROW)  # below the title and the three integrity lines
TITLE_ROW = 5  # a screen's title, under the header
PROMPT_ROW = 8  # the recovery gate's prompt (src/ui/nc-recovery.c)
RECOVERY_PASSPHRASE = "serial line horse"
UP, DOWN = "\x1bOA", "\x1bOB"  # keypad transmit mode, which ncurses turns on
ANSI_UP, ANSI_DOWN, ANSI_PGDN = "\x1b[A", "\x1b[B", "\x1b[6~"


class Terminal(pyte.Screen):
    """A VT100 screen that also keeps the lines that scroll off its top (a booting kernel's)."""

    def __init__(self):
        super().__init__(COLS, ROWS)
        self.scrolled = []

    def index(self):
        top, bottom = self.margins or (0, self.lines - 1)
        if self.cursor.y == bottom and top == 0:
            row = self.buffer[0]
            self.scrolled.append("".join(row[x].data for x in range(self.columns)).rstrip())
        super().index()


class SerialTerminal:
    """The serial line of a booted guest, rendered; keys typed into it."""

    def __init__(self, vm):
        self.vm = vm
        self.screen = Terminal()
        self.stream = pyte.Stream(self.screen)
        # A VT100 switches character sets (ncurses' SI/SO); pyte does only outside UTF-8 mode.
        self.stream.use_utf8 = False

    def pump(self, timeout):
        """Feed what arrives within timeout (and right after it) to the emulator."""
        while True:
            try:
                data = self.vm.p.read_nonblocking(65536, timeout)
            except pexpect.TIMEOUT:
                return
            except pexpect.EOF:
                raise AssertionError("QEMU exited; the terminal shows:\n" + self.dump())
            self.stream.feed(data)
            timeout = 0.05

    def row(self, y):
        return self.screen.display[y].rstrip()

    def text(self, since=None):
        """The screen's rows; with since (a mark()), the lines scrolled off since then first."""
        rows = [r.rstrip() for r in self.screen.display]
        if since is not None:
            rows = self.screen.scrolled[since:] + rows
        return "\n".join(rows)

    def mark(self):
        return len(self.screen.scrolled)

    def dump(self):
        return "\n".join("|%s|" % r for r in self.screen.display)

    def wait(self, *wanted, timeout=60, since=None):
        """Pump until the screen shows one of wanted (strings, or compiled regexes); its text."""
        end = time.monotonic() + timeout
        while True:
            text = self.text(since)
            for w in wanted:
                if (w.search(text) if hasattr(w, "search") else w in text):
                    return text
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError("%r not on the serial terminal within %d s:\n%s"
                                     % (wanted, timeout, self.dump()))
            self.pump(min(left, 0.5))

    def wait_row(self, y, pattern, timeout=20):
        """Pump until row y matches pattern (a regex); the match."""
        end = time.monotonic() + timeout
        while True:
            m = re.search(pattern, self.row(y))
            if m:
                return m
            if time.monotonic() > end:
                raise AssertionError("row %d never matched %r:\n%s" % (y, pattern, self.dump()))
            self.pump(0.2)

    def wait_title(self, title, timeout=20):
        """Pump until a screen titled title is drawn whole (its key line too); its text."""
        self.wait_row(TITLE_ROW, "^ %s$" % re.escape(title), timeout)
        self.settle()
        return self.text()

    def settle(self, quiet=0.3, most=10):
        """Pump until the line has been quiet for a moment (a screen is drawn whole)."""
        end = time.monotonic() + most
        while time.monotonic() < end:
            try:
                data = self.vm.p.read_nonblocking(65536, quiet)
            except pexpect.TIMEOUT:
                return
            except pexpect.EOF:
                raise AssertionError("QEMU exited; the terminal shows:\n" + self.dump())
            self.stream.feed(data)

    def type(self, keys):
        self.vm.p.send(keys)

    def reverse_rows(self, rows=BODY):
        """Rows with text in reverse video: in the monochrome vt100 menu, the selection."""
        return [y for y in rows
                if any(c.reverse and c.data.strip() for c in self.screen.buffer[y].values())]

    def selected(self):
        rows = self.reverse_rows()
        assert len(rows) <= 1, "more than one selected row:\n" + self.dump()
        return self.row(rows[0]).strip() if rows else None

    def move(self, key, timeout=10):
        """Press an arrow (or j/k) and wait for the selection to move; the new one."""
        before = self.selected()
        self.type(key)
        end = time.monotonic() + timeout
        while self.selected() == before:
            if time.monotonic() > end:
                raise AssertionError("%r did not move the selection from %r:\n%s"
                                     % (key, before, self.dump()))
            self.pump(0.2)
        return self.selected()

    def select(self, label, most=20):
        """Move up or down, with the arrows, to the item whose label starts with label."""
        rows = [y for y in BODY if self.row(y)[2:].startswith(label)]
        assert rows, "no item %r in the menu:\n%s" % (label, self.dump())
        for _ in range(most):
            here = self.reverse_rows()
            if here == rows[:1]:
                return
            self.move(DOWN if not here or here[0] < rows[0] else UP)
        raise AssertionError("cannot select %r:\n%s" % (label, self.dump()))

    def main_rows(self):
        """What the main screen shows below the clock, except the status line."""
        return [self.row(y) for y in range(1, ROWS) if y != STATUS_ROW]


@pytest.fixture
def serial_rom(tmp_path):
    """Factory: a copy of the ROM with the ncurses menu and the given settings."""
    made = []

    def make(*settings, passphrase=None, serial_only=False):
        rom = str(tmp_path / ("serial-%d.rom" % len(made)))
        shutil.copy(ROM, rom)
        if serial_only:
            # The same kernel and initramfs with a command line naming ttyS0 only:
            # no menu on the VGA console (PCR 2 differs: predict it from this ROM).
            out = os.path.dirname(ROM)
            subprocess.run([CBFSTOOL, rom, "remove", "-n", "fallback/payload"], check=True)
            subprocess.run([CBFSTOOL, rom, "add-payload", "-n", "fallback/payload",
                            "-f", os.path.join(out, "bzImage"),
                            "-I", os.path.join(out, "initramfs.cpio.xz"),
                            "-C", "console=ttyS0,115200"], check=True, capture_output=True)
        host_vigil("rom", "--cbfstool", CBFSTOOL, "set", rom, "ui=ncurses", *settings)
        if passphrase is not None:
            # As the owner does it: typed twice (two lines when stdin is not a terminal).
            subprocess.run([HOST_VIGIL, "rom", "--cbfstool", CBFSTOOL, "recovery-passphrase",
                            rom], input="%s\n%s\n" % (passphrase, passphrase), check=True,
                           capture_output=True, text=True)
        made.append(rom)
        return rom

    return make


def start(boot, rom, **kwargs):
    vm = boot(rom=rom, **kwargs)
    term = SerialTerminal(vm)
    term.wait(re.compile(r"vigil \S+ boot menu - /dev/ttyS0"), timeout=120)
    term.wait("Enter=open  e=edit  d=default  b=boot  i=integrity  h=help")
    term.settle()
    return vm, term


def back_to_main(term, baseline):
    """x leaves the screen; the main screen comes back whole, with nothing left over."""
    term.type("x")
    term.wait_row(FOOTER_ROW, r"^Enter=open")
    term.settle()
    assert term.main_rows() == baseline, "the main screen came back different:\n" + term.dump()


def test_menu_on_ttys0_and_a_key_stops_the_countdown(boot, serial_rom, demo_disk):
    vm, term = start(boot, serial_rom("timeout=12"), disks=[demo_disk], extra=["--snapshot"])
    first = term.wait_row(STATUS_ROW, r"^Booting Demo OS in (\d+) s: press any key to stop$")
    text = term.text()
    title = term.row(0)
    assert re.match(r"^ vigil \S+ boot menu - /dev/ttyS0 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$",
                    title), title
    # The integrity header: PCR 2 (its start, at 80 columns) is the predicted one.
    m = re.match(r"^Firmware  \[unknown\] TPM present, PCR 2 ([0-9a-f]{16})", term.row(1))
    assert m, term.dump()
    assert predicted_pcr2().startswith(m.group(1))
    assert term.row(2).startswith("TOTP      [unknown] no TOTP secret is sealed yet")
    assert term.row(3).startswith("HOTP      [unknown]")
    assert term.row(5) == "Boot entries"
    assert term.row(6) == "* Demo OS" and term.row(7) == "  Demo OS (verbose)"
    assert term.selected() == "* Demo OS"  # the default, in reverse video
    assert "  Boot the default entry (Demo OS)" in text
    assert "  Recovery shell" in text
    # It counts down, second by second.
    term.wait_row(STATUS_ROW, r"^Booting Demo OS in %d s" % (int(first.group(1)) - 1))
    # A key only stops it: Space is bound to nothing else.
    term.type(" ")
    term.wait_row(STATUS_ROW, r"^Automatic boot stopped$")
    assert term.selected() == "* Demo OS"
    # The clock goes on; no countdown comes back.
    clock = term.row(0)
    end = time.monotonic() + 3
    while term.row(0) == clock and time.monotonic() < end:
        term.pump(0.2)
    assert term.row(0) != clock, "the header clock stopped:\n" + term.dump()
    assert "press any key to stop" not in term.text()
    # Nor on the VGA console: its menu got the same timeout, and nothing boots after it.
    end = time.monotonic() + 14
    while time.monotonic() < end:
        term.pump(0.5)
    assert term.row(5) == "Boot entries", "something booted after the stop:\n" + term.dump()
    assert "Linux version" not in term.text()


def test_walk_every_screen_and_back(boot, serial_rom, demo_disk):
    vm, term = start(boot, serial_rom("timeout=none"), disks=[demo_disk],
                     extra=["--snapshot"])
    term.wait("* Demo OS")
    baseline = term.main_rows()

    # Arrows, in the form the menu asked for and in the ANSI one.
    assert term.move(DOWN) == "Demo OS (verbose)"
    assert term.move(ANSI_DOWN) == "Boot the default entry (Demo OS)"
    assert term.move(UP) == "Demo OS (verbose)"
    assert term.move(ANSI_UP) == "* Demo OS"

    # The entry's preview, its help, and back.
    term.type("\r")
    text = term.wait_title("Boot entry")
    assert "Entry:        Demo OS" in text and "kexec plan:" in text
    assert "/vmlinuz-demo" in text and "vigil.demo=1" in text
    assert term.row(FOOTER_ROW).endswith("x=back"), term.dump()  # the whole key line fits
    term.type("h")
    term.wait_title("Help: a boot entry")
    term.type("x")
    term.wait_title("Boot entry")
    back_to_main(term, baseline)

    # Integrity details: the whole PCR 2, then as a QR code.
    term.type("i")
    text = term.wait_title("Integrity details")
    assert "PCR 2:  " + predicted_pcr2() in text
    assert "TPM:    present" in text
    term.type("r")
    term.wait_row(0, r"^Firmware measurement \(PCR 2\) +h=help  x=back$")
    term.settle()
    # vigil init gives the menus UTF-8 (LC_CTYPE=C.UTF-8): two modules per text row in half
    # and full blocks, so the 37 modules fit in 19 rows of 24, with the encoded text below.
    blocks = sum(c.data in "\u2580\u2584\u2588" for y in range(1, ROWS - 1)
                 for c in term.screen.buffer[y].values())
    assert blocks > 200, term.dump()
    assert term.row(ROWS - 1) == predicted_pcr2().upper(), term.dump()
    term.type("x")
    term.wait_title("Integrity details")
    back_to_main(term, baseline)

    # The TPM event log, checked against the TPM; PgDn (VT220 form) pages, it does not leave.
    term.select("View the TPM event log")
    term.type("\r")
    text = term.wait_title("TPM event log")
    assert "Event log /run/vigil/eventlog.bin (vigil pcr log):" in text
    assert "Replayed against the TPM (vigil pcr check):" in text
    first_page = term.row(7)
    term.type(ANSI_PGDN)
    end = time.monotonic() + 10
    while term.row(7) == first_page and time.monotonic() < end:
        term.pump(0.2)
    assert " TPM event log" in term.text(), "PgDn left the event log:\n" + term.dump()
    assert term.row(7) != first_page, "PgDn did not page:\n" + term.dump()
    back_to_main(term, baseline)

    # coreboot's console from CBMEM, opened at its end.
    term.select("View the coreboot console")
    term.type("\r")
    term.wait_row(TITLE_ROW, r"^ coreboot console from CBMEM \(\d+ lines, the latest last\)$")
    term.settle()
    text = term.text()
    assert "Jumping to boot code at " in text  # coreboot's last words, at the end
    back_to_main(term, baseline)

    # The keys in the ROM (none in this one); back up the list with the arrows.
    term.select("Manage keys")
    term.type("\r")
    text = term.wait_title("Keys in the ROM")
    assert "No keys in the ROM" in text
    assert term.row(FOOTER_ROW).startswith("a=add a key"), term.dump()
    back_to_main(term, baseline)

    # Update the firmware: the disks are looked at again; no ROM file on them.
    term.select("Update the firmware")
    term.type("\r")
    term.wait_row(STATUS_ROW, r"^No ROM file found: put the new ROM", timeout=60)
    term.settle()

    # The main help.
    term.type("h")
    term.wait_title("Help: the boot menu")
    back_to_main(term, baseline)

    # The OEM factory reset's steps: only looked at.
    term.select("OEM factory reset")
    term.type("\r")
    text = term.wait_title("OEM factory reset")
    assert term.row(FOOTER_ROW) == "Up/Down choose  Enter=run the step  x=back"
    assert re.search(r"\[to do\] +1\. ", text), text
    back_to_main(term, baseline)


def test_settings_choose_the_consoles_and_ascii(boot, serial_rom):
    """consoles = ttyS0: no menu on the screen, whatever the kernel's console= says;
    utf8 = no: ASCII only, so a QR code needs one text row per module and does not fit.
    Read from the raw serial stream: the menu clears what init printed before it."""
    vm = boot(rom=serial_rom("consoles=ttyS0", "utf8=no", "timeout=none"))
    vm.expect(r"vigil init: a menu on (\S+) \(TERM=(\S+), (\w+)\)", timeout=120)
    assert vm.p.match.group(1, 2, 3) == ("/dev/ttyS0", "vt100", "ASCII")
    vm.expect(r"vigil \S+ boot menu - /dev/ttyS0", timeout=60)
    assert "a menu on" not in vm.p.before, "a second menu was started: " + vm.p.before
    vm.expect("Enter=open  e=edit")
    vm.p.send("i")
    vm.expect("Integrity details", timeout=30)
    vm.p.send("r")
    # 37 modules, one row each, do not fit in 24 rows: the bottom line says so.
    vm.expect("The QR code needs 74x37 characters: use a larger or a UTF-8 terminal",
              timeout=30)
    vm.close()


def test_boot_the_demo_entry(boot, serial_rom, demo_disk):
    vm, term = start(boot, serial_rom("timeout=none"), disks=[demo_disk],
                     extra=["--snapshot"])
    term.wait("* Demo OS")
    term.type("\r")
    term.wait_title("Boot entry")
    since = term.mark()
    term.type("b")
    text = term.wait(re.compile(DEMO_MARKER), timeout=120, since=since)
    lines = text.splitlines()
    # The boot screen, then the kernel: what scrolled by on the way.
    for line in (" Booting", " Entry:        Demo OS", "   kernel      /vmlinuz-demo",
                 "   cmdline     console=tty0 console=ttyS0 vigil.demo=1",
                 "Starting Demo OS with kexec (boot mode: normal)"):
        assert line in lines, "%r not on the serial terminal:\n%s" % (line, text)
    assert any(re.match(r"^\[ *\d+\.\d+\] Linux version ", line) for line in lines), text
    # The booted system's own lines, legible from the first column.
    assert any(line.startswith("vigil-demo-os: booted with: ") for line in lines), text


def test_recovery_gate_wrong_then_right_passphrase(boot, serial_rom):
    rom = serial_rom("timeout=none", passphrase=RECOVERY_PASSPHRASE)
    vm, term = start(boot, rom)
    baseline = term.main_rows()
    term.select("Recovery shell")
    term.type("\r")
    text = term.wait_title("Recovery shell")
    assert term.row(PROMPT_ROW) == " Recovery passphrase:", term.dump()
    assert "The recovery shell is locked: it needs the owner's passphrase." in text
    term.type("wrong horse")
    term.wait("Recovery passphrase: ***********")
    assert "wrong horse" not in term.text()  # stars only
    term.type("\r")
    term.wait_row(STATUS_ROW, r"^Recovery shell refused: wrong passphrase$", timeout=60)
    assert term.row(PROMPT_ROW) == " Recovery passphrase:", term.dump()  # asked again, empty
    term.type(RECOVERY_PASSPHRASE + "\r")
    term.wait("Recovery shell: type 'exit' to return to the menu.", timeout=60)
    term.type("echo shell-$((40+2)); vigil pcr read 4\r")
    text = term.wait(re.compile(r"PCR 4 sha256: [0-9a-f]{64}"))
    assert re.search(r"^shell-42$", text, re.M), text
    recovery = hashlib.sha256(bytes(32) + hashlib.sha256(b"recovery").digest()).hexdigest()
    assert "PCR 4 sha256: " + recovery in text
    term.type("exit\r")
    term.wait_row(STATUS_ROW, r"^Recovery shell closed; PCR 4 records that it was used$")
    assert term.main_rows() == baseline, "the menu came back different:\n" + term.dump()


def test_headless_shows_the_totp_and_boots_the_default(boot, serial_rom, demo_disk, tmp_path):
    rom = serial_rom("headless=yes", "timeout=4", serial_only=True)
    tpm = tmp_path / "tpm"
    tpm.mkdir()
    # First power-on: stop both countdowns, seal a TOTP secret from the recovery shell
    # (headless mode's menu is the plain one).
    vm = boot(rom=rom, disks=[demo_disk], tpm_state=str(tpm), extra=["--snapshot"])
    term = SerialTerminal(vm)
    term.wait("booting Demo OS in 4 s, press any key for the menu", timeout=120)
    term.type(" ")
    term.wait(re.compile(r"^Choice:$", re.M))
    term.type("s\r")
    term.wait("Recovery shell: type 'exit'")
    since = term.mark()
    term.type("vigil totp seal >/tmp/seal; grep -o 'secret=[A-Z2-7]*' /tmp/seal\r")
    text = term.wait(re.compile(r"secret=([A-Z2-7]{32})"), timeout=120, since=since)
    secret = re.search(r"secret=([A-Z2-7]{32})", text).group(1)
    vm.close()

    # Second power-on: plain lines, the code of the sealed secret, the default booted.
    vm = boot(rom=rom, disks=[demo_disk], tpm_state=str(tpm), extra=["--snapshot"])
    term = SerialTerminal(vm)
    since = term.mark()
    text = term.wait("booting Demo OS in 4 s, press any key for the menu", timeout=120)
    now = int(time.time())
    lines = text.splitlines()
    head = [i for i, line in enumerate(lines)
            if re.match(r"vigil \S+ headless boot on /dev/ttyS0$", line)]
    assert head, text
    head = head[-1]
    # Lines after lines: init's are still there above, no screen was cleared.
    assert any(re.match(r"vigil \S+: starting$", line) for line in lines[:head]), text
    # 94 columns: the terminal wraps it.
    pcr2 = re.search(r"PCR 2 sha256: ([0-9a-f]{64})", host_vigil("pcr", "predict", rom)).group(1)
    pcr_line = "Firmware measurement (PCR 2): " + pcr2
    assert lines[head + 1:head + 3] == [pcr_line[:COLS], pcr_line[COLS:]], text
    m = re.match(r"TOTP: (\d{6}) \((\d+) s left\): compare with your phone$", lines[head + 3])
    assert m, text
    assert m.group(1) in oathtool_codes(secret, now)
    assert lines[head + 4].startswith("HOTP: unknown: ")
    assert lines[head + 5] == "Default entry: Demo OS"
    text = term.wait(re.compile(DEMO_MARKER), timeout=120, since=since)
    for line in ("booting Demo OS in 1 s, press any key for the menu",
                 "Entry:        Demo OS", "Booting 'Demo OS'", "not verified: no keys in the ROM",
                 "Starting Demo OS with kexec (boot mode: normal)"):
        assert line in text.splitlines(), "%r not on the serial terminal:\n%s" % (line, text)
