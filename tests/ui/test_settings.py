"""Settings in the flash, from both menus, on a pty: the flash (flashrom's emulated chip, the
chip kept in a file) is read, one setting changed on a checked copy with the real cbfstool and
written back; a bad value is refused before anything is written; a restricted machine refuses."""
from test_actions import down
from test_firmware import machine, rom_setting  # noqa: F401

DOWNS_TO_SETTINGS = 12  # from the default entry (the second of 3): actions in actions.h order


def test_plain_menu_changes_and_removes_a_setting(lines, machine):
    chip = machine["chip"]
    m = lines("--plain", *machine["args"], env=machine["env"])
    m.expect(r"o\) settings in the flash")
    m.expect("Choice: ", timeout=30)
    m.send("o\r")
    m.expect(r"Settings in the flash \(they count from the next start\):\r\n", timeout=30)
    m.expect(r"(\d+)\) timeout = \"7\"\r\n")
    number = m.match.group(1).strip()
    m.expect(r"\d+\) utf8 \(not set\)\r\n")
    m.expect(r"Number to change \(empty: back\): ")
    m.send(number + "\r")
    m.expect(r"timeout: seconds before the default boots")
    m.expect(r"New value for timeout \(empty removes it, \. keeps it\): ")
    # Checked before the flash is touched: the chip keeps its value.
    m.send("soon\r")
    m.expect(r"Not saved: setting 'timeout': 'soon' is not valid: seconds before the default "
             r"boots")
    assert rom_setting(chip, "timeout") == "7"

    m.expect("Choice: ")
    m.send("o\r")
    m.expect(r"Number to change \(empty: back\): ", timeout=30)
    m.send(number + "\r")
    m.expect(r"New value for timeout")
    m.send("5\r")
    m.expect("Writing the flash; do not power off...")
    m.expect(r"Saved in the flash: timeout = \"5\" \(from the next start\)", timeout=60)
    assert rom_setting(chip, "timeout") == "5"

    # The same again writes nothing; empty removes it.
    m.expect("Choice: ")
    m.send("o\r")
    m.expect(r"(\d+)\) timeout = \"5\"\r\n", timeout=30)
    m.expect(r"Number to change \(empty: back\): ")
    m.send(number + "\r")
    m.expect(r"New value for timeout")
    m.send("5\r")
    m.expect(r"The flash says so already: nothing written\.", timeout=60)
    m.expect("Choice: ")
    m.send("o\r")
    m.expect(r"Number to change \(empty: back\): ", timeout=30)
    m.send(number + "\r")
    m.expect(r"New value for timeout")
    m.send("\r")
    m.expect(r"Removed from the flash: timeout \(from the next start\)", timeout=60)
    assert rom_setting(chip, "timeout") == ""
    m.expect("Choice: ")


def test_restricted_machine_keeps_its_settings(lines, machine):
    config = machine["args"][-1]
    with open(config, "a") as f:
        f.write('restricted = "yes"\n')
    m = lines("--plain", *machine["args"], env=machine["env"])
    m.expect("Choice: ", timeout=30)
    m.send("o\r")
    m.expect(r"Settings in the flash: not available: this machine is restricted \(restricted = "
             r"yes\): its settings change only in a ROM file written from another machine")
    assert rom_setting(machine["chip"], "timeout") == "7"


def test_ncurses_edits_a_setting_in_place(screen, machine):
    chip = machine["chip"]
    s = screen(*machine["args"], env=machine["env"])
    s.wait("Boot entries", timeout=30)
    down(s, DOWNS_TO_SETTINGS)
    s.keys("Enter")
    text = s.wait("Settings in the flash (from the next start)", timeout=30)
    assert "timeout              7" in text and "utf8                 (not set)" in text, text
    s.keys("Down")  # default, then timeout
    text = s.wait("seconds before the default boots")
    s.keys("Enter")
    s.wait("New value for timeout (empty removes it)")
    s.keys("BSpace")
    s.type("12")
    s.keys("Enter")
    text = s.wait("Saved in the flash: timeout = 12 (from the next start)", timeout=60)
    assert "timeout              12" in text, text
    assert rom_setting(chip, "timeout") == "12"
    # Ctrl-X cancels an edit: nothing is written.
    s.keys("Enter")
    s.wait("New value for timeout (empty removes it)")
    s.type("3")
    s.keys("C-x")
    s.wait("Up/Down choose  Enter=change")
    assert rom_setting(chip, "timeout") == "12"
