"""vigil init measures every LUKS header on the disks into PCR 6, once per boot.

Next to the demo disk the guest gets three more virtio disks: a GPT disk
whose partition 1 is LUKS2 (vdb1), a whole disk that is LUKS1 (vdc), and a
whole disk whose LUKS1 header libblkid recognises but libcryptsetup rejects
(vdd: a hash it does not know). The host computes PCR 6 from the images
alone: SHA-256 of what `cryptsetup luksHeaderBackup` writes for each header,
and for the unreadable one SHA-256 of the fixed event "unreadable LUKS
header: /dev/vdd", extended from zeros in the order of the UUIDs. The guest
must have exactly that in its TPM, log the same events (`vigil pcr log`),
pass `vigil pcr check`, and not measure again when asked twice or when the
menu restarts.
"""
import hashlib
import os
import re
import shutil
import subprocess

import pytest

from test_demo_boot import demo_disk  # noqa: F401 (a fixture)

UUID_LUKS1 = "00000000-0000-4000-8000-000000000001"
UUID_BROKEN = "88888888-0000-4000-8000-000000000008"
UUID_LUKS2 = "ffffffff-0000-4000-8000-00000000000f"
LUKS1_HASH_SPEC_OFFSET = 72  # struct luks_phdr: magic, version, cipher name and mode
MIB = 1 << 20


def run(*argv, **kwargs):
    return subprocess.run(list(argv), check=True, capture_output=True, **kwargs)


def luks_format(path, luks_type, size, uuid, key):
    with open(path, "wb") as f:
        f.truncate(size)
    run("cryptsetup", "luksFormat", "-q", "--type", luks_type, "--pbkdf", "pbkdf2",
        "--pbkdf-force-iterations", "1000", "--uuid", uuid, "--key-file", key, path)


def header_digest(path, work):
    """SHA-256 of the header backup cryptsetup makes: what vigil measures."""
    backup = os.path.join(work, "backup.bin")
    if os.path.exists(backup):
        os.unlink(backup)
    run("cryptsetup", "luksHeaderBackup", path, "--header-backup-file", backup)
    with open(backup, "rb") as f:
        digest = hashlib.sha256(f.read()).digest()
    os.unlink(backup)
    return digest


@pytest.fixture(scope="module")
def luks_disks(tmp_path_factory):
    """(disk images, the PCR 6 events the guest must measure: (digest, text) in order)."""
    for tool in ("cryptsetup", "sfdisk", "qemu-img"):
        if not shutil.which(tool):
            pytest.fail("%s is missing: contrib/install-deps.sh installs it" % tool)
    work = str(tmp_path_factory.mktemp("luks"))
    key = os.path.join(work, "key")
    with open(key, "w") as f:
        f.write("vigil test passphrase")

    # vdb: GPT, partition 1 from 1 MiB is the LUKS2 container made as a file first.
    container = os.path.join(work, "luks2.bin")
    luks_format(container, "luks2", 20 * MIB, UUID_LUKS2, key)
    gpt = os.path.join(work, "luks2-gpt.img")
    with open(gpt, "wb") as f:
        f.truncate(22 * MIB)
    run("sfdisk", "-q", gpt, input=b"label: gpt\nstart=2048, size=40960, type=linux\n")
    with open(container, "rb") as src, open(gpt, "r+b") as dst:
        dst.seek(MIB)
        dst.write(src.read())

    # vdc: LUKS1 on the whole disk.
    luks1 = os.path.join(work, "luks1.img")
    luks_format(luks1, "luks1", 4 * MIB, UUID_LUKS1, key)

    # vdd: LUKS1 with a hash no one knows: libblkid says LUKS, libcryptsetup refuses it.
    broken = os.path.join(work, "broken.img")
    luks_format(broken, "luks1", 4 * MIB, UUID_BROKEN, key)
    with open(broken, "r+b") as f:
        f.seek(LUKS1_HASH_SPEC_OFFSET)
        f.write(b"nohash\0")

    # qemu-img would take a raw LUKS image for its own "luks" format: hand QEMU qcow2.
    disks = [gpt]
    for raw in (luks1, broken):
        disks.append(raw[:-len(".img")] + ".qcow2")
        run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw, disks[-1])

    unreadable = "unreadable LUKS header: /dev/vdd"
    events = [
        (header_digest(luks1, work), "LUKS header: UUID=%s (/dev/vdc)" % UUID_LUKS1),
        (hashlib.sha256(unreadable.encode()).digest(), unreadable),
        (header_digest(container, work), "LUKS header: UUID=%s (/dev/vdb1)" % UUID_LUKS2),
    ]
    return disks, events


def pcr6_from(events):
    pcr = bytes(32)
    for digest, _ in events:
        pcr = hashlib.sha256(pcr + digest).digest()
    return pcr.hex()


def guest_pcr6(vm):
    out = vm.run("vigil pcr read 6")
    m = re.search(r"PCR 6 sha256: ([0-9a-f]{64})", out)
    assert m, out
    return m.group(1)


def test_luks_headers_in_pcr6_once_per_boot(boot, demo_disk, luks_disks):  # noqa: F811
    disks, events = luks_disks
    want = pcr6_from(events)
    vm = boot(disks=[demo_disk] + disks, extra=["--snapshot"])
    # init says what it could not read, and that it is recorded, before the menu.
    vm.expect(r"vigil init: LUKS: /dev/vdd: cannot read the LUKS header: [^\r\n]*nohash")
    vm.expect(r"vigil init: LUKS headers: 2 measured into PCR 6; what could not be read is "
              r"recorded there as unreadable")
    entries = vm.wait_menu()
    assert "Demo OS" in entries
    vm.enter_shell()
    vm.run("dmesg -n 1")
    assert guest_pcr6(vm) == want

    # The log has the same events, in UUID order, and replays to the TPM.
    log = vm.run("vigil pcr log")
    got = [(bytes.fromhex(d), text) for d, text in
           re.findall(r"^\s*\d+\s+6 EV_IPL\s+([0-9a-f]{64}) (.*?)\s*$", log, re.M)]
    assert got == events, log
    check = vm.run("vigil pcr check; echo status=$?")
    assert "status=0" in check, check

    # Asked again in the same boot: nothing more in PCR 6.
    again = vm.run("vigil measure luks; echo status=$?")
    assert "measured into PCR 6 earlier this boot: not again" in again, again
    assert "status=0" in again, again
    assert guest_pcr6(vm) == want

    # The menu restarting (a crash here) does not measure again either.
    vm.p.send("kill -SEGV $PPID\r")
    vm.expect(r"the menu on /dev/ttyS0 crashed \(signal 11")
    vm.wait_menu()
    vm.enter_shell()
    assert guest_pcr6(vm) == want
    check = vm.run("vigil pcr check; echo status=$?")
    assert "status=0" in check, check
