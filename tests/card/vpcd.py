"""Transport 1: plug an OpenPGPCard into pcscd through vsmartcard's vpcd reader driver.

vpcd (Debian package vsmartcard-vpcd) is a PC/SC reader driver that listens on a
TCP port (reader.conf DEVICENAME /dev/null:PORT); the card connects to it as a
client. Each message is a 2-byte big-endian length and a payload. A 1-byte
payload is a control message (0 power off, 1 power on, 2 reset, 4 ATR request:
answer with the ATR); anything else is a command APDU, answered with the
response APDU. Closing the connection is pulling the card.

Standalone: python3 tests/card/vpcd.py --port 35963 [--state card.json]
"""
import argparse
import socket
import struct
import sys
import threading
import time

CTRL_OFF, CTRL_ON, CTRL_RESET, CTRL_ATR = 0, 1, 2, 4


def _recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("vpcd closed the connection")
        buf += chunk
    return buf


class VpcdCard:
    """Connects `card` to vpcd at host:port and serves it in a thread until stop()."""

    def __init__(self, card, port, host="127.0.0.1", connect_timeout=10.0):
        self.card, self.host, self.port = card, host, port
        self.connect_timeout = connect_timeout
        self.sock = None
        self.thread = None
        self.error = None
        self.powered = threading.Event()  # set once the reader powered the card and read its ATR

    def connect(self):
        deadline = time.monotonic() + self.connect_timeout
        while True:
            try:
                self.sock = socket.create_connection((self.host, self.port), timeout=2)
                self.sock.settimeout(None)
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def start(self, wait_powered=15.0):
        """Connect (waiting for vpcd to listen) and serve in a background thread.

        With `wait_powered`, return only once pcscd has noticed the card (it polls
        the reader) and read the ATR, so that clients started next find it."""
        self.connect()
        self.thread = threading.Thread(target=self._serve_quietly, name="vpcd-card", daemon=True)
        self.thread.start()
        if wait_powered and not self.powered.wait(wait_powered):
            raise TimeoutError("pcscd did not power the card within %s s" % wait_powered)
        return self

    def _serve_quietly(self):
        try:
            self.serve()
        except (EOFError, OSError):
            pass
        except Exception as e:  # a bug in the model: keep it for the test to report
            self.error = e
            raise

    def serve(self):
        while True:
            (length,) = struct.unpack("!H", _recv_exact(self.sock, 2))
            msg = _recv_exact(self.sock, length)
            if length == 1:
                ctrl = msg[0]
                if ctrl == CTRL_OFF:
                    self.card.power_off()
                elif ctrl == CTRL_ON:
                    self.card.power_on()
                elif ctrl == CTRL_RESET:
                    self.card.reset()
                elif ctrl == CTRL_ATR:
                    self._send(self.card.atr)
                    self.powered.set()
                continue
            self._send(self.card.process(msg))

    def _send(self, payload):
        self.sock.sendall(struct.pack("!H", len(payload)) + payload)

    def stop(self):
        """Pull the card: close the connection and wait for the thread."""
        if self.sock:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.sock.close()
        if self.thread:
            self.thread.join(5)


def main():
    import os
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from openpgp_card import OpenPGPCard

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0x8C7B)
    ap.add_argument("--serial", type=lambda s: int(s, 0), default=0x12345678)
    ap.add_argument("--state", help="JSON file holding the card (loaded if present, saved on change)")
    ap.add_argument("--trace", action="store_true", help="print every APDU (PINs hidden)")
    args = ap.parse_args()
    card = OpenPGPCard(serial=args.serial, state_file=args.state,
                       log=(lambda s: print(s, flush=True)) if args.trace else None)
    link = VpcdCard(card, args.port, args.host, connect_timeout=60)
    link.connect()
    try:
        link.serve()
    except EOFError:
        pass


if __name__ == "__main__":
    main()
