"""vigil finds a real Debian's boot entries (grub.cfg by Debian's own grub-mkconfig) and boots it.

The image comes from contrib/images/debian.sh (debootstrap from Debian's
archive, cached outside the tree). The guest's `vigil entries --json`, which
discovers and mounts the disk itself, must say exactly what the host's says
over the same partitions mounted read-only; `vigil boot --default` must then
bring Debian's own kernel and initrd up to multi-user.
"""
import contextlib
import json
import os
import re
import subprocess
import tempfile
import time

import pytest

from conftest import TOP, host_vigil

IMAGE_SCRIPT = os.path.join(TOP, "contrib", "images", "debian.sh")
MARKER = "vigil-test: debian reached multi-user"


def debian_image(*flags):
    """Path of the cached Debian image (built on first use: a few minutes)."""
    if os.geteuid() != 0:
        pytest.skip("the Debian image needs root to build and to mount")
    r = subprocess.run([IMAGE_SCRIPT] + list(flags), capture_output=True, text=True)
    if r.returncode != 0:
        pytest.fail("contrib/images/debian.sh %s failed:\n%s" % (" ".join(flags), r.stderr[-3000:]))
    return r.stdout.strip().splitlines()[-1]


@contextlib.contextmanager
def mounted_partitions(image):
    """The image's partitions mounted read-only on the host, in partition order."""
    loop = subprocess.run(["losetup", "-r", "-f", "--show", image], check=True,
                          capture_output=True, text=True).stdout.strip()
    top = tempfile.mkdtemp(prefix="vigil-debian.")
    dirs = []
    try:
        # losetup -P makes no partition nodes on some hosts; partx does.
        subprocess.run(["partx", "-a", loop], check=True)
        n = 1
        while True:
            node = "%sp%d" % (loop, n)
            for _ in range(50):
                if os.path.exists(node):
                    break
                time.sleep(0.1)
            if not os.path.exists(node):
                break
            d = os.path.join(top, "p%d" % n)
            os.mkdir(d)
            subprocess.run(["mount", "-o", "ro,noload", node, d], check=True)
            dirs.append(d)
            n += 1
        yield dirs
    finally:
        for d in reversed(dirs):
            subprocess.run(["umount", d])
            os.rmdir(d)
        subprocess.run(["partx", "-d", loop])
        subprocess.run(["losetup", "-d", loop])
        os.rmdir(top)


def json_array(output):
    """The JSON array in what the serial console showed (one entry a line)."""
    m = re.search(r"^\[\n.*?^\]$", output, re.S | re.M)
    assert m, "no JSON array in %r" % output
    return json.loads(m.group(0))


def host_entries(image):
    with mounted_partitions(image) as dirs:
        return json.loads(host_vigil("entries", "--json", *dirs))


def guest_shell(boot, image):
    # --snapshot: the booted Debian writes to its disk; the cached image stays as built.
    vm = boot(disks=[image], extra=["--snapshot"])
    vm.wait_menu(timeout=180)
    vm.enter_shell()
    # Kernel messages (mounts) must not land inside the JSON on the console.
    vm.run("dmesg -n 1")
    return vm


def test_entries_match_host(boot):
    image = debian_image()
    want = host_entries(image)
    assert want and want[0]["name"] == "Debian GNU/Linux" and want[0]["default"]
    vm = guest_shell(boot, image)
    got = json_array(vm.run("vigil entries --json 2>/dev/null", timeout=120))
    assert got == want


def test_boot_default_reaches_multi_user(boot):
    image = debian_image()
    vm = guest_shell(boot, image)
    vm.p.send("vigil boot --default\r")
    vm.expect(r"Booting 'Debian GNU/Linux'", timeout=120)
    # Debian's initrd with vigil's handoff cpio (the event log) joined after it.
    vm.expect(r"cat /run/vigil/mnt/vda1/initrd\.img-\S+ /run/vigil/handoff\.cpio "
              r"> /run/vigil/kexec-initrd")
    vm.expect(r"kexec -s -l /run/vigil/mnt/vda1/vmlinuz-\S+ "
              r"--initrd=/run/vigil/kexec-initrd "
              r"'--command-line=root=UUID=\S+ ro console=ttyS0 quiet'")
    vm.expect(re.escape(MARKER), timeout=300)
