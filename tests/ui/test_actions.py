"""The menu's actions over backends, on a pty (tests/ui/conftest.py), no QEMU: the event log
replayed against a swtpm, coreboot's console from a memory image, the TOTP secret resealed
in a swtpm and enrolled, and /boot signed with a key whose passphrase the menu asks for.

The menu reads the same paths its backends take in their own tests: $VIGIL_TCTI (a swtpm),
$VIGIL_EVENT_LOG (a log file) and $VIGIL_MEMORY (a physical-memory image).
"""
import os
import re
import shutil
import socket
import struct
import subprocess
import time

import pytest

from conftest import DEFAULT_ENTRY, FAKE_BOOT, TEST_CONF, TOP, VIGIL

BASE = ("--boot-dir", FAKE_BOOT, "--config", TEST_CONF)
EVENT_LOG = os.path.join(TOP, "tests", "data", "eventlog", "vigil-boot.bin")
# From the default entry (selected at start; 3 entries, then the actions in actions.h order).
DOWNS_TO = {"Sign /boot": 4, "Manage keys": 6, "Reseal": 7, "Event log": 9, "Console": 10}
BASE32_GROUPS = re.compile(r"((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4})")
HEADER_CODE = re.compile(r"TOTP +\[verified\] (\d{6}) \(")
PLAIN_CODE = re.compile(r"TOTP: (\d{6}) \(")
PASSPHRASE = "owner passphrase"


def down(s, n):
    s.keys(*["j"] * n)


def cancel_countdown(s):
    s.wait("press any key to stop")
    s.keys("Space")
    s.wait("Automatic boot stopped")


# --- a software TPM, as tests/unit/swtpm-fixture.c starts one ---

def free_port_pair():
    """Two adjacent free ports: libtss2's swtpm TCTI puts the control channel on port + 1."""
    for _ in range(50):
        with socket.socket() as a:
            a.bind(("127.0.0.1", 0))
            port = a.getsockname()[1]
            with socket.socket() as b:
                try:
                    b.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
        return port
    raise RuntimeError("no two adjacent free ports")


@pytest.fixture
def swtpm(tmp_path):
    if not shutil.which("swtpm"):
        pytest.skip("swtpm is not installed")
    state = tmp_path / "tpm"
    state.mkdir()
    port = free_port_pair()
    proc = subprocess.Popen(["swtpm", "socket", "--tpm2",
                             "--server", "type=tcp,port=%d,bindaddr=127.0.0.1" % port,
                             "--ctrl", "type=tcp,port=%d,bindaddr=127.0.0.1" % (port + 1),
                             "--tpmstate", "dir=%s" % state,
                             "--flags", "not-need-init,startup-clear"])
    end = time.time() + 10
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield "swtpm:host=127.0.0.1,port=%d" % port
    proc.terminate()
    proc.wait()


def tpm_env(tcti, tmp_path, log=None):
    """The menu on the swtpm, measuring into a log of the test's own (never the host's /run)."""
    path = tmp_path / "eventlog.bin"
    if log:
        shutil.copy(log, path)
    return {"VIGIL_TCTI": tcti, "VIGIL_EVENT_LOG": str(path)}


def pcr_extend(tcti, pcr, digest_hex):
    subprocess.run(["tpm2_pcrextend", "-T", tcti, "%d:sha256=%s" % (pcr, digest_hex)],
                   check=True, capture_output=True)


def extend_as_logged(tcti):
    """Make the swtpm's PCRs what tests/data/eventlog/vigil-boot.bin says (vigil pcr log's digests)."""
    out = subprocess.run([VIGIL, "pcr", "log", EVENT_LOG], check=True, capture_output=True,
                         text=True).stdout
    for m in re.finditer(r"^ +\d+ +(\d+) \S+ +([0-9a-f]{64}) ", out, re.M):
        pcr_extend(tcti, int(m.group(1)), m.group(2))


def oathtool_codes(secret):
    now = int(time.time())
    return {subprocess.run(["oathtool", "--totp", "-b", "--now",
                            time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(t)), secret],
                           check=True, capture_output=True, text=True).stdout.strip()
            for t in (now - 30, now, now + 30)}


# --- a physical-memory image with coreboot's tables, written apart from tests/unit/cbmem-image.c ---

def ip_checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("<%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def lb_table(records):
    body = b"".join(struct.pack("<II", tag, 8 + len(rec)) + rec for tag, rec in records)
    # struct lb_header: LBIO, header_bytes, header_checksum, table_bytes, table_checksum, entries
    header = struct.pack("<4sIIIII", b"LBIO", 24, 0, len(body), ip_checksum(body), len(records))
    header = header[:8] + struct.pack("<I", ip_checksum(header)) + header[12:]
    return header + body


def memory_image(path, console=None):
    """coreboot's table forwarded from 0x500 to 0x100000, naming a CBMEM console at 0x108000
    that holds the bytes of console as coreboot writes them (no wrap)."""
    mem = bytearray(0x110000)
    at, size = 0x108000, 0x4000
    table = lb_table([(0x31, struct.pack("<QII", at, size, 0x434f4e53))])  # "CONS"
    mem[0x100000:0x100000 + len(table)] = table
    forward = lb_table([(0x11, struct.pack("<Q", 0x100000))])
    mem[0x500:0x500 + len(forward)] = forward
    text = (console or "").encode()
    assert len(text) <= size - 8
    mem[at:at + 8 + len(text)] = struct.pack("<II", size - 8, len(text)) + text
    path.write_bytes(bytes(mem))
    return str(path)


CONSOLE = "".join("[INFO ]  coreboot line %03d\n" % i for i in range(1, 201))


# --- the event log ---

@pytest.mark.parametrize("term,utf8", [("xterm", True), ("vt100", False)])
def test_event_log_screen_shows_the_verdict_then_the_log(screen, term, utf8):
    s = screen(*BASE, term=term, utf8=utf8, env={"VIGIL_EVENT_LOG": EVENT_LOG})
    cancel_countdown(s)
    down(s, DOWNS_TO["Event log"])
    s.keys("Enter")
    text = s.wait("TPM event log")
    assert "Replayed against the TPM (vigil pcr check):" in text
    assert "not checked: " in text  # no TPM here
    assert "Event log %s (vigil pcr log):" % EVENT_LOG in text or "Event log" in text
    s.keys("Space")  # a page down (PgDn is unknown to TERM=vt100)
    text = s.wait("boot mode: normal")
    assert "EV_IPL" in text
    s.keys("h")
    s.wait("Help: TPM event log")
    s.keys("x")
    s.wait("TPM event log")
    s.keys("x")
    s.wait("Boot entries")


def test_event_log_replayed_against_the_tpm_in_the_plain_menu(lines, swtpm, tmp_path):
    extend_as_logged(swtpm)
    env = tpm_env(swtpm, tmp_path, EVENT_LOG)
    m = lines("--plain", *BASE, env=env)
    m.expect("Choice: ")
    m.send("l\r")
    m.expect("Replayed against the TPM")
    # PCRs 0-7 are always checked: a firmware PCR without events must still be zero.
    m.expect("OK: PCRs 0,1,2,3,4,5,6,7 match the event log " + env["VIGIL_EVENT_LOG"])
    m.expect(r"Event log .* \(vigil pcr log\):")
    m.expect("1   2 EV_POST_CODE .* FMAP: FMAP")
    m.expect("4   5 EV_IPL .* /lib/modules/e1000.ko")
    m.expect("Choice: ")
    # Something the log does not record: named, and the others still match.
    pcr_extend(swtpm, 5, "00" * 32)
    m.send("l\r")
    m.expect("FAILED: PCRs 5 do not match the event log")
    m.expect("PCRs 0,1,2,3,4,6,7 match the log")
    m.expect("PCR 5 differs from the log:")
    m.expect("log replay [0-9a-f]{64}")
    m.expect("TPM        [0-9a-f]{64}")
    m.expect("Choice: ")


def test_unreadable_event_log_is_named(lines, tmp_path):
    missing = str(tmp_path / "no-log.bin")
    m = lines("--plain", *BASE, env={"VIGIL_EVENT_LOG": missing})
    m.expect("Choice: ")
    m.send("l\r")
    m.expect("The event log cannot be read: .*%s" % re.escape(missing))
    m.expect("Choice: ")


# --- coreboot's console ---

def test_cbmem_console_opens_at_its_end(screen, tmp_path):
    mem = memory_image(tmp_path / "mem.img", CONSOLE)
    s = screen(*BASE, env={"VIGIL_MEMORY": mem})
    cancel_countdown(s)
    down(s, DOWNS_TO["Console"])
    s.keys("Enter")
    text = s.wait("coreboot console from CBMEM (200 lines, the latest last)")
    assert "coreboot line 200" in text
    assert "coreboot line 001" not in text
    s.keys("PPage")
    s.wait_gone("coreboot line 200")
    s.keys("h")
    s.wait("Help: coreboot console")
    s.keys("x")
    s.keys("x")
    s.wait("Boot entries")


def test_cbmem_console_without_coreboot_says_why(screen, tmp_path):
    empty = tmp_path / "zeros.img"
    empty.write_bytes(bytes(0x110000))
    s = screen(*BASE, env={"VIGIL_MEMORY": str(empty)})
    cancel_countdown(s)
    down(s, DOWNS_TO["Console"])
    s.keys("Enter")
    s.wait("No coreboot console to show: no coreboot table at 0x0 or 0xf0000: not booted by")
    assert "Boot entries" in s.text()


def test_cbmem_console_in_the_plain_menu(lines, tmp_path):
    mem = memory_image(tmp_path / "mem.img", "coreboot-4.15 bootblock starting\x1b[2J\r\n"
                       "Jumping to boot code\n")
    m = lines("--plain", *BASE, env={"VIGIL_MEMORY": mem})
    m.expect("Choice: ")
    m.send("c\r")
    m.expect(r"coreboot console from CBMEM \(2 lines\):")
    # An escape sequence from memory never reaches the terminal.
    m.expect(re.escape("coreboot-4.15 bootblock starting?[2J") + r"\r\n")
    m.expect("Jumping to boot code")
    m.expect(r"\(end of the coreboot console\)")
    m.expect("Choice: ")


# --- TOTP reseal ---

def test_reseal_needs_a_tpm(screen):
    s = screen(*BASE)
    cancel_countdown(s)
    down(s, DOWNS_TO["Reseal"])
    s.wait("Not available: needs a TPM")
    s.keys("Enter")
    s.wait("Not available: needs a TPM")
    assert "Replace the TOTP secret?" not in s.text()


def test_reseal_enrols_once_and_the_header_shows_the_new_code(screen, swtpm, tmp_path):
    s = screen(*BASE, env=tpm_env(swtpm, tmp_path))
    text = s.wait("Boot entries")
    assert "no TOTP secret is sealed yet" in text
    cancel_countdown(s)
    down(s, DOWNS_TO["Reseal"])
    s.keys("Enter")
    s.wait("Replace the TOTP secret? Your phone must then be enrolled again.")
    s.keys("n")
    s.wait_gone("Replace the TOTP secret?")
    assert "no TOTP secret is sealed yet" in s.text()
    s.keys("Enter")
    s.wait("Replace the TOTP secret?")
    s.keys("y")
    text = s.wait("Enrol the new TOTP secret", timeout=30)
    assert "\u2588" in text or "\u2580" in text  # the QR code's blocks
    assert "Sealed to PCRs 0,1,2,3,4,7." in text
    secret = BASE32_GROUPS.search(text).group(1)
    s.keys("h")
    s.wait("Help: enrolling the TOTP secret")
    s.keys("x")
    s.wait("Enrol the new TOTP secret")
    s.keys("Enter")
    text = s.wait("compare its code with your phone")
    assert secret not in text  # shown once, then gone
    code = HEADER_CODE.search(text)
    assert code, text
    assert code.group(1) in oathtool_codes(secret.replace(" ", ""))


def confirm_reseal(s):
    """From the start of the menu: stop the countdown, choose Reseal, say yes."""
    cancel_countdown(s)
    down(s, DOWNS_TO["Reseal"])
    s.keys("Enter")
    s.wait("Replace the TOTP secret?")
    s.keys("y")


def test_reseal_without_utf8_types_the_secret(screen, swtpm, tmp_path):
    s = screen(*BASE, term="vt100", utf8=False, env=tpm_env(swtpm, tmp_path))
    confirm_reseal(s)
    text = s.wait("Type this secret into the app:", timeout=30)
    assert "no QR code: it needs a UTF-8 terminal" in text
    secret = BASE32_GROUPS.search(text).group(1)
    s.keys("x")
    text = s.wait("[verified]")
    assert HEADER_CODE.search(text).group(1) in oathtool_codes(secret.replace(" ", ""))


def test_reseal_in_the_plain_menu(lines, swtpm, tmp_path):
    m = lines("--plain", *BASE, env=tpm_env(swtpm, tmp_path))
    m.expect("t\\) reseal the TOTP secret")
    m.expect("Choice: ")
    m.send("t\r")
    m.expect(r"Reseal the TOTP secret\? \(y/N\) ")
    m.send("y\r")
    m.expect("Sealed a new TOTP secret to PCRs 0,1,2,3,4,7 in TPM NV index 0x01300100", timeout=30)
    m.expect(r"otpauth://totp/vigil\?secret=([A-Z2-7]+)")
    plain = m.match.group(1)
    m.expect(r"Or type the secret \(base32\): ([A-Z2-7 ]+)\r\n")
    assert m.match.group(1).replace(" ", "") == plain
    m.expect("Press Enter once it is enrolled")
    m.send("\r")
    m.expect(PLAIN_CODE)
    assert m.match.group(1) in oathtool_codes(plain)
    m.expect("Choice: ")


def take_ownership(tcti, passphrase="tpm owner"):
    subprocess.run([VIGIL, "tpm", "take-ownership"], input="%s\n%s\n" % (passphrase, passphrase),
                   env=dict(os.environ, VIGIL_TCTI=tcti), check=True, capture_output=True,
                   text=True)
    return passphrase


def test_reseal_asks_the_owner_passphrase_and_boots_show_the_code_without_it(screen, swtpm,
                                                                            tmp_path):
    owner = take_ownership(swtpm)
    s = screen(*BASE, env=tpm_env(swtpm, tmp_path))
    confirm_reseal(s)
    text = s.wait("TPM owner passphrase:", timeout=30)
    assert "The TPM has an owner passphrase" in text
    s.type("not it")
    s.keys("Enter")
    s.wait("No new TOTP secret (the old one stays)", timeout=30)
    s.keys("Enter")
    s.wait("Replace the TOTP secret?")
    s.keys("y")
    s.wait("TPM owner passphrase:", timeout=30)
    s.type(owner)
    s.keys("Enter")
    text = s.wait("Enrol the new TOTP secret", timeout=30)
    secret = BASE32_GROUPS.search(text).group(1).replace(" ", "")
    s.keys("Enter")
    s.close()
    # The next start unseals with nobody asked: the storage root key was made persistent.
    s = screen(*BASE, env=tpm_env(swtpm, tmp_path))
    text = s.wait("[verified]", timeout=30)
    assert HEADER_CODE.search(text).group(1) in oathtool_codes(secret)
    assert "owner passphrase" not in text


# --- sign /boot ---

@pytest.fixture
def owner_keyring(tmp_path):
    """The ROM keyring with the owner's key in it (on a machine, the card holds the secret
    half): a software key protected by PASSPHRASE, never cached, so each signing asks."""
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    (home / "gpg-agent.conf").write_text("default-cache-ttl 0\nmax-cache-ttl 0\n"
                                         "allow-loopback-pinentry\n")
    subprocess.run(["gpg", "--homedir", str(home), "--batch", "--pinentry-mode", "loopback",
                    "--passphrase", PASSPHRASE, "--quick-gen-key", "Owner <owner@vigil.test>",
                    "ed25519", "sign", "never"], check=True, capture_output=True)
    yield str(home)
    subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "all"], capture_output=True)


@pytest.fixture
def boot_copy(tmp_path):
    """A writable copy of the fake boot partition (signing writes vigil/ into it)."""
    root = tmp_path / "boot-part"
    shutil.copytree(FAKE_BOOT, root, symlinks=True)
    return str(root)


def verify(keyring, root):
    return subprocess.run([VIGIL, "verify", "--gnupghome", keyring, root], capture_output=True,
                          text=True)


def test_sign_asks_the_pin_in_the_menu_and_the_partition_verifies(screen, conf, owner_keyring,
                                                                   boot_copy):
    cfg = conf(timeout="-1", keyring=owner_keyring)
    s = screen("--boot-dir", boot_copy, "--config", cfg)
    s.wait("Boot entries")
    down(s, DOWNS_TO["Sign /boot"])
    s.keys("Enter")
    s.wait("Sign %s" % boot_copy[:40])  # the rest is cut at 80 columns
    s.keys("y")
    s.wait("PIN (or the key's passphrase):", timeout=30)
    s.type("wrong")
    assert "wrong" not in s.text()
    s.keys("Enter")
    # gpg-agent does not ask again in loopback mode: the signing stops, and says why.
    s.wait("Bad passphrase", timeout=30)
    s.wait("The previous signature, if any, is unchanged.")
    assert not os.path.exists(os.path.join(boot_copy, "vigil", "manifest"))
    s.keys("x")
    s.wait("/boot was not signed: signing failed: ")
    s.keys("Enter")
    s.wait("Sign %s" % boot_copy[:40])
    s.keys("y")
    s.wait("PIN (or the key's passphrase):", timeout=30)
    s.type(PASSPHRASE)
    s.keys("Enter")
    text = s.wait("Rollback counter: none (no TPM)", timeout=30)
    assert re.search(r"Signed /tmp/\S+: \d+ files", text.replace("\n ", "")), text
    assert "Owner <owner@vigil.test>" in text
    s.keys("x")
    s.wait("/boot signed: /tmp/")
    assert verify(owner_keyring, boot_copy).returncode == 0


def test_sign_cancelled_at_the_pin_leaves_nothing(screen, conf, owner_keyring, boot_copy):
    s = screen("--boot-dir", boot_copy, "--config", conf(timeout="-1", keyring=owner_keyring))
    s.wait("Boot entries")
    down(s, DOWNS_TO["Sign /boot"])
    s.keys("Enter")
    s.wait("Sign %s" % boot_copy[:40])
    s.keys("y")
    s.wait("PIN (or the key's passphrase):", timeout=30)
    s.keys("C-x")
    text = s.wait("The previous signature, if any, is unchanged.", timeout=30)
    assert "PIN entry cancelled" in text
    assert "signing failed:" in text
    assert not os.path.exists(os.path.join(boot_copy, "vigil", "manifest"))


def test_sign_needs_the_rom_keys(screen):
    s = screen(*BASE)
    cancel_countdown(s)
    down(s, DOWNS_TO["Sign /boot"])
    s.wait("Not available: no keys in the ROM")


def test_sign_in_the_plain_menu_moves_the_tpm_counter(lines, conf, owner_keyring, boot_copy,
                                                      swtpm, tmp_path):
    m = lines("--plain", "--boot-dir", boot_copy, "--config", conf(keyring=owner_keyring),
              env=tpm_env(swtpm, tmp_path))
    m.expect("Choice: ")
    m.send("g\r")
    m.expect(r"Sign it\? \(y/N\) ")
    m.send("y\r")
    m.expect("Owner <owner@vigil.test>", timeout=30)
    m.expect(r"PIN or passphrase \(empty cancels\): ")
    m.send(PASSPHRASE + "\r")
    m.expect("Signed %s: \\d+ files" % re.escape(boot_copy), timeout=30)
    m.expect(r"Rollback counter: (\d+) \(TPM NV index 0x0100564c, created by this signing\)")
    first = int(m.match.group(1))
    m.expect("Choice: ")
    m.send("g\r")
    m.expect(r"Sign it\? \(y/N\) ")
    m.send("y\r")
    m.expect(r"PIN or passphrase \(empty cancels\): ", timeout=30)
    m.send(PASSPHRASE + "\r")
    m.expect(r"Rollback counter: (\d+) \(TPM NV index 0x0100564c\): older signatures no "
             r"longer verify", timeout=30)
    assert int(m.match.group(1)) == first + 1
    m.expect("Choice: ")
    # The menu boots it verified against the keys and the TPM counter.
    m.send("b\r")
    m.expect("verified: \\d+ files match the manifest signed by Owner", timeout=30)
    m.expect(r"rollback counter: manifest %d, TPM %d" % (first + 1, first + 1))
    m.expect("Choice: ")


def test_sign_in_the_plain_menu_asks_the_owner_passphrase_for_the_counter(
        lines, conf, owner_keyring, boot_copy, swtpm, tmp_path):
    owner = take_ownership(swtpm)
    m = lines("--plain", "--boot-dir", boot_copy, "--config", conf(keyring=owner_keyring),
              env=tpm_env(swtpm, tmp_path))
    m.expect("Choice: ")
    m.send("g\r")
    m.expect(r"Sign it\? \(y/N\) ")
    m.send("y\r")
    m.expect("TPM owner passphrase: ", timeout=30)
    m.send(owner + "\r")
    m.expect(r"PIN or passphrase \(empty cancels\): ", timeout=30)
    m.send(PASSPHRASE + "\r")
    m.expect(r"Rollback counter: (\d+) \(TPM NV index 0x0100564c, created by this signing\)",
             timeout=30)
    m.expect("Choice: ")
    m.send("b\r")
    m.expect("verified: \\d+ files match the manifest signed by Owner", timeout=30)


def test_lockout_shows_the_time_left(screen, swtpm, tmp_path):
    """A TPM in dictionary-attack lockout: the header says how long it lasts at most."""
    def tpm2(*args):
        subprocess.run(["tpm2_" + args[0], "-T", swtpm] + list(args[1:]), check=True,
                       capture_output=True, cwd=str(tmp_path))
    tpm2("dictionarylockout", "--setup-parameters", "--max-tries=1", "--recovery-time=90",
         "--lockout-recovery-time=1")
    tpm2("createprimary", "-C", "o", "-c", "key.ctx", "-p", "right")
    # One wrong passphrase of a DA-protected key: the TPM locks out.
    r = subprocess.run(["tpm2_create", "-T", swtpm, "-C", "key.ctx", "-P", "wrong",
                        "-u", "k.pub", "-r", "k.priv"], capture_output=True, cwd=str(tmp_path))
    assert r.returncode != 0
    s = screen(*BASE, env=tpm_env(swtpm, tmp_path))
    text = s.wait("TPM in dictionary-attack lockout")
    assert "TPM in dictionary-attack lockout (1 min 30 s left at most)" in text, text


# --- manage keys ---

def owner_fingerprint(keyring):
    out = subprocess.run(["gpg", "--homedir", keyring, "--with-colons", "--list-keys"],
                         check=True, capture_output=True, text=True).stdout
    return re.search(r"^fpr:+([0-9A-F]{40}):", out, re.M).group(1)


def test_keys_screen_lists_the_rom_keys_and_shows_a_fingerprint_qr(screen, conf,
                                                                   owner_keyring):
    fpr = owner_fingerprint(owner_keyring)
    groups = " ".join(fpr[i:i + 4] for i in range(0, 40, 4))
    s = screen("--boot-dir", FAKE_BOOT, "--config", conf(timeout="-1", keyring=owner_keyring))
    s.wait("Boot entries")
    down(s, DOWNS_TO["Manage keys"])
    s.keys("Enter")
    text = s.wait("Keys in the ROM")
    assert groups in text, text
    assert "Owner <owner@vigil.test>" in text
    assert "secret key: in this keyring (not on a card)" in text
    s.keys("1")
    text = s.wait("Fingerprint of Owner <owner@vigil.test>")
    assert "OPENPGP4FPR:" + fpr in text.replace("\n", "")
    assert "\u2588" in text or "\u2580" in text
    s.keys("x")
    s.wait("Keys in the ROM")
    s.keys("x")
    s.wait("Boot entries")


def test_keys_in_the_plain_menu_without_keys_say_how_to_add_one(lines):
    m = lines("--plain", *BASE)
    m.expect("k\\) keys in the ROM")
    m.expect("Choice: ")
    m.send("k\r")
    m.expect("No keys in the ROM: boots cannot be verified")
    m.expect("Adding a key from a USB stick or removing one writes the flash")
    m.expect(r"a\) add a key from a USB stick  Enter\) back: ")
    m.send("\r")
    m.expect("Choice: ")


# --- basic mode ---

def test_basic_mode_says_so_on_every_screen_and_leaves_the_tpm_alone(screen, lines, conf, swtpm,
                                                                      tmp_path):
    cfg = conf(timeout="-1", basic="yes")
    s = screen("--boot-dir", FAKE_BOOT, "--config", cfg, env=tpm_env(swtpm, tmp_path))
    text = s.wait("Boot entries")
    assert "Firmware  [unknown] BASIC MODE (basic = yes): nothing is attested" in text
    assert "TOTP      [unknown] basic mode: not used" in text
    down(s, DOWNS_TO["Reseal"])
    text = s.wait("Not available: basic mode (basic = yes): the TPM is not used")
    down(s, DOWNS_TO["Event log"] - DOWNS_TO["Reseal"])
    s.keys("Enter")
    text = s.wait("TPM event log")
    assert "BASIC MODE (basic = yes)" in text  # the header is on every screen
    s.keys("x")
    s.wait("Boot entries")
    m = lines("--plain", "--boot-dir", FAKE_BOOT, "--config", cfg,
              env=tpm_env(swtpm, tmp_path))
    m.expect("BASIC MODE \\(basic = yes\\): nothing is attested")
    m.expect("Choice: ")
    m.send("t\r")
    m.expect("not available: basic mode \\(basic = yes\\): the TPM is not used")
