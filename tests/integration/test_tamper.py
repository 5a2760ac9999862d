"""Signed /boot on the real ROM: every tampering is refused with its cause and file.

The Debian test image's /boot is signed on the host by `vigil sign` with real
gpg keys (ed25519 and RSA 3072, both put into the ROM with `vigil rom key
add`). In the guest's recovery shell each case changes the boot partition
(remounted read-write, then read-only again), runs `vigil boot --dry-run
--default` (the policy code the menu's "b" runs) and puts it back:

  kernel changed, initrd changed, grub.cfg changed, file added, file removed,
  signature by a key not in the ROM, signature deleted, manifest truncated;
  the menu's "b" refuses with the very message the shell got.

Signing in firmware: `vigil sign --tpm` in the recovery shell, with the
owner's secret key from a second disk, creates the TPM rollback counter, then
moves it on; each manifest records the counter's value and verifies, an
older signed manifest put back is refused as a rollback (whether it carries
an older counter or, signed on the OS before, none), and at the next power-on
the menu verifies and boots Debian to multi-user. "Boot unverified" boots
an image that fails verification; Debian itself then reads PCR 4 (the
kernel's sysfs file) and finds the boot mode vigil measured before kexec.
"""
import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time

import pytest

from conftest import HOST_VIGIL, Console
from test_debian import MARKER, debian_image
from test_rom_files import CBFSTOOL, RECOVERY_PASSPHRASE, rom_with_key  # noqa: F401 (a fixture)

ENTRY = "Debian GNU/Linux"
NV_INDEX = "0x0100564c"   # MANIFEST_NV_INDEX_DEFAULT: where firmware signing keeps the counter


def run(*args, **kw):
    """Run a host command; on failure say what it printed."""
    r = subprocess.run(list(args), capture_output=True, text=True, **kw)
    if r.returncode != 0:
        pytest.fail("%s failed (%d):\n%s%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
    return r.stdout


def pcr4_after(mode):
    """PCR 4 from zero after vigil's one extend with SHA-256 of the boot mode."""
    return hashlib.sha256(bytes(32) + hashlib.sha256(mode.encode()).digest()).hexdigest()


class Owner:
    """The owner's keys on the host: ed25519 and RSA 3072 (both in the ROM), and a stranger's."""

    def __init__(self, home):
        self.home = home
        self.ed = self.make("Vigil Owner <owner@vigil.invalid>", "ed25519")
        self.rsa = self.make("Vigil Owner RSA <owner-rsa@vigil.invalid>", "rsa3072")
        self.stranger = self.make("Not The Owner <stranger@vigil.invalid>", "ed25519")

    def gpg(self, *args):
        return run("gpg", "--homedir", self.home, "--batch", *args)

    def make(self, uid, algo):
        self.gpg("--passphrase", "", "--quick-gen-key", uid, algo, "sign", "never")
        return re.search(r"^fpr:::::::::([0-9A-F]{40}):$",
                         self.gpg("--with-colons", "--fingerprint", "=" + uid), re.M).group(1)


@pytest.fixture(scope="module")
def owner():
    home = tempfile.mkdtemp(prefix="vigil-owner.")
    try:
        yield Owner(home)
    finally:
        subprocess.run(["gpgconf", "--homedir", home, "--kill", "all"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


@contextlib.contextmanager
def boot_partition(image):
    """Partition 1 (/boot) of a raw image, mounted read-write on the host."""
    loop = run("losetup", "-f", "--show", image).strip()
    mnt = tempfile.mkdtemp(prefix="vigil-boot.")
    mounted = False
    try:
        run("partx", "-a", loop)
        node = loop + "p1"
        for _ in range(50):
            if os.path.exists(node):
                break
            time.sleep(0.1)
        run("mount", node, mnt)
        mounted = True
        yield mnt
    finally:
        if mounted:
            subprocess.run(["umount", mnt])
        os.rmdir(mnt)
        subprocess.run(["partx", "-d", loop])
        subprocess.run(["losetup", "-d", loop])


# Sourced in the guest's recovery shell. t NAME / u NAME change the boot
# partition and put it back (read-write only meanwhile); check is what "b" runs.
GUEST_SCRIPT = r"""# tamper.sh - made by tests/integration/test_tamper.py
B=/run/vigil/mnt/vda1
K=/mnt/keys
KERNEL=%(kernel)s
INITRD=%(initrd)s
CONFIG=%(config)s
rw() { mount -o remount,rw $B; }
ro() { sync; mount -o remount,ro $B; }
check() { vigil boot --dry-run --default 2>&1; echo "rc=$?"; }
t() { rw; t_$1; r=$?; ro; echo "tampered $1: $r"; }
u() { rw; u_$1; r=$?; ro; echo "restored $1: $r"; }
# 16 bytes in the middle of a file, so the size stays and only the SHA-256 can tell.
get16() { dd if=$B/$1 of=$2 bs=16 skip=256 count=1 2>/dev/null; }
flip() { get16 $1 /tmp/flip && dd if=/dev/urandom of=$B/$1 bs=16 seek=256 count=1 conv=notrunc 2>/dev/null && get16 $1 /tmp/flipped && ! cmp -s /tmp/flip /tmp/flipped; }
unflip() { dd if=/tmp/flip of=$B/$1 bs=16 seek=256 count=1 conv=notrunc 2>/dev/null; }
pair() { cp $1/manifest $1/manifest.sig $B/vigil/; }
t_kernel() { flip $KERNEL; }
u_kernel() { unflip $KERNEL; }
t_initrd() { flip $INITRD; }
u_initrd() { unflip $INITRD; }
t_grub() { cp $B/grub/grub.cfg /tmp/grub.cfg && sed -i 's, quiet$, quiet init=/bin/sh,' $B/grub/grub.cfg && ! cmp -s /tmp/grub.cfg $B/grub/grub.cfg; }
u_grub() { cp /tmp/grub.cfg $B/grub/grub.cfg; }
t_added() { echo 'set root=(hd1,msdos2)' >$B/grub/custom.cfg; }
u_added() { rm $B/grub/custom.cfg; }
t_removed() { mv $B/$CONFIG /tmp/; }
u_removed() { mv /tmp/$CONFIG $B/; }
t_stranger() { pair $K/stranger; }
u_stranger() { pair $K/ed; }
t_nosig() { rm $B/vigil/manifest.sig; }
u_nosig() { pair $K/ed; }
t_truncated() { n=$(wc -c <$B/vigil/manifest); head -c $((n / 2)) $K/ed/manifest >$B/vigil/manifest; }
u_truncated() { pair $K/ed; }
t_rsa() { pair $K/rsa; }
u_rsa() { pair $K/ed; }
# Signing in firmware with the owner's key from the key disk.
owner() { mkdir -p -m 700 /tmp/owner && gpg --homedir /tmp/owner --batch -q --import $K/owner-secret.asc; }
fwsign() { rw; vigil sign --tpm --gnupghome /tmp/owner $B 2>&1; echo "rc=$?"; ro; }
keep() { mkdir -p /tmp/$1 && cp $B/vigil/manifest $B/vigil/manifest.sig /tmp/$1/; }
t_replay() { pair /tmp/$REPLAY; }
u_replay() { pair /tmp/latest; }
t_replayos() { pair $K/ed; }
u_replayos() { pair /tmp/latest; }
"""


@pytest.fixture(scope="module")
def signed(owner, tmp_path_factory):
    """A copy of the Debian image whose /boot the host signed, and a disk with the rest.

    The key disk holds the pairs (manifest + signature) the stranger and the RSA key
    made for the same /boot, the ed25519 pair the image carries, the owner's
    ed25519 secret key for signing in firmware, and tamper.sh.
    """
    work = tmp_path_factory.mktemp("tamper")
    image = str(work / "debian.img")
    run("cp", "--sparse=always", debian_image(), image)
    keydir = work / "keys"
    keydir.mkdir()
    rom_keyring = str(work / "rom-gnupg")
    os.mkdir(rom_keyring, 0o700)
    public = str(work / "owner.asc")
    with open(public, "w") as f:
        f.write(owner.gpg("--armor", "--export", owner.ed, owner.rsa))
    run("gpg", "--homedir", rom_keyring, "--batch", "--import", public)
    names = {}
    try:
        with boot_partition(image) as mnt:
            for kind, prefix in (("kernel", "vmlinuz-"), ("initrd", "initrd.img-"),
                                 ("config", "config-")):
                found = [n for n in os.listdir(mnt) if n.startswith(prefix)]
                assert len(found) == 1, "%s: %r" % (prefix, os.listdir(mnt))
                names[kind] = found[0]
            # Signing on the OS: the same command, built for the host; ed25519 last, so
            # its pair is the one the image carries.
            for name, fpr in (("stranger", owner.stranger), ("rsa", owner.rsa),
                              ("ed", owner.ed)):
                out = run(HOST_VIGIL, "sign", "--gnupghome", owner.home, "--key", fpr, mnt)
                assert "rollback counter: none" in out, out
                (keydir / name).mkdir()
                for f in ("manifest", "manifest.sig"):
                    shutil.copy(os.path.join(mnt, "vigil", f), str(keydir / name / f))
            # What the OS signed verifies on the host too, against the ROM's keys only.
            out = run(HOST_VIGIL, "verify", "--gnupghome", rom_keyring, mnt)
            assert "signed by Vigil Owner <owner@vigil.invalid> (%s)" % owner.ed in out, out
            names["files"] = int(re.search(r"OK: \S+: (\d+) files", out).group(1))
    finally:
        subprocess.run(["gpgconf", "--homedir", rom_keyring, "--kill", "all"],
                       capture_output=True)
    with open(str(keydir / "owner-secret.asc"), "w") as f:
        f.write(owner.gpg("--armor", "--export-secret-keys", owner.ed))
    with open(str(keydir / "tamper.sh"), "w") as f:
        f.write(GUEST_SCRIPT % names)
    keys = str(work / "keys.img")
    run("truncate", "-s", "16M", keys)
    run("mkfs.ext4", "-q", "-L", "vigil-keys", "-d", str(keydir), keys)
    return {"image": image, "keys": keys, "public": public, "names": names}


@pytest.fixture
def keyed_rom(rom_with_key, signed):
    """The ROM with a recovery passphrase and the test key, plus the owner's two keys."""
    rom, _ = rom_with_key
    run(HOST_VIGIL, "rom", "--cbfstool", CBFSTOOL, "key", "add", rom, signed["public"])
    return rom


@pytest.fixture
def vms(request):
    """Factory: vms(label, **Console args); each boot logs to its own file, all closed after."""
    started = []

    def start(label, **kw):
        if not os.path.exists(kw.get("rom", "")):
            pytest.fail("no ROM at %s" % kw.get("rom"))
        c = Console("%s-%s" % (request.node.name, label), **kw)
        started.append(c)
        return c

    yield start
    for c in started:
        c.close()


def recovery_shell(vm):
    """Authenticate into the recovery shell and source tamper.sh from the key disk."""
    vm.enter_shell(passphrase=RECOVERY_PASSPHRASE)
    vm.run("dmesg -n 1")
    out = vm.run("mkdir -p /mnt/keys && mount -o ro /dev/vdb /mnt/keys; echo rc=$?")
    assert "rc=0" in out, out
    vm.run(". /mnt/keys/tamper.sh")
    assert "/run/vigil/mnt/vda1" in vm.run("grep vda1 /proc/mounts"), "menu did not mount vda1"


def refused(out):
    """The cause `vigil boot` gave, or fail saying that it booted."""
    m = re.search(r"^vigil boot: refused: (.*)$", out, re.M)
    assert m and "rc=1" in out, "not refused:\n%s" % out
    return m.group(1)


def verified(out):
    m = re.search(r"^verified: (.*)$", out, re.M)
    assert m and "rc=0" in out, "not verified:\n%s" % out
    return m.group(1)


def debian_pcr4(vm):
    """Log in on Debian's serial console (root has no password) and read PCR 4 from sysfs."""
    vm.expect(r"login: ", timeout=180)
    vm.p.send("root\r")
    if vm.expect([r"Password: ", r"root@vigil-test:~# "], timeout=60) == 0:
        vm.p.send("\r")
        vm.expect(r"root@vigil-test:~# ")
    vm.p.send("cat /sys/class/tpm/tpm0/pcr-sha256/4\r")
    vm.expect(r"[\r\n]([0-9A-Fa-f]{64})\r*\n", timeout=30)
    return vm.p.match.group(1).lower()


# name, what the test does, the reason `vigil boot` and the menu must give.
CASES = [
    ("kernel", "kernel changed (same size)",
     r"file modified: {kernel} \(contents differ from the signed sha256\)"),
    ("initrd", "initrd changed (same size)",
     r"file modified: {initrd} \(contents differ from the signed sha256\)"),
    ("grub", "grub.cfg changed (init=/bin/sh)",
     r"file modified: grub/grub\.cfg \(size \d+ bytes, signed as \d+\)"),
    ("added", "file added (grub/custom.cfg, which GRUB reads)", r"file added: grub/custom\.cfg"),
    ("removed", "file removed", r"file removed: {config}"),
    ("stranger", "signature by a key not in the ROM",
     r"signing key not in the ROM keyring: vigil/manifest\.sig: "
     r"the signing key [0-9A-F]*{stranger_id} is not in the keyring"),
    ("nosig", "signature deleted", r"no signature: vigil/manifest\.sig is missing"),
    ("truncated", "manifest truncated",
     r"bad signature: vigil/manifest\.sig: bad signature by [0-9A-F]*{ed_id}: "
     r"the manifest changed after signing"),
]


def test_tamper_matrix(keyed_rom, signed, owner, vms):
    names = signed["names"]
    subst = dict(names, stranger_id=owner.stranger[-16:], ed_id=owner.ed[-16:])
    vm = vms("shell", rom=keyed_rom, disks=[signed["image"], signed["keys"]],
             extra=["--snapshot"])
    vm.wait_menu(timeout=180)
    recovery_shell(vm)

    # Signed on the OS, by either key: verifies.
    ok = verified(vm.run("check", timeout=180))
    assert ok.startswith("%d files match the manifest signed by Vigil Owner "
                         "<owner@vigil.invalid> (%s)" % (names["files"], owner.ed)), ok
    assert "rollback counter not checked" in ok, ok
    assert "tampered rsa: 0" in vm.run("t rsa")
    assert "(%s)" % owner.rsa in verified(vm.run("check", timeout=180))
    assert "restored rsa: 0" in vm.run("u rsa")

    failures = []
    for name, what, reason in CASES:
        want = reason.format(**subst)
        out = vm.run("t %s" % name)
        if "tampered %s: 0" % name not in out:
            failures.append("%s: could not tamper:\n%s" % (what, out))
        else:
            out = vm.run("check", timeout=180)
            m = re.search(r"^vigil boot: refused: (.*)$", out, re.M)
            if not m or "rc=1" not in out:
                failures.append("%s: NOT refused:\n%s" % (what, out))
            elif not re.fullmatch(want, m.group(1)):
                failures.append("%s: refused, but with %r (wanted %r)" % (what, m.group(1),
                                                                        want))
        out = vm.run("u %s" % name)
        assert "restored %s: 0" % name in out, out
    # Everything was put back (a wrong restore would also show in the next case's reason).
    verified(vm.run("check", timeout=180))
    assert not failures, "\n".join(failures)

    # The menu's "b" refuses with the same message.
    assert "tampered grub: 0" in vm.run("t grub")
    why = refused(vm.run("check", timeout=180))
    vm.p.send("exit\r")
    vm.expect("Choice: ")
    vm.choose("b")
    vm.expect(r"boot refused: ([^\r\n]*)\r*\n", timeout=180)
    assert vm.p.match.group(1) == why
    vm.expect("To boot it anyway, unverified: u1")


def test_signing_in_firmware_rollback_and_next_boot(keyed_rom, signed, owner, vms, tmp_path):
    names = signed["names"]
    disk = str(tmp_path / "debian.qcow2")
    run("qemu-img", "create", "-q", "-f", "qcow2", "-b", signed["image"], "-F", "raw", disk)
    tpm = str(tmp_path / "tpm")
    vm = vms("sign", rom=keyed_rom, disks=[disk, signed["keys"]], tpm_state=tpm)
    vm.wait_menu(timeout=180)
    recovery_shell(vm)
    # Before the counter exists, the OS-signed manifest (counter none) verifies.
    verified(vm.run("check", timeout=180))
    assert "rc=0" in vm.run("owner; echo rc=$?", timeout=120)

    # First signing in firmware creates the counter and records its value.
    out = vm.run("fwsign", timeout=300)
    assert "rc=0" in out, out
    assert re.search(r"signed /run/vigil/mnt/vda1: %d files, \d+ bytes, by Vigil Owner "
                     r"<owner@vigil\.invalid> \(%s\)" % (names["files"], owner.ed), out), out
    first = int(re.search(r"rollback counter: (\d+) \(TPM NV index %s, created by this signing\)"
                          % NV_INDEX, out).group(1))
    assert vm.run("grep ^counter $B/vigil/manifest").strip() == "counter %s %d" % (NV_INDEX,
                                                                                    first)
    ok = verified(vm.run("check", timeout=180))
    assert ok.endswith("rollback counter %d, TPM counter %d" % (first, first)), ok
    vm.run("keep first")

    # An OS update later, signed again in firmware: the counter moves on.
    out = vm.run("fwsign", timeout=300)
    assert "rc=0" in out, out
    second = int(re.search(r"rollback counter: (\d+) \(TPM NV index %s, moved on by this "
                           r"signing\)" % NV_INDEX, out).group(1))
    assert second == first + 1
    ok = verified(vm.run("check", timeout=180))
    assert ok.endswith("rollback counter %d, TPM counter %d" % (second, second)), ok
    vm.run("keep latest")

    # Replays: the first firmware-signed pair, and the pair the OS signed without a counter.
    vm.run("REPLAY=first")
    assert "tampered replay: 0" in vm.run("t replay")
    assert refused(vm.run("check", timeout=180)) == (
        "rollback: vigil/manifest has counter %d, older than the TPM counter %d "
        "(an older signed state was put back)" % (first, second))
    assert "restored replay: 0" in vm.run("u replay")
    assert "tampered replayos: 0" in vm.run("t replayos")
    assert refused(vm.run("check", timeout=180)) == (
        "rollback: vigil/manifest was signed without a rollback counter, but the TPM "
        "counter is at %d" % second)
    assert "restored replayos: 0" in vm.run("u replayos")
    verified(vm.run("check", timeout=180))
    vm.close()

    # The next power-on (same disk, same TPM): the menu verifies and Debian boots.
    vm = vms("next-boot", rom=keyed_rom, disks=[disk], tpm_state=tpm, extra=["--snapshot"])
    vm.wait_menu(timeout=180)
    vm.choose("b")
    vm.expect(r"verified: %d files match the manifest signed by Vigil Owner "
              r"<owner@vigil\.invalid> \(%s\)" % (names["files"], owner.ed), timeout=180)
    vm.expect(r"rollback counter: manifest %d, TPM %d" % (second, second))
    vm.expect(re.escape("Starting %s with kexec (boot mode: normal)" % ENTRY))
    vm.expect(re.escape(MARKER), timeout=300)
    assert debian_pcr4(vm) == pcr4_after("normal")


def test_boot_unverified_is_measured_in_pcr4(rom_with_key, vms):
    rom, _ = rom_with_key
    # The image as built: never signed, so verification refuses it.
    vm = vms("unverified", rom=rom, disks=[debian_image()], extra=["--snapshot"])
    vm.wait_menu(timeout=180)
    vm.choose("b")
    vm.expect(r"boot refused: no manifest: vigil/manifest is missing", timeout=180)
    vm.expect("To boot it anyway, unverified: u1")
    vm.wait_menu()
    vm.choose("u")
    vm.expect(re.escape("UNVERIFIED boot of '%s', chosen on this console: recorded in PCR 4"
                        % ENTRY))
    vm.expect(re.escape("Starting %s with kexec (boot mode: unverified)" % ENTRY))
    vm.expect(re.escape(MARKER), timeout=300)
    # Debian reads PCR 4 itself: "unverified", extended once from zero (the refused
    # "b" measured nothing), so secrets sealed to a verified boot's PCR 4 stay sealed.
    pcr4 = debian_pcr4(vm)
    assert pcr4 == pcr4_after("unverified")
    assert pcr4 != pcr4_after("normal")
