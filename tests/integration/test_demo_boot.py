"""The menu finds the demo disk by discovery and boots it with kexec, verified or not.

out/demo-disk.img (contrib/demo-disk.sh) is a GPT disk whose ext4 partition
holds a GRUB config, vigil's own kernel and an initrd whose /init prints
"vigil-demo-os: booted with: <cmdline>". The disk is attached with
--snapshot, so nothing a test does is kept.
"""
import base64
import os
import re
import subprocess

import pytest

from conftest import OUT, TOP
from test_rom_files import rom_with_key  # noqa: F401 (a fixture)

DEMO_MARKER = r"vigil-demo-os: booted with: [^\r\n]*vigil\.demo=1"


@pytest.fixture
def demo_disk():
    r = subprocess.run([os.path.join(TOP, "contrib", "demo-disk.sh")], capture_output=True,
                       text=True)
    if r.returncode != 0:
        pytest.fail("contrib/demo-disk.sh failed:\n%s" % r.stderr[-3000:])
    return os.path.join(OUT, "demo-disk.img")


def replayed_pcrs(log_bytes, tmp_path):
    """PCR values Debian's tpm2_eventlog computes from the log (its 'pcrs: sha256:' part)."""
    path = tmp_path / "eventlog.bin"
    path.write_bytes(log_bytes)
    yaml = subprocess.run(["tpm2_eventlog", str(path)], check=True, capture_output=True,
                          text=True).stdout
    bank = yaml[yaml.index("pcrs:"):]
    bank = bank[bank.index("sha256:"):]
    return {int(n): v.lower() for n, v in
            re.findall(r"^\s+(\d+)\s*:\s*0x([0-9A-Fa-f]{64})", bank, re.M)}


def test_b_boots_the_discovered_default_without_keys(boot, demo_disk, tmp_path):
    vm = boot(disks=[demo_disk], extra=["--snapshot"])
    entries = vm.wait_menu()
    assert re.search(r"1\) Demo OS \(default\)", entries), entries
    assert "2) Demo OS (verbose)" in entries
    vm.choose("b")
    # No keys in this ROM: it boots, and says so plainly.
    vm.expect("not verified: no keys in the ROM")
    vm.expect(r"boot mode: normal")
    vm.expect(DEMO_MARKER, timeout=120)
    # The booted OS got the whole event log in its initramfs (vigil/eventlog.bin), and
    # tpm2_eventlog's replay of it gives the PCRs the OS reads from the TPM.
    vm.expect("vigil-demo-os: eventlog begin")
    vm.expect("vigil-demo-os: eventlog end")
    log = base64.b64decode("".join(vm.p.before.split()))
    vm.expect("vigil-demo-os: ready")
    pcrs = {int(n): v.lower() for n, v in
            re.findall(r"vigil-demo-os: pcr (\d) ([0-9A-Fa-f]{64})", vm.p.before)}
    assert sorted(pcrs) == list(range(8)), vm.p.before
    replay = replayed_pcrs(log, tmp_path)
    # coreboot's PCR 2, vigil's PCR 7 (ROM files) and PCR 4 (boot mode: normal) at least.
    assert {2, 4} <= set(replay), replay
    for n in range(8):
        assert replay.get(n, "0" * 64) == pcrs[n], "PCR %d: log %s, TPM %s" % (
            n, replay.get(n), pcrs[n])


def test_keys_refuse_an_unsigned_disk_then_u_boots_it(boot, demo_disk, rom_with_key):
    rom, _ = rom_with_key
    vm = boot(rom=rom, disks=[demo_disk], extra=["--snapshot"])
    entries = vm.wait_menu()
    assert re.search(r"1\) Demo OS \(default\)", entries), entries
    assert "u) boot unverified" in entries
    vm.choose("b")
    vm.expect(r"boot refused: no manifest: vigil/manifest is missing")
    vm.expect("To boot it anyway, unverified: u1")
    vm.wait_menu()
    # PCR 4 now says "unverified"; the demo OS has no tools to read it back.
    vm.choose("u")
    vm.expect("UNVERIFIED boot of 'Demo OS'")
    vm.expect(r"boot mode: unverified")
    vm.expect(DEMO_MARKER, timeout=120)
