"""Transport 2: plug an OpenPGPCard into QEMU's emulated USB CCID reader (libcacard's VSCard protocol).

QEMU side: -device usb-ccid -chardev socket,id=vsc,... -device ccid-card-passthru,chardev=vsc.
Every message is a 12-byte header (type, reader_id, payload length; big-endian
u32 each) and a payload. The card side says Init (magic "VSCD", version,
capabilities), ReaderAdd (QEMU answers Error/SUCCESS with the reader id), then
ATR: QEMU checks it and the reader has a card. From then on QEMU sends the
guest's command APDUs as APDU messages and the card answers each with an APDU
message. CardRemove and ReaderRemove pull the card and the reader.

The guest's CCID power on/off never reaches the card (QEMU answers them with the
stored ATR), so the model is powered once, when its ATR is sent.

Standalone: python3 tests/card/vscard.py --listen 127.0.0.1:5555 [--state card.json]
(QEMU: -chardev socket,id=vsc,host=127.0.0.1,port=5555), or --connect to a QEMU
that listens (server=on). A path instead of host:port means a Unix socket.
"""
import argparse
import socket
import struct
import threading

VSC_INIT, VSC_ERROR, VSC_READER_ADD, VSC_READER_REMOVE, VSC_ATR, VSC_CARD_REMOVE, VSC_APDU, \
    VSC_FLUSH, VSC_FLUSH_COMPLETE = range(1, 10)
VSC_SUCCESS = 0
UNDEFINED_READER = 0xFFFFFFFF
MAGIC = b"VSCD"          # VSCARD_MAGIC: the four letters, in this order on the wire
VERSION = 2              # VSCARD_VERSION 0.0.2
HEADER = struct.Struct("!III")
NAMES = {VSC_INIT: "Init", VSC_ERROR: "Error", VSC_READER_ADD: "ReaderAdd",
         VSC_READER_REMOVE: "ReaderRemove", VSC_ATR: "ATR", VSC_CARD_REMOVE: "CardRemove",
         VSC_APDU: "APDU", VSC_FLUSH: "Flush", VSC_FLUSH_COMPLETE: "FlushComplete"}


class VscardError(Exception):
    pass


def _recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("the VSCard peer closed the connection")
        buf += chunk
    return buf


def _address(text):
    """"host:port" -> (AF_INET, (host, port)); anything with a slash -> (AF_UNIX, path)."""
    if "/" in text:
        return socket.AF_UNIX, text
    host, _, port = text.rpartition(":")
    return socket.AF_INET, (host or "127.0.0.1", int(port))


class VscardCard:
    """The card side of a VSCard connection (`sock`, already connected) for one OpenPGPCard."""

    def __init__(self, card, sock, reader_name="Vigil OpenPGP card model", log=None):
        self.card, self.sock = card, sock
        self.reader_name = reader_name
        self.log = log or (lambda text: None)
        self.reader_id = None
        self.peer_version = None
        self.thread = None
        self.error = None
        self.apdus = 0  # command APDUs answered

    @classmethod
    def connect(cls, card, address, **kwargs):
        family, addr = _address(address)
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.connect(addr)
        return cls(card, sock, **kwargs)

    @classmethod
    def accept(cls, card, server_sock, timeout=None, **kwargs):
        server_sock.settimeout(timeout)
        sock, _ = server_sock.accept()
        sock.settimeout(None)
        return cls(card, sock, **kwargs)

    # ---- messages

    def send(self, msg_type, payload=b"", reader_id=None):
        rid = self.reader_id if reader_id is None else reader_id
        self.log("vscard> %s reader %#x %s" % (NAMES.get(msg_type, msg_type), rid, payload.hex()))
        self.sock.sendall(HEADER.pack(msg_type, rid, len(payload)) + payload)

    def receive(self):
        msg_type, reader_id, length = HEADER.unpack(_recv_exact(self.sock, HEADER.size))
        payload = _recv_exact(self.sock, length)
        self.log("vscard< %s reader %#x %s" % (NAMES.get(msg_type, msg_type), reader_id, payload.hex()))
        return msg_type, reader_id, payload

    def _expect_success(self, what):
        """Wait for QEMU's Error message answering `what` (skipping its Init); return its reader id."""
        while True:
            msg_type, reader_id, payload = self.receive()
            if msg_type == VSC_INIT:
                self._take_init(payload)
                continue
            if msg_type != VSC_ERROR or len(payload) < 4:
                raise VscardError("expected the answer to %s, got message type %d" % (what, msg_type))
            (code,) = struct.unpack("!I", payload[:4])
            if code != VSC_SUCCESS:
                raise VscardError("%s refused with error code %d" % (what, code))
            return reader_id

    def _take_init(self, payload):
        if len(payload) < 8 or payload[:4] != MAGIC:
            raise VscardError("bad Init from the host: %s" % payload.hex())
        (self.peer_version,) = struct.unpack("!I", payload[4:8])

    # ---- the card's life

    def insert(self):
        """Init, ReaderAdd, ATR: after this the guest's reader has our card in it."""
        self.send(VSC_INIT, MAGIC + struct.pack("!II", VERSION, 0), UNDEFINED_READER)
        self.send(VSC_READER_ADD, self.reader_name.encode() + b"\x00", UNDEFINED_READER)
        self.reader_id = self._expect_success("ReaderAdd")
        if self.peer_version is None:  # QEMU's Init may come after its ReaderAdd answer
            msg_type, _, payload = self.receive()
            if msg_type != VSC_INIT:
                raise VscardError("expected Init from the host, got message type %d" % msg_type)
            self._take_init(payload)
        self.card.power_on()
        self.send(VSC_ATR, self.card.atr)
        self._expect_success("ATR")
        return self

    def serve(self):
        """Answer the guest's APDUs until the connection closes."""
        while True:
            msg_type, _, payload = self.receive()
            if msg_type == VSC_APDU:
                self.send(VSC_APDU, self.card.process(payload))
                self.apdus += 1
            elif msg_type == VSC_FLUSH:
                self.send(VSC_FLUSH_COMPLETE)
            elif msg_type == VSC_INIT:
                self._take_init(payload)
            elif msg_type == VSC_ERROR:
                pass  # the host's answer to a CardRemove / ReaderRemove
            else:
                self.send(VSC_ERROR, struct.pack("!I", 1))  # VSC_GENERAL_ERROR

    def start(self):
        """insert(), then serve() in a background thread."""
        self.insert()
        self.thread = threading.Thread(target=self._serve_quietly, name="vscard-card", daemon=True)
        self.thread.start()
        return self

    def _serve_quietly(self):
        try:
            self.serve()
        except (EOFError, OSError):
            pass
        except Exception as e:
            self.error = e
            raise

    def remove(self):
        """Pull the card, then the reader."""
        self.send(VSC_CARD_REMOVE)
        self.send(VSC_READER_REMOVE)

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        if self.thread:
            self.thread.join(5)


def main():
    import os
    import sys
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from openpgp_card import OpenPGPCard

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--listen", help="host:port or socket path to wait on for QEMU (chardev client)")
    where.add_argument("--connect", help="host:port or socket path where QEMU listens (server=on)")
    ap.add_argument("--serial", type=lambda s: int(s, 0), default=0x12345678)
    ap.add_argument("--state", help="JSON file holding the card (loaded if present, saved on change)")
    ap.add_argument("--trace", action="store_true", help="print every message and APDU (PINs hidden)")
    args = ap.parse_args()
    log = (lambda s: print(s, flush=True)) if args.trace else None
    card = OpenPGPCard(serial=args.serial, state_file=args.state, log=log)
    if args.listen:
        family, addr = _address(args.listen)
        server = socket.socket(family, socket.SOCK_STREAM)
        if family == socket.AF_INET:
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(addr)
        server.listen(1)
        link = VscardCard.accept(card, server, log=log)
    else:
        link = VscardCard.connect(card, args.connect, log=log)
    link.insert()
    try:
        link.serve()
    except EOFError:
        pass


if __name__ == "__main__":
    main()
