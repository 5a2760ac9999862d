"""vigil boots Xen 4.17 from a real Debian with Xen installed (20_linux_xen's multiboot2 entry).

Debian's grub.cfg makes the Xen entry the default (by title); vigil unpacks
xen-4.17-amd64.gz, adds no-real-mode edd=off and loads it with
kexec --type multiboot2-x86, the dom0 kernel and initrd as modules. The test
waits for dom0 to reach multi-user. QEMU keeps its default CPU model: Xen's
dom0 crashes under TCG with -cpu max.
"""
import re

from test_debian import debian_image, guest_shell, host_entries, json_array

XEN_MARKER = "vigil-test: xen dom0 reached multi-user"


def test_xen_entries_match_host(boot):
    image = debian_image("--xen")
    want = host_entries(image)
    default = [e for e in want if e["default"]]
    assert len(default) == 1 and default[0]["kind"] == "xen"
    assert default[0]["name"] == "Debian GNU/Linux, with Xen hypervisor"
    vm = guest_shell(boot, image)
    got = json_array(vm.run("vigil entries --json 2>/dev/null", timeout=120))
    assert got == want


def test_boot_xen_dom0_reaches_multi_user(boot):
    image = debian_image("--xen")
    vm = guest_shell(boot, image)
    vm.p.send("vigil boot --default\r")
    vm.expect(re.escape("Booting 'Debian GNU/Linux, with Xen hypervisor'"), timeout=120)
    vm.expect(r"gzip -dc /run/vigil/mnt/vda1/xen-4\.17-amd64\.gz > /run/vigil/kexec-xen")
    vm.expect(r"kexec -l --type multiboot2-x86 /run/vigil/kexec-xen '--command-line=([^']*)'")
    xen_args = vm.p.match.group(1).split()
    assert "no-real-mode" in xen_args and "edd=off" in xen_args
    vm.expect(re.escape(XEN_MARKER), timeout=600)
