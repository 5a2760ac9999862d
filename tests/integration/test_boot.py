"""The ROM boots to vigil's menu and the firmware measurement is what we predicted."""
import hashlib
import re

from conftest import ROM, host_vigil


def predicted_pcr2():
    m = re.search(r"PCR 2 sha256: ([0-9a-f]{64})", host_vigil("pcr", "predict", ROM))
    assert m, "vigil pcr predict printed no PCR"
    return m.group(1)


def test_menu_shows_predicted_pcr2(boot):
    vm = boot()
    header = vm.wait_menu()
    m = re.search(r"Firmware measurement \(PCR 2\): ([0-9a-f]{64})", header)
    assert m, "menu shows no PCR 2: %r" % header
    assert m.group(1) == predicted_pcr2()


def test_pcr_read_in_guest_matches_prediction(boot):
    vm = boot()
    vm.wait_menu()
    vm.enter_shell()
    out = vm.run("vigil pcr read 2 4")
    pcr2 = re.search(r"PCR 2 sha256: ([0-9a-f]{64})", out).group(1)
    pcr4 = re.search(r"PCR 4 sha256: ([0-9a-f]{64})", out).group(1)
    assert pcr2 == predicted_pcr2()
    # Entering the recovery shell recorded "recovery" in PCR 4 (from zero).
    want = hashlib.sha256(bytes(32) + hashlib.sha256(b"recovery").digest()).hexdigest()
    assert pcr4 == want


def test_menu_restarts_after_crash(boot):
    vm = boot()
    vm.wait_menu()
    vm.enter_shell()
    vm.p.send("kill -SEGV $PPID\r")
    vm.expect(r"the menu on /dev/ttyS0 crashed \(signal 11")
    vm.wait_menu()


def test_no_tpm_is_reported(boot):
    vm = boot(extra=["--no-tpm"])
    header = vm.wait_menu()
    assert "TPM: not available" in header
