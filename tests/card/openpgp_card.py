"""A model of an OpenPGP card (specification 3.4) for tests: card state plus ISO 7816-4 APDU processing, no I/O.

Like a device model in an emulator: a transport (vpcd.py for PC/SC, vscard.py for
QEMU's usb-ccid) powers it on, asks for its ATR and hands it command APDUs;
process() returns the response APDU (data + SW1 SW2). It is faithful enough that
GnuPG's scdaemon (2.2) drives it unmodified: generate, import (keytocard), sign,
decrypt, authenticate, PIN handling with retry counters, factory reset.

Keys live in memory as python3-cryptography objects (RSA 2048/3072/4096, Ed25519,
X25519); the whole persistent state can be saved to and loaded from JSON so a
card survives a restart of whatever drives it. PINs are test values: the model
keeps them in the clear, nothing here is meant to protect a secret.
"""
import json
import os
import secrets
import tempfile

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa, x25519

# Application identifier prefix: RID D2 76 00 01 24, PIX application 01.
AID_PREFIX = bytes.fromhex("D27600012401")
SPEC_VERSION = (3, 4)
# 0xFFFF is "test card" in GnuPG's manufacturer table (the spec reserves it for tests).
TEST_MANUFACTURER = 0xFFFF

DEFAULT_PW1 = b"123456"
DEFAULT_PW3 = b"12345678"
PIN_TRIES = 3
PW1_MIN, PW3_MIN, RC_MIN, PIN_MAX = 6, 8, 8, 127

ALGO_RSA, ALGO_ECDH, ALGO_ECDSA, ALGO_EDDSA = 0x01, 0x12, 0x13, 0x16
OID_ED25519 = bytes.fromhex("2B06010401DA470F01")
OID_CV25519 = bytes.fromhex("2B060104019755010501")
ATTR_RSA2048 = bytes.fromhex("010800002000")  # RSA, 2048-bit n, 32-bit e, import format "standard (e, p, q)"
ATTR_ED25519 = bytes([ALGO_EDDSA]) + OID_ED25519
ATTR_CV25519 = bytes([ALGO_ECDH]) + OID_CV25519
RSA_SIZES = (2048, 3072, 4096)

# Key slots: control reference template tag -> index (signature, decryption, authentication).
SLOT_BY_CRT = {0xB6: 0, 0xB8: 1, 0xA4: 2}
SLOT_NAMES = ("sig", "dec", "aut")

MAX_CHALLENGE = 255
MAX_CERT = 2048
MAX_SPECIAL_DO = 255
MAX_APDU_DATA = 2048  # advertised in DO 7F66 for commands and responses

# Status words.
SW_OK = 0x9000
SW_TERMINATED = 0x6285
SW_WRONG_LENGTH = 0x6700
SW_LAST_CMD_EXPECTED = 0x6883
SW_SM_NOT_SUPPORTED = 0x6882
SW_SECURITY = 0x6982
SW_BLOCKED = 0x6983
SW_CONDITIONS = 0x6985
SW_WRONG_DATA = 0x6A80
SW_FUNC_NOT_SUPPORTED = 0x6A81
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6A86
SW_NOT_FOUND = 0x6A88
SW_INS_NOT_SUPPORTED = 0x6D00
SW_CLA_NOT_SUPPORTED = 0x6E00
SW_UNKNOWN = 0x6F00

# DigestInfo prefixes the card accepts in PSO:CDS / INTERNAL AUTHENTICATE are opaque to
# it: it pads whatever DigestInfo it gets (PKCS#1 v1.5 type 1), as real cards do.


class CardError(Exception):
    """A command failed with status word `sw`."""

    def __init__(self, sw):
        super().__init__("SW %04X" % sw)
        self.sw = sw


# ---------------------------------------------------------------- BER-TLV

def tlv_len(n):
    if n < 0x80:
        return bytes([n])
    if n < 0x100:
        return bytes([0x81, n])
    return bytes([0x82, n >> 8, n & 0xFF])


def tlv(tag, value):
    tag_bytes = tag.to_bytes(2 if tag > 0xFF else 1, "big")
    return tag_bytes + tlv_len(len(value)) + bytes(value)


def _read_tag(buf, i):
    if i >= len(buf):
        raise CardError(SW_WRONG_DATA)
    tag = buf[i]
    i += 1
    if tag & 0x1F == 0x1F:
        while True:
            if i >= len(buf):
                raise CardError(SW_WRONG_DATA)
            tag = (tag << 8) | buf[i]
            i += 1
            if not buf[i - 1] & 0x80:
                break
    return tag, i


def _read_len(buf, i):
    if i >= len(buf):
        raise CardError(SW_WRONG_DATA)
    n = buf[i]
    i += 1
    if n < 0x80:
        return n, i
    count = n & 0x7F
    if count not in (1, 2, 3) or i + count > len(buf):
        raise CardError(SW_WRONG_DATA)
    return int.from_bytes(buf[i:i + count], "big"), i + count


def tlv_parse(buf):
    """Parse a sequence of BER-TLVs into a list of (tag, value)."""
    out, i = [], 0
    while i < len(buf):
        tag, i = _read_tag(buf, i)
        n, i = _read_len(buf, i)
        if i + n > len(buf):
            raise CardError(SW_WRONG_DATA)
        out.append((tag, bytes(buf[i:i + n])))
        i += n
    return out


def tlv_headers(buf):
    """Parse a header list (tags and lengths without values, as in DO 7F48) into [(tag, length)]."""
    out, i = [], 0
    while i < len(buf):
        tag, i = _read_tag(buf, i)
        n, i = _read_len(buf, i)
        out.append((tag, n))
    return out


# ---------------------------------------------------------------- APDUs

class Command:
    """A parsed command APDU (ISO 7816-4 cases 1-4, short or extended)."""

    def __init__(self, raw):
        if len(raw) < 4:
            raise CardError(SW_WRONG_LENGTH)
        self.cla, self.ins, self.p1, self.p2 = raw[0], raw[1], raw[2], raw[3]
        body = raw[4:]
        self.data = b""
        self.ne = None          # expected response length; None: Le absent
        self.extended = False
        if not body:
            return
        if len(body) == 1:                                   # case 2 short
            self.ne = body[0] or 256
            return
        if body[0] == 0 and len(body) >= 3:                  # extended
            self.extended = True
            if len(body) == 3:                               # case 2 extended
                self.ne = int.from_bytes(body[1:3], "big") or 65536
                return
            lc = int.from_bytes(body[1:3], "big")
            if lc == 0 or len(body) not in (3 + lc, 5 + lc):
                raise CardError(SW_WRONG_LENGTH)
            self.data = bytes(body[3:3 + lc])
            if len(body) == 5 + lc:                          # case 4 extended
                self.ne = int.from_bytes(body[3 + lc:], "big") or 65536
            return
        lc = body[0]
        if lc == 0 or len(body) not in (1 + lc, 2 + lc):
            raise CardError(SW_WRONG_LENGTH)
        self.data = bytes(body[1:1 + lc])
        if len(body) == 2 + lc:                              # case 4 short
            self.ne = body[1 + lc] or 256

    @property
    def p1p2(self):
        return (self.p1 << 8) | self.p2


def sw_bytes(sw):
    return bytes([sw >> 8, sw & 0xFF])


# ---------------------------------------------------------------- keys

def _int_bytes(n, length=None):
    if length is None:
        length = max(1, (n.bit_length() + 7) // 8)
    return n.to_bytes(length, "big")


def parse_attributes(attr):
    """Check algorithm attributes (DO C1-C3); return ("rsa", nbits) or ("ed25519"|"cv25519", None)."""
    if not attr:
        raise CardError(SW_WRONG_DATA)
    if attr[0] == ALGO_RSA:
        if len(attr) not in (5, 6):
            raise CardError(SW_WRONG_DATA)
        nbits = int.from_bytes(attr[1:3], "big")
        ebits = int.from_bytes(attr[3:5], "big")
        fmt = attr[5] if len(attr) == 6 else 0
        if nbits not in RSA_SIZES or ebits != 32 or fmt > 3:
            raise CardError(SW_WRONG_DATA)
        return "rsa", nbits
    oid = attr[1:]
    if oid and oid[-1] in (0x00, 0xFF):  # optional import-format byte
        oid = oid[:-1]
    if attr[0] == ALGO_EDDSA and oid == OID_ED25519:
        return "ed25519", None
    if attr[0] == ALGO_ECDH and oid == OID_CV25519:
        return "cv25519", None
    raise CardError(SW_WRONG_DATA)


def generate_key(attr):
    kind, nbits = parse_attributes(attr)
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=nbits)
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    return x25519.X25519PrivateKey.generate()


def key_to_text(key):
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).hex()


def key_from_text(text):
    return serialization.load_der_private_key(bytes.fromhex(text), password=None)


def public_key_template(key):
    """DO 7F49: RSA (81 modulus, 82 exponent) or ECC (86 public point)."""
    if isinstance(key, rsa.RSAPrivateKey):
        pub = key.public_key().public_numbers()
        body = tlv(0x81, _int_bytes(pub.n, key.key_size // 8)) + tlv(0x82, _int_bytes(pub.e))
    else:
        raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        body = tlv(0x86, raw)
    return tlv(0x7F49, body)


def rsa_raw_private(key, block):
    """The RSA private-key operation on a block as long as the modulus."""
    numbers = key.private_numbers()
    n = numbers.public_numbers.n
    m = int.from_bytes(block, "big")
    if m >= n:
        raise CardError(SW_WRONG_DATA)
    # CRT, as a card does it.
    m1 = pow(m, numbers.dmp1, numbers.p)
    m2 = pow(m, numbers.dmq1, numbers.q)
    h = (numbers.iqmp * (m1 - m2)) % numbers.p
    return _int_bytes(m2 + h * numbers.q, key.key_size // 8)


def rsa_sign_pkcs1(key, digest_info):
    """PKCS#1 v1.5 signature (EMSA type 1 padding) over the DigestInfo the host sends."""
    k = key.key_size // 8
    if len(digest_info) > k * 4 // 10:  # the spec's limit: at most 40 % of the modulus length
        raise CardError(SW_WRONG_LENGTH)
    block = b"\x00\x01" + b"\xff" * (k - 3 - len(digest_info)) + b"\x00" + digest_info
    return rsa_raw_private(key, block)


def rsa_decipher_pkcs1(key, cryptogram):
    k = key.key_size // 8
    if len(cryptogram) != k:
        raise CardError(SW_WRONG_LENGTH)
    block = rsa_raw_private(key, cryptogram)
    if block[:2] != b"\x00\x02":
        raise CardError(SW_WRONG_DATA)
    sep = block.find(b"\x00", 2)
    if sep < 10:  # at least 8 bytes of non-zero padding
        raise CardError(SW_WRONG_DATA)
    return block[sep + 1:]


def rsa_from_import(values, nbits):
    """Build an RSA key from the import template's e (91), p (92), q (93); n (97) is checked if sent."""
    try:
        e = int.from_bytes(values[0x91], "big")
        p = int.from_bytes(values[0x92], "big")
        q = int.from_bytes(values[0x93], "big")
    except KeyError:
        raise CardError(SW_WRONG_DATA)
    n = p * q
    if n.bit_length() != nbits or (0x97 in values and int.from_bytes(values[0x97], "big") != n):
        raise CardError(SW_WRONG_DATA)
    try:
        d = pow(e, -1, (p - 1) * (q - 1))
        numbers = rsa.RSAPrivateNumbers(p=p, q=q, d=d, dmp1=d % (p - 1), dmq1=d % (q - 1),
                                        iqmp=pow(q, -1, p), public_numbers=rsa.RSAPublicNumbers(e, n))
        return numbers.private_key()
    except ValueError:
        raise CardError(SW_WRONG_DATA)


def ecc_from_import(kind, values):
    d = values.get(0x92)
    if d is None or len(d) > 32:
        raise CardError(SW_WRONG_DATA)
    d = d.rjust(32, b"\x00")
    if kind == "ed25519":
        key = ed25519.Ed25519PrivateKey.from_private_bytes(d)  # the 32-byte seed
    else:
        # OpenPGP (and so gpg) keeps the Curve25519 scalar big-endian; X25519 wants it little-endian.
        key = x25519.X25519PrivateKey.from_private_bytes(d[::-1])
    if 0x99 in values:
        raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        if values[0x99].lstrip(b"\x40") != raw and values[0x99] != raw:
            raise CardError(SW_WRONG_DATA)
    return key


# ---------------------------------------------------------------- the card

def _blank_slot():
    return {"attr": ATTR_RSA2048.hex(), "key": None, "fpr": "00" * 20, "ca_fpr": "00" * 20,
            "time": 0, "status": 0}


def factory_state(serial, manufacturer=TEST_MANUFACTURER):
    return {
        "serial": serial, "manufacturer": manufacturer,
        "pw1": DEFAULT_PW1.hex(), "pw3": DEFAULT_PW3.hex(), "rc": "",
        "pw1_tries": PIN_TRIES, "pw3_tries": PIN_TRIES, "rc_tries": 0,
        "pw1_multi": 0,  # C4 byte 1: 00 = PW1 (81) valid for one PSO:CDS only
        "name": "", "lang": "", "sex": "", "url": "", "login": "",
        "private_dos": ["", "", "", ""], "certs": ["", "", ""],
        "sig_count": 0, "slots": [_blank_slot() for _ in range(3)],
        "terminated": False,
    }


class OpenPGPCard:
    """An OpenPGP card 3.4. `serial` is the 32-bit card serial number (shown by gpg).

    By default the card speaks T=1 and offers extended Lc/Le and command chaining,
    like current OpenPGP cards. With t0=True it is a T=0 card (what QEMU's usb-ccid
    reader supports): no extended lengths, and data that a command without Le
    produces is announced with 61xx and fetched with GET RESPONSE (ISO 7816-3 case 4).
    With `state_file`, an existing file is the card (its serial wins over `serial`)
    and every command that may change the card saves it there.
    """

    def __init__(self, serial=0x12345678, state_file=None, log=None, t0=False):
        self.state_file = state_file
        self.log = log  # optional callable(str) for an APDU trace
        self.t0 = t0
        if state_file and os.path.exists(state_file):
            with open(state_file) as f:
                self.state = json.load(f)
        else:
            self.state = factory_state(serial)
        self.keys = [key_from_text(s["key"]) if s["key"] else None for s in self.state["slots"]]
        self.powered = False
        self._reset_volatile()

    # ---- power and transport hooks

    def _reset_volatile(self):
        self.selected = False
        self.pw1_81 = self.pw1_82 = self.pw3_ok = False
        self.chain = None            # (cla, ins, p1, p2, data so far)
        self.pending = b""           # response data waiting for GET RESPONSE
        self.cert_occurrence = 0

    def power_on(self):
        self.powered = True
        self._reset_volatile()

    def power_off(self):
        self.powered = False
        self._reset_volatile()

    def reset(self):
        self.power_on()

    @property
    def serial(self):
        return self.state["serial"]

    @property
    def aid(self):
        s = self.state
        return (AID_PREFIX + bytes(SPEC_VERSION) + s["manufacturer"].to_bytes(2, "big")
                + s["serial"].to_bytes(4, "big") + b"\x00\x00")

    @property
    def historical_bytes(self):
        # Category 00; 31 C5: card service data; 73 C0 01 xx: card capabilities with
        # command chaining (80) and, over T=1, extended Lc/Le (40); status 05
        # (operational, 03 when terminated) 90 00.
        status = 0x03 if self.state["terminated"] else 0x05
        caps = 0x80 if self.t0 else 0xC0
        return bytes([0x00, 0x31, 0xC5, 0x73, 0xC0, 0x01, caps, status, 0x90, 0x00])

    @property
    def atr(self):
        hist = self.historical_bytes
        if self.t0:  # TA1 TC1, no TD1: T=0 only, and then no TCK
            return bytes([0x3B, 0x50 | len(hist), 0x18, 0xFF]) + hist
        # T=1 only (needed for extended APDUs), IFSC 254, then the historical bytes.
        body = bytes([0xD0 | len(hist), 0x18, 0xFF, 0x81, 0xB1, 0xFE, 0x75, 0x1F, 0x03]) + hist
        tck = 0
        for b in body:
            tck ^= b
        return bytes([0x3B]) + body + bytes([tck])

    # ---- persistence

    def save(self, path=None):
        path = path or self.state_file
        if not path:
            return
        for slot, key in zip(self.state["slots"], self.keys):
            slot["key"] = key_to_text(key) if key else None
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), prefix=".card.")
        with os.fdopen(fd, "w") as f:
            json.dump(self.state, f, indent=1)
        os.replace(tmp, path)

    # ---- the APDU interface

    def process(self, apdu):
        """Process one command APDU; return the response APDU (data + SW)."""
        apdu = bytes(apdu)
        try:
            cmd = Command(apdu)
            data, sw = self._handle(cmd)
        except CardError as e:
            self.pending = b""
            data, sw = b"", e.sw
        resp = data + sw_bytes(sw)
        if self.log:
            self.log("card> %s\ncard< %s" % (_redact(apdu).hex(), resp.hex()))
        return resp

    def _handle(self, cmd):
        if cmd.cla & 0x0C:
            raise CardError(SW_SM_NOT_SUPPORTED)
        if cmd.cla & ~0x1C & 0xFF:
            raise CardError(SW_CLA_NOT_SUPPORTED)
        if cmd.ins == 0xC0:                                   # GET RESPONSE
            return self._respond(self.pending, cmd)
        self.pending = b""
        if cmd.cla & 0x10:                                    # command chaining: collect
            if self.chain and self.chain[1:4] != (cmd.ins, cmd.p1, cmd.p2):
                self.chain = None
                raise CardError(SW_LAST_CMD_EXPECTED)
            prev = self.chain[4] if self.chain else b""
            self.chain = (cmd.cla, cmd.ins, cmd.p1, cmd.p2, prev + cmd.data)
            return b"", SW_OK
        if self.chain:
            if self.chain[1:4] != (cmd.ins, cmd.p1, cmd.p2):
                self.chain = None
                raise CardError(SW_LAST_CMD_EXPECTED)
            cmd.data = self.chain[4] + cmd.data
            self.chain = None
        data = self._dispatch(cmd)
        if cmd.ins not in (0xCA, 0xCC, 0x84, 0xC0):
            self.save()
        return self._respond(data, cmd)

    def _respond(self, data, cmd):
        if self.t0 and cmd.ne is None and data:  # T=0 case 4: the data waits for GET RESPONSE
            self.pending = data
            return b"", 0x6100 | (len(data) if len(data) < 256 else 0)
        ne = cmd.ne if cmd.ne is not None else (65536 if cmd.extended else 256)
        if len(data) > ne:
            self.pending = data[ne:]
            rest = len(self.pending)
            return data[:ne], 0x6100 | (rest if rest < 256 else 0)
        self.pending = b""
        return data, SW_OK

    def _dispatch(self, cmd):
        ins = cmd.ins
        if ins == 0xA4:
            return self._select(cmd)
        if self.state["terminated"]:
            if ins == 0x44:
                return self._activate(cmd)
            raise CardError(SW_TERMINATED)
        if not self.selected:
            raise CardError(SW_INS_NOT_SUPPORTED)
        handler = {
            0xCA: self._get_data, 0xCC: self._get_next_data, 0xDA: self._put_data, 0xDB: self._put_data_odd,
            0x20: self._verify, 0x24: self._change_reference_data, 0x2C: self._reset_retry_counter,
            0x47: self._generate, 0x2A: self._pso, 0x88: self._internal_authenticate,
            0x84: self._get_challenge, 0xA5: self._select_data, 0xE6: self._terminate,
            0x44: self._activate,
        }.get(ins)
        if handler is None:
            raise CardError(SW_INS_NOT_SUPPORTED)
        return handler(cmd)

    # ---- SELECT, TERMINATE DF, ACTIVATE FILE

    def _select(self, cmd):
        # By DF name; a partial AID (at least RID + PIX application, 6 bytes) selects too.
        if cmd.p1 != 0x04 or len(cmd.data) < 6 or not self.aid.startswith(cmd.data):
            self.selected = False
            raise CardError(SW_FILE_NOT_FOUND)
        self._reset_volatile()
        self.selected = True
        if self.state["terminated"]:
            raise CardError(SW_TERMINATED)
        return b""

    def _terminate(self, cmd):
        if not (self.pw3_ok or self.state["pw3_tries"] == 0):
            raise CardError(SW_CONDITIONS)
        self.state["terminated"] = True
        self._reset_volatile()
        self.selected = True
        return b""

    def _activate(self, cmd):
        if self.state["terminated"]:
            s = self.state
            self.state = factory_state(s["serial"], s["manufacturer"])
            self.keys = [None, None, None]
            self._reset_volatile()
            self.selected = True
        return b""

    # ---- data objects

    def _pw_status(self):
        s = self.state
        return bytes([s["pw1_multi"], PIN_MAX, PIN_MAX, PIN_MAX,
                      s["pw1_tries"], s["rc_tries"], s["pw3_tries"]])

    def _extcaps(self):
        # GET CHALLENGE, key import, PW1 status changeable, private DOs, algorithm
        # attributes changeable; no SM, no KDF, no AES; PIN block 2 and MSE unsupported.
        return (bytes([0x7C, 0x00]) + MAX_CHALLENGE.to_bytes(2, "big") + MAX_CERT.to_bytes(2, "big")
                + MAX_SPECIAL_DO.to_bytes(2, "big") + b"\x00\x00")

    def _slot_do(self, field, size):
        out = b""
        for slot in self.state["slots"]:
            value = slot[field]
            out += value.to_bytes(size, "big") if isinstance(value, int) else bytes.fromhex(value)
        return out

    def _key_info(self):
        return b"".join(bytes([i + 1, slot["status"]]) for i, slot in enumerate(self.state["slots"]))

    def _discretionary(self):
        slots = self.state["slots"]
        return tlv(0x73, tlv(0xC0, self._extcaps())
                   + b"".join(tlv(0xC1 + i, bytes.fromhex(slots[i]["attr"])) for i in range(3))
                   + tlv(0xC4, self._pw_status())
                   + tlv(0xC5, self._slot_do("fpr", 20))
                   + tlv(0xC6, self._slot_do("ca_fpr", 20))
                   + tlv(0xCD, self._slot_do("time", 4))
                   + tlv(0xDE, self._key_info()))

    def _ext_length_info(self):
        return tlv(0x7F66, tlv(0x02, MAX_APDU_DATA.to_bytes(2, "big")) * 2)

    def _algorithm_information(self):
        attrs = [bytes([ALGO_RSA]) + n.to_bytes(2, "big") + b"\x00\x20\x00" for n in RSA_SIZES]
        out = b""
        for tag in (0xC1, 0xC2, 0xC3):
            for a in attrs:
                out += tlv(tag, a)
            out += tlv(tag, ATTR_CV25519 if tag == 0xC2 else ATTR_ED25519)
        return tlv(0xFA, out)

    def _cardholder(self):
        s = self.state
        return tlv(0x65, tlv(0x5B, s["name"].encode()) + tlv(0x5F2D, s["lang"].encode())
                   + tlv(0x5F35, s["sex"].encode()))

    def _get_do(self, tag):
        s = self.state
        text = {0x5B: "name", 0x5F2D: "lang", 0x5F35: "sex", 0x5F50: "url", 0x5E: "login"}
        if tag in text:
            return s[text[tag]].encode("latin-1")
        if tag == 0x4F:
            return self.aid
        if tag == 0x5F52:
            return self.historical_bytes
        if tag == 0x65:
            return self._cardholder()
        if tag == 0x6E:
            return tlv(0x6E, tlv(0x4F, self.aid) + tlv(0x5F52, self.historical_bytes)
                       + self._ext_length_info() + self._discretionary())
        if tag == 0x73:
            return self._discretionary()
        if tag == 0x7A:
            return tlv(0x7A, tlv(0x93, s["sig_count"].to_bytes(3, "big")))
        if tag == 0x93:
            return s["sig_count"].to_bytes(3, "big")
        if tag == 0xC0:
            return self._extcaps()
        if tag in (0xC1, 0xC2, 0xC3):
            return bytes.fromhex(s["slots"][tag - 0xC1]["attr"])
        if tag == 0xC4:
            return self._pw_status()
        if tag == 0xC5:
            return self._slot_do("fpr", 20)
        if tag == 0xC6:
            return self._slot_do("ca_fpr", 20)
        if tag == 0xCD:
            return self._slot_do("time", 4)
        if tag == 0xDE:
            return self._key_info()
        if tag == 0x7F66:
            return self._ext_length_info()
        if tag == 0xFA:
            return self._algorithm_information()
        if tag in (0x0101, 0x0102, 0x0103, 0x0104):
            if tag == 0x0103 and not self.pw1_82:
                raise CardError(SW_SECURITY)
            if tag == 0x0104 and not self.pw3_ok:
                raise CardError(SW_SECURITY)
            return bytes.fromhex(s["private_dos"][tag - 0x0101])
        if tag == 0x7F21:
            return bytes.fromhex(s["certs"][self.cert_occurrence])
        # No 7F74 (no button), F9 (no KDF), D5-D8 (no AES, no UIF), attestation DOs.
        raise CardError(SW_NOT_FOUND)

    def _get_data(self, cmd):
        return self._get_do(cmd.p1p2)

    def _get_next_data(self, cmd):
        if cmd.p1p2 != 0x7F21:
            raise CardError(SW_NOT_FOUND)
        self.cert_occurrence = (self.cert_occurrence + 1) % 3
        return self._get_do(0x7F21)

    def _select_data(self, cmd):
        # 00 A5 occ 04 data 60 xx 5C 02 7F 21: choose which cardholder certificate 7F21 means.
        if cmd.p2 != 0x04 or cmd.p1 > 2 or b"\x5C\x02\x7F\x21" not in cmd.data:
            raise CardError(SW_WRONG_DATA)
        self.cert_occurrence = cmd.p1
        return b""

    def _need_pw3(self):
        if not self.pw3_ok:
            raise CardError(SW_SECURITY)

    def _put_data(self, cmd):
        tag, value, s = cmd.p1p2, cmd.data, self.state
        if tag in (0x0101, 0x0103):
            if not self.pw1_82:
                raise CardError(SW_SECURITY)
        else:
            self._need_pw3()
        text = {0x5B: ("name", 39), 0x5F2D: ("lang", 8), 0x5F35: ("sex", 1),
                0x5F50: ("url", MAX_SPECIAL_DO), 0x5E: ("login", MAX_SPECIAL_DO)}
        if tag in text:
            field, limit = text[tag]
            if len(value) > limit:
                raise CardError(SW_WRONG_LENGTH)
            s[field] = value.decode("latin-1")
        elif tag in (0xC1, 0xC2, 0xC3):
            kind, _ = parse_attributes(value)
            if (kind == "cv25519") != (tag == 0xC2) and kind != "rsa":
                raise CardError(SW_WRONG_DATA)  # Curve25519 is for decryption, Ed25519 for the others
            slot = s["slots"][tag - 0xC1]
            slot.update(attr=value.hex(), fpr="00" * 20, time=0, status=0)  # changing it deletes the key
            self.keys[tag - 0xC1] = None
        elif tag == 0xC4:
            if len(value) not in (1, 4) or value[0] > 1:
                raise CardError(SW_WRONG_DATA)
            s["pw1_multi"] = value[0]
        elif 0xC7 <= tag <= 0xC9:
            self._put_slot(tag - 0xC7, "fpr", value, 20)
        elif 0xCA <= tag <= 0xCC:
            self._put_slot(tag - 0xCA, "ca_fpr", value, 20)
        elif 0xCE <= tag <= 0xD0:
            if len(value) != 4:
                raise CardError(SW_WRONG_LENGTH)
            s["slots"][tag - 0xCE]["time"] = int.from_bytes(value, "big")
        elif tag == 0xD3:                                    # resetting code
            if value and not RC_MIN <= len(value) <= PIN_MAX:
                raise CardError(SW_WRONG_DATA)
            s["rc"], s["rc_tries"] = value.hex(), (PIN_TRIES if value else 0)
        elif tag in (0x0101, 0x0102, 0x0103, 0x0104):
            if len(value) > MAX_SPECIAL_DO:
                raise CardError(SW_WRONG_LENGTH)
            s["private_dos"][tag - 0x0101] = value.hex()
        elif tag == 0x7F21:
            if len(value) > MAX_CERT:
                raise CardError(SW_WRONG_LENGTH)
            s["certs"][self.cert_occurrence] = value.hex()
        else:
            raise CardError(SW_NOT_FOUND)
        return b""

    def _put_slot(self, index, field, value, size):
        if len(value) != size:
            raise CardError(SW_WRONG_LENGTH)
        self.state["slots"][index][field] = value.hex()

    def _put_data_odd(self, cmd):
        """Key import: extended header list 4D (CRT, 7F48 template, 5F48 concatenated values)."""
        if cmd.p1p2 != 0x3FFF:
            raise CardError(SW_WRONG_P1P2)
        self._need_pw3()
        outer = tlv_parse(cmd.data)
        if len(outer) != 1 or outer[0][0] != 0x4D:
            raise CardError(SW_WRONG_DATA)
        parts = tlv_parse(outer[0][1])
        if len(parts) != 3 or parts[0][0] not in SLOT_BY_CRT or parts[1][0] != 0x7F48 \
                or parts[2][0] != 0x5F48:
            raise CardError(SW_WRONG_DATA)
        index = SLOT_BY_CRT[parts[0][0]]
        values, concatenated, pos = {}, parts[2][1], 0
        for tag, length in tlv_headers(parts[1][1]):
            values[tag] = concatenated[pos:pos + length]
            pos += length
        if pos != len(concatenated):
            raise CardError(SW_WRONG_DATA)
        slot = self.state["slots"][index]
        kind, nbits = parse_attributes(bytes.fromhex(slot["attr"]))
        key = rsa_from_import(values, nbits) if kind == "rsa" else ecc_from_import(kind, values)
        self._install_key(index, key, status=2)
        return b""

    def _install_key(self, index, key, status):
        self.keys[index] = key
        slot = self.state["slots"][index]
        slot.update(key=key_to_text(key), status=status)
        if index == 0:
            self.state["sig_count"] = 0

    # ---- PINs

    def _pin_fields(self, ref):
        return ("pw1", "pw1_tries") if ref in (0x81, 0x82) else ("pw3", "pw3_tries")

    def _check_pin(self, ref, given):
        """Compare a PIN, keeping the retry counter; raise 63Cx / 6983 on failure."""
        field, tries = self._pin_fields(ref)
        s = self.state
        if s[tries] == 0:
            raise CardError(SW_BLOCKED)
        if not secrets.compare_digest(bytes.fromhex(s[field]), bytes(given)):
            s[tries] -= 1
            self._clear_verified(ref)
            self.save()
            raise CardError(0x63C0 | s[tries])  # 63C0 on the try that blocks it, 6983 after
        s[tries] = PIN_TRIES

    def _clear_verified(self, ref):
        if ref in (0x81, 0x82):
            self.pw1_81 = self.pw1_82 = False
        else:
            self.pw3_ok = False

    def _set_verified(self, ref, value):
        if ref == 0x81:
            self.pw1_81 = value
        elif ref == 0x82:
            self.pw1_82 = value
        else:
            self.pw3_ok = value

    def _is_verified(self, ref):
        return {0x81: self.pw1_81, 0x82: self.pw1_82, 0x83: self.pw3_ok}[ref]

    def _verify(self, cmd):
        if cmd.p2 not in (0x81, 0x82, 0x83):
            raise CardError(SW_WRONG_P1P2)
        if cmd.p1 == 0xFF:                                   # reset the access status
            if cmd.data:
                raise CardError(SW_WRONG_LENGTH)
            self._set_verified(cmd.p2, False)
            return b""
        if cmd.p1 != 0x00:
            raise CardError(SW_WRONG_P1P2)
        if not cmd.data:                                     # status query
            if self._is_verified(cmd.p2):
                return b""
            tries = self.state[self._pin_fields(cmd.p2)[1]]
            raise CardError(0x63C0 | tries) if tries else CardError(SW_BLOCKED)
        self._check_pin(cmd.p2, cmd.data)
        self._set_verified(cmd.p2, True)
        return b""

    def _change_reference_data(self, cmd):
        if cmd.p1 != 0x00 or cmd.p2 not in (0x81, 0x83):
            raise CardError(SW_WRONG_P1P2)
        field, tries = self._pin_fields(cmd.p2)
        if self.state[tries] == 0:
            raise CardError(SW_BLOCKED)
        old_len = len(self.state[field]) // 2
        if len(cmd.data) <= old_len:
            raise CardError(SW_WRONG_LENGTH)
        old, new = cmd.data[:old_len], cmd.data[old_len:]
        minimum = PW1_MIN if cmd.p2 == 0x81 else PW3_MIN
        if not minimum <= len(new) <= PIN_MAX:
            raise CardError(SW_WRONG_DATA)
        self._check_pin(cmd.p2, old)
        self.state[field] = new.hex()
        return b""

    def _reset_retry_counter(self, cmd):
        if cmd.p2 != 0x81:
            raise CardError(SW_WRONG_P1P2)
        s = self.state
        if cmd.p1 == 0x00:                                   # with the resetting code
            if s["rc_tries"] == 0:
                raise CardError(SW_BLOCKED)
            rc_len = len(s["rc"]) // 2
            if len(cmd.data) <= rc_len:
                raise CardError(SW_WRONG_LENGTH)
            given, new = cmd.data[:rc_len], cmd.data[rc_len:]
            if not PW1_MIN <= len(new) <= PIN_MAX:
                raise CardError(SW_WRONG_DATA)
            if not secrets.compare_digest(bytes.fromhex(s["rc"]), given):
                s["rc_tries"] -= 1
                self.save()
                raise CardError(0x63C0 | s["rc_tries"])
            s["rc_tries"] = PIN_TRIES
        elif cmd.p1 == 0x02:                                 # after the Admin PIN
            self._need_pw3()
            new = cmd.data
            if not PW1_MIN <= len(new) <= PIN_MAX:
                raise CardError(SW_WRONG_DATA)
        else:
            raise CardError(SW_WRONG_P1P2)
        s["pw1"], s["pw1_tries"] = new.hex(), PIN_TRIES
        return b""

    # ---- keys: generate, sign, decipher, authenticate

    def _slot_from_crt(self, data):
        items = tlv_parse(data)
        if not items or items[0][0] not in SLOT_BY_CRT:
            raise CardError(SW_WRONG_DATA)
        return SLOT_BY_CRT[items[0][0]]

    def _generate(self, cmd):
        index = self._slot_from_crt(cmd.data)
        if cmd.p2 != 0x00:
            raise CardError(SW_WRONG_P1P2)
        if cmd.p1 == 0x80:
            self._need_pw3()
            key = generate_key(bytes.fromhex(self.state["slots"][index]["attr"]))
            self._install_key(index, key, status=1)
        elif cmd.p1 != 0x81:
            raise CardError(SW_WRONG_P1P2)
        key = self.keys[index]
        if key is None:
            raise CardError(SW_NOT_FOUND)
        return public_key_template(key)

    def _pso(self, cmd):
        if cmd.p1p2 == 0x9E9A:
            return self._compute_signature(cmd.data)
        if cmd.p1p2 == 0x8086:
            return self._decipher(cmd.data)
        if cmd.p1p2 == 0x8680:
            raise CardError(SW_FUNC_NOT_SUPPORTED)  # no AES key (DO D5)
        raise CardError(SW_WRONG_P1P2)

    def _sign_with(self, index, data):
        key = self.keys[index]
        if key is None:
            raise CardError(SW_NOT_FOUND)
        if isinstance(key, rsa.RSAPrivateKey):
            return rsa_sign_pkcs1(key, data)
        if isinstance(key, ed25519.Ed25519PrivateKey):
            return key.sign(data)
        raise CardError(SW_CONDITIONS)  # an X25519 key cannot sign

    def _compute_signature(self, data):
        if not self.pw1_81:
            raise CardError(SW_SECURITY)
        signature = self._sign_with(0, data)
        self.state["sig_count"] = min(self.state["sig_count"] + 1, 0xFFFFFF)
        if not self.state["pw1_multi"]:
            self.pw1_81 = False
        return signature

    def _internal_authenticate(self, cmd):
        if cmd.p1p2 != 0x0000:
            raise CardError(SW_WRONG_P1P2)
        if not self.pw1_82:
            raise CardError(SW_SECURITY)
        return self._sign_with(2, cmd.data)

    def _decipher(self, data):
        if not self.pw1_82:
            raise CardError(SW_SECURITY)
        key = self.keys[1]
        if key is None:
            raise CardError(SW_NOT_FOUND)
        if isinstance(key, rsa.RSAPrivateKey):
            if not data or data[0] != 0x00:
                raise CardError(SW_WRONG_DATA)
            return rsa_decipher_pkcs1(key, data[1:])
        if isinstance(key, x25519.X25519PrivateKey):
            # A6 { 7F49 { 86 <ephemeral public key> } }
            try:
                (tag, cipher_do), = tlv_parse(data)
                (tag2, pub_do), = tlv_parse(cipher_do)
                (tag3, point), = tlv_parse(pub_do)
            except ValueError:
                raise CardError(SW_WRONG_DATA)
            if (tag, tag2, tag3) != (0xA6, 0x7F49, 0x86) or len(point) != 32:
                raise CardError(SW_WRONG_DATA)
            try:
                return key.exchange(x25519.X25519PublicKey.from_public_bytes(point))
            except ValueError:
                raise CardError(SW_WRONG_DATA)
        raise CardError(SW_CONDITIONS)

    def _get_challenge(self, cmd):
        n = cmd.ne or 0
        if cmd.p1p2 != 0 or not 0 < n <= MAX_CHALLENGE:
            raise CardError(SW_WRONG_LENGTH)
        return secrets.token_bytes(n)


def _redact(apdu):
    """Hide PIN bytes in traces of VERIFY / CHANGE REFERENCE DATA / RESET RETRY COUNTER."""
    if len(apdu) > 5 and apdu[1] in (0x20, 0x24, 0x2C):
        return apdu[:5] + b"\x2a" * (len(apdu) - 5)
    return apdu
