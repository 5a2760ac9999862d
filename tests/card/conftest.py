"""Fixtures for the OpenPGP card model and real GnuPG.

Per session: a private pcscd with a vpcd reader (card_rig.py). Per test: a fresh card model is plugged in (connects to
vpcd) and a fresh GNUPGHOME on tmpfs (short path: agent socket paths are limited)
whose scdaemon.conf uses PC/SC only; gpg starts gpg-agent, which starts
scdaemon, and both inherit PCSCLITE_CSOCK_NAME from gpg's environment.

Everything pcscd, the card and gpg say ends up in the test's failure report.
"""
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from card_rig import LIBPCSCLITE, Pcscd, plug  # noqa: E402
from openpgp_card import OpenPGPCard  # noqa: E402


@pytest.fixture(scope="session")
def pcscd():
    daemon = Pcscd()
    yield daemon
    daemon.close()


class GpgError(AssertionError):
    pass


class Gpg:
    """Real gpg on a private GNUPGHOME, driven through --command-fd / --status-fd.

    `answers` maps a prompt keyword (what gpg puts after GET_LINE, GET_BOOL or
    GET_HIDDEN on the status fd) to the list of answers to give, in order. PINs
    are asked for through gpg-agent's loopback pinentry, which gpg turns into
    GET_HIDDEN passphrase.enter: `pins` is that list. A prompt with no answer
    left fails the test (it means gpg took an unexpected path).
    """

    def __init__(self, home, env, transcript):
        self.home, self.env, self.transcript = home, env, transcript

    def run(self, *args, answers=None, pins=(), check=True, strict=True, timeout=120):
        """Run gpg; with `check` it must exit 0, with `strict` it must use every answer."""
        queues = {k: list(v) for k, v in (answers or {}).items()}
        queues.setdefault("passphrase.enter", []).extend(pins)
        status_r, status_w = os.pipe()
        argv = ["gpg", "--no-tty", "--verbose", "--pinentry-mode", "loopback",
                "--command-fd", "0", "--status-fd", str(status_w)] + list(args)
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=self.env, pass_fds=(status_w,))
        os.close(status_w)
        out, err = [], []
        readers = [threading.Thread(target=lambda s, b: b.append(s.read()), args=(proc.stdout, out)),
                   threading.Thread(target=lambda s, b: b.append(s.read()), args=(proc.stderr, err))]
        for t in readers:
            t.start()
        status, problem = [], None
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            with os.fdopen(status_r, "rb") as sf:
                for raw in sf:
                    line = raw.decode(errors="replace").rstrip("\n")
                    status.append(line)
                    parts = line.split()
                    if len(parts) >= 3 and parts[0] == "[GNUPG:]" and parts[1] in (
                            "GET_LINE", "GET_BOOL", "GET_HIDDEN"):
                        keyword = parts[2]
                        queue = queues.get(keyword)
                        if not queue:
                            problem = "gpg asked %s %s and the test has no answer left" % (parts[1], keyword)
                            proc.kill()
                            break
                        answer = queue.pop(0)
                        shown = "***" if parts[1] == "GET_HIDDEN" else answer
                        status.append("  -> " + shown)
                        proc.stdin.write(answer.encode() + b"\n")
                        proc.stdin.flush()
        finally:
            proc.wait()
            timer.cancel()
            for t in readers:
                t.join()
        stdout, stderr = out[0].decode(errors="replace"), err[0].decode(errors="replace")
        record = "$ %s\n[rc %s]\n--- status\n%s\n--- stdout\n%s\n--- stderr\n%s\n" % (
            " ".join(args), proc.returncode, "\n".join(status), stdout, stderr)
        self.transcript.append(record)
        leftover = {k: v for k, v in queues.items() if v}
        if problem is None and leftover and strict:
            problem = "gpg finished without asking for: %s" % leftover
        if problem is None and check and proc.returncode != 0:
            problem = "gpg exited with %s" % proc.returncode
        if problem:
            raise GpgError(problem + "\n" + record)
        return Result(proc.returncode, stdout, stderr, status)

    def card_edit(self, commands, answers=None, pins=(), **kwargs):
        """gpg --card-edit with `commands` typed at the card prompt (then quit)."""
        answers = dict(answers or {})
        answers["cardedit.prompt"] = list(commands) + ["quit"]
        return self.run("--card-edit", answers=answers, pins=pins, **kwargs)

    def card_status(self):
        """`gpg --card-status --with-colons`: record name -> its fields; "keyattr" -> one list per key."""
        res = self.run("--card-status", "--with-colons")
        fields = {"keyattr": []}
        for line in res.stdout.splitlines():
            parts = line.split(":")
            if parts[0] == "keyattr":
                fields["keyattr"].append(parts[1:])
            else:
                fields[parts[0]] = parts[1:]
        return fields

    def kill(self):
        subprocess.run(["gpgconf", "--kill", "all"], env=self.env, capture_output=True, timeout=30)


class Result:
    def __init__(self, returncode, stdout, stderr, status):
        self.returncode, self.stdout, self.stderr, self.status = returncode, stdout, stderr, status

    def has_status(self, keyword):
        return any(line.split()[1:2] == [keyword] for line in self.status if line.startswith("[GNUPG:]"))


def make_home(prefix, env_extra, base="/tmp"):
    home = tempfile.mkdtemp(prefix=prefix, dir=base)
    os.chmod(home, 0o700)
    with open(os.path.join(home, "gpg-agent.conf"), "w") as f:
        f.write("allow-loopback-pinentry\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GPG_", "GNUPG"))}
    env.update(GNUPGHOME=home, LC_ALL="C", LANGUAGE="C")
    env.update(env_extra)
    return home, env


@pytest.fixture
def card(pcscd, request):
    """A factory-fresh card model plugged into the private pcscd's reader."""
    trace = []
    model = OpenPGPCard(serial=0x0CA4D000 + secrets.randbelow(0xFFF), log=trace.append)
    model.trace = trace
    link = plug(model, pcscd)
    yield model
    link.stop()
    if link.error:
        raise link.error


@pytest.fixture
def gpg(card, pcscd, request):
    """gpg with a private GNUPGHOME whose scdaemon reaches the card through the private pcscd."""
    # On tmpfs when there is one: keys made in this home never touch a disk, as in vigil.
    base = "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp"
    home, env = make_home("vg.", {"PCSCLITE_CSOCK_NAME": pcscd.socket}, base)
    with open(os.path.join(home, "scdaemon.conf"), "w") as f:
        f.write("disable-ccid\npcsc-driver %s\nlog-file %s/scdaemon.log\n" % (LIBPCSCLITE, home))
    g = Gpg(home, env, [])

    def report():
        text = "\n".join(g.transcript) + "\n--- card APDUs (last 400)\n" + "\n".join(card.trace[-400:])
        try:
            with open(os.path.join(home, "scdaemon.log"), errors="replace") as f:
                text += "\n--- scdaemon.log (tail)\n" + "".join(f.readlines()[-150:])
        except OSError:
            pass
        return text
    _add_report(request, "gpg with the card", report)
    yield g
    g.kill()
    shutil.rmtree(home, ignore_errors=True)


def _add_report(request, title, make_text):
    if not hasattr(request.node, "card_reports"):
        request.node.card_reports = []
    request.node.card_reports.append((title, make_text))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.when == "call" and rep.failed:
        for title, make_text in getattr(item, "card_reports", []):
            rep.sections.append((title, make_text()))
