"""The OpenPGP card model against real GnuPG 2.2 (gpg, gpg-agent, scdaemon) through pcscd + vpcd.

Each test gets a factory-fresh card in the private reader and a fresh GNUPGHOME
on tmpfs (see conftest.py). What a test asserts is read back two ways: from gpg
(--card-status, signatures it verifies, plaintext it decrypts) and from the
model's own state (PIN values and retry counters, key slots, signature counter).
The first tests check the model alone at the APDU level.
"""
import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa, utils, x25519

from openpgp_card import (ATTR_CV25519, ATTR_ED25519, ATTR_RSA2048, DEFAULT_PW1, DEFAULT_PW3,
                          OpenPGPCard, factory_state, tlv)

PW1, PW3 = DEFAULT_PW1.decode(), DEFAULT_PW3.decode()
NEW_PW1, NEW_PW3 = "24681357", "97531864"
SHA256_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")


# ---------------------------------------------------------------- the model alone

def apdu(card, hexstr, data=b""):
    raw = bytes.fromhex(hexstr.replace(" ", "")) + data
    resp = card.process(raw)
    return resp[:-2], resp[-2] << 8 | resp[-1]


def selected_card(**kw):
    card = OpenPGPCard(**kw)
    card.power_on()
    assert apdu(card, "00A4040006D27600012401") == (b"", 0x9000)
    return card


def short(card, ins, p1, p2, data=b"", le=None):
    raw = bytes([0, ins, p1, p2])
    if data:
        raw += bytes([len(data)]) + data
    if le is not None:
        raw += bytes([le & 0xFF])
    resp = card.process(raw)
    return resp[:-2], resp[-2] << 8 | resp[-1]


def test_model_refuses_commands_before_select():
    card = OpenPGPCard()
    card.power_on()
    assert apdu(card, "00CA004F00")[1] == 0x6D00
    assert apdu(card, "00A4040006D27600012402")[1] == 0x6A82  # another application
    assert apdu(card, "00A4040006D27600012401")[1] == 0x9000
    aid, sw = apdu(card, "00CA004F00")
    assert sw == 0x9000 and aid == card.aid and aid[6:8] == b"\x03\x04"


def test_model_verify_counts_down_and_blocks():
    card = selected_card()
    assert short(card, 0x20, 0, 0x81) == (b"", 0x63C3)          # status: not verified, 3 tries
    assert short(card, 0x20, 0, 0x81, b"000000")[1] == 0x63C2
    assert short(card, 0x20, 0, 0x82, b"000000")[1] == 0x63C1   # PW1 has one counter for 81 and 82
    assert short(card, 0x20, 0, 0x81, DEFAULT_PW1)[1] == 0x9000  # success resets the counter
    assert card.state["pw1_tries"] == 3
    assert short(card, 0x20, 0, 0x81) == (b"", 0x9000)
    assert short(card, 0x20, 0xFF, 0x81)[1] == 0x9000            # reset the access status
    assert short(card, 0x20, 0, 0x81)[1] == 0x63C3
    for sw in (0x63C2, 0x63C1, 0x63C0, 0x6983):
        assert short(card, 0x20, 0, 0x83, b"00000000")[1] == sw
    assert short(card, 0x20, 0, 0x83, DEFAULT_PW3)[1] == 0x6983  # blocked: even the right PIN fails
    assert short(card, 0xDA, 0x00, 0x5B, b"Doe<<John")[1] == 0x6982


def test_model_chaining_extended_length_and_get_response():
    card = selected_card()
    assert short(card, 0x20, 0, 0x83, DEFAULT_PW3)[1] == 0x9000
    # GENERATE with a short Le: the 270-byte public key comes in two parts via GET RESPONSE.
    part1, sw = short(card, 0x47, 0x80, 0x00, b"\xB6\x00", le=0)
    assert len(part1) == 256 and sw == 0x610E
    part2, sw = short(card, 0xC0, 0, 0, le=0x0E)
    assert sw == 0x9000
    full, sw = apdu(card, "00 47 81 00 00 00 02 B6 00 00 00")   # extended Lc and Le
    assert sw == 0x9000 and full == part1 + part2 and full[:2] == b"\x7F\x49"
    # A 300-byte login data object in two chained commands.
    value = bytes(range(256)) + b"x" * 44
    assert apdu(card, "10 DA 00 5E", bytes([200]) + value[:200])[1] == 0x9000
    assert apdu(card, "00 DA 00 5E", bytes([100]) + value[200:])[1] == 0x6700  # over 255 bytes
    assert apdu(card, "10 DA 00 5E", bytes([200]) + value[:200])[1] == 0x9000
    assert apdu(card, "00 DA 00 5F", bytes([1]) + b"x")[1] == 0x6883  # not the chain's command
    assert apdu(card, "00 DA 00 5E", bytes([100]) + value[:100])[1] == 0x9000
    assert apdu(card, "00CA005E00") == (value[:100], 0x9000)


def test_model_t0_variant_uses_get_response():
    card = OpenPGPCard(t0=True)
    card.power_on()
    atr = card.atr
    assert atr[:2] == b"\x3B\x5A" and atr[4:] == card.historical_bytes  # TA1 TC1, no TD1: T=0
    assert card.historical_bytes[6] == 0x80                         # chaining, no extended length
    assert apdu(card, "00A4040006D27600012401")[1] == 0x9000
    # A case-4 command arrives over T=0 without Le: the data waits for GET RESPONSE.
    assert apdu(card, "00CA004F") == (b"", 0x6110)
    assert apdu(card, "00C0000010") == (card.aid, 0x9000)
    assert apdu(card, "00CA004F00") == (card.aid, 0x9000)           # with Le it comes at once


def test_model_signs_with_pw1_once_and_counts(tmp_path):
    card = selected_card()
    assert short(card, 0x20, 0, 0x83, DEFAULT_PW3)[1] == 0x9000
    assert short(card, 0xDA, 0, 0xC1, ATTR_ED25519)[1] == 0x9000
    pub_do, sw = short(card, 0x47, 0x80, 0, b"\xB6\x00", le=0)
    assert sw == 0x9000
    pub = ed25519.Ed25519PublicKey.from_public_bytes(pub_do[-32:])
    digest = os.urandom(32)
    assert short(card, 0x2A, 0x9E, 0x9A, digest, le=0)[1] == 0x6982  # PW1 not verified
    assert short(card, 0x20, 0, 0x81, DEFAULT_PW1)[1] == 0x9000
    sig, sw = short(card, 0x2A, 0x9E, 0x9A, digest, le=0)
    assert sw == 0x9000
    pub.verify(sig, digest)
    # PW1 status byte 00: the PIN is good for one signature only.
    assert short(card, 0x2A, 0x9E, 0x9A, digest, le=0)[1] == 0x6982
    assert card.state["sig_count"] == 1
    # The state survives a round trip through JSON, keys included.
    path = str(tmp_path / "card.json")
    card.save(path)
    again = OpenPGPCard(state_file=path)
    again.power_on()
    assert apdu(again, "00A4040006D27600012401")[1] == 0x9000
    assert apdu(again, "00 47 81 00 02 B6 00 00") == (pub_do, 0x9000)
    assert short(again, 0x20, 0, 0x81, DEFAULT_PW1)[1] == 0x9000
    pub.verify(short(again, 0x2A, 0x9E, 0x9A, digest, le=0)[0], digest)
    assert again.state["sig_count"] == 2


def test_model_internal_authenticate_and_get_challenge():
    card = selected_card()
    assert short(card, 0x20, 0, 0x83, DEFAULT_PW3)[1] == 0x9000
    assert short(card, 0xDA, 0, 0xC3, ATTR_ED25519)[1] == 0x9000
    pub_do, sw = short(card, 0x47, 0x80, 0, b"\xA4\x00", le=0)
    assert sw == 0x9000 and card.state["slots"][2]["status"] == 1
    challenge = os.urandom(32)
    assert short(card, 0x88, 0, 0, challenge, le=0)[1] == 0x6982     # needs PW1 as 82
    assert short(card, 0x20, 0, 0x81, DEFAULT_PW1)[1] == 0x9000
    assert short(card, 0x88, 0, 0, challenge, le=0)[1] == 0x6982
    assert short(card, 0x20, 0, 0x82, DEFAULT_PW1)[1] == 0x9000
    sig, sw = short(card, 0x88, 0, 0, challenge, le=0)
    assert sw == 0x9000
    ed25519.Ed25519PublicKey.from_public_bytes(pub_do[-32:]).verify(sig, challenge)
    assert card.state["sig_count"] == 0                             # not a PSO:CDS
    random1, sw = short(card, 0x84, 0, 0, le=16)
    assert sw == 0x9000 and len(random1) == 16 and random1 != short(card, 0x84, 0, 0, le=16)[0]


def test_model_rsa_signature_and_decipher_are_pkcs1():
    card = selected_card()
    assert short(card, 0x20, 0, 0x83, DEFAULT_PW3)[1] == 0x9000
    assert short(card, 0xDA, 0, 0xC2, ATTR_ED25519)[1] == 0x6A80   # Ed25519 is not for decryption
    assert short(card, 0xDA, 0, 0xC2, ATTR_CV25519)[1] == 0x9000
    assert short(card, 0xDA, 0, 0xC2, ATTR_RSA2048)[1] == 0x9000
    for crt in (b"\xB6\x00", b"\xB8\x00"):
        assert apdu(card, "00 47 80 00 00 00 02", crt + b"\x00\x00")[1] == 0x9000
    sig_pub, dec_pub = card.keys[0].public_key(), card.keys[1].public_key()
    assert isinstance(sig_pub, rsa.RSAPublicKey) and sig_pub.key_size == 2048
    digest = os.urandom(32)
    assert short(card, 0x20, 0, 0x81, DEFAULT_PW1)[1] == 0x9000
    sig, sw = short(card, 0x2A, 0x9E, 0x9A, SHA256_PREFIX + digest, le=0)
    assert sw == 0x9000
    sig_pub.verify(sig, digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    secret = os.urandom(35)
    cryptogram = dec_pub.encrypt(secret, padding.PKCS1v15())
    assert short(card, 0x20, 0, 0x82, DEFAULT_PW1)[1] == 0x9000
    data = b"\x00" + cryptogram
    assert apdu(card, "00 2A 80 86 00 01 01", data + b"\x00\x00") == (secret, 0x9000)


def test_model_ecdh_decipher():
    card = selected_card()
    assert short(card, 0x20, 0, 0x83, DEFAULT_PW3)[1] == 0x9000
    assert short(card, 0xDA, 0, 0xC2, ATTR_CV25519)[1] == 0x9000
    pub_do, sw = short(card, 0x47, 0x80, 0, b"\xB8\x00", le=0)
    assert sw == 0x9000
    card_pub = x25519.X25519PublicKey.from_public_bytes(pub_do[-32:])
    eph = x25519.X25519PrivateKey.generate()
    eph_pub = eph.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert short(card, 0x20, 0, 0x82, DEFAULT_PW1)[1] == 0x9000
    shared, sw = short(card, 0x2A, 0x80, 0x86, tlv(0xA6, tlv(0x7F49, tlv(0x86, eph_pub))), le=0)
    assert sw == 0x9000 and shared == eph.exchange(card_pub)


def test_model_terminate_and_activate_restore_factory_state():
    card = selected_card(serial=0x01020304)
    assert short(card, 0xE6, 0, 0)[1] == 0x6985                   # PW3 neither verified nor blocked
    assert short(card, 0x20, 0, 0x83, DEFAULT_PW3)[1] == 0x9000
    assert short(card, 0xDA, 0x00, 0x5B, b"Doe<<John")[1] == 0x9000
    assert short(card, 0xE6, 0, 0)[1] == 0x9000
    assert short(card, 0xCA, 0, 0x4F, le=0)[1] == 0x6285
    assert apdu(card, "00A4040006D27600012401")[1] == 0x6285
    assert short(card, 0x44, 0, 0)[1] == 0x9000
    assert card.state == factory_state(0x01020304)
    assert card.atr[-4] == 0x05  # status indicator (before 90 00 and TCK): operational again


# ---------------------------------------------------------------- against gpg

def card_fields(gpg):
    """--card-status --with-colons: record name -> fields of its first line ("keyattr" -> all lines)."""
    return gpg.card_status()


def pin_retries(gpg):
    return [int(x) for x in gpg.card_status()["pinretry"][:3]]


def verify_pin(gpg, card, pin):
    """`verify` in gpg --card-edit (scdaemon's PIN check); True if the card accepted `pin`."""
    res = gpg.card_edit(["verify"], pins=[pin])
    ok = not res.has_status("SC_OP_FAILURE")  # gpg says SC_OP_FAILURE 2 for a bad PIN, nothing if good
    assert ok == card.pw1_81, "gpg and the card disagree on whether PW1 is verified"
    return ok


def set_key_attributes(gpg, kind):
    """`key-attr` in gpg --card-edit for all three keys: "ecc" (ed25519, cv25519, ed25519) or "rsa2048"."""
    if kind == "ecc":
        answers = {"cardedit.genkeys.algo": ["2"] * 3, "keygen.curve": ["1"] * 3}
    else:
        answers = {"cardedit.genkeys.algo": ["1"] * 3, "cardedit.genkeys.size": ["2048"] * 3}
    # gpg asks for the Admin PIN once per key: changing an attribute resets its verification.
    gpg.card_edit(["admin", "key-attr"], answers=answers, pins=[PW3] * 3)


def generate_on_card(gpg, name="Vigil Card"):
    # PINs: Admin PIN (gpg first switches the signature PIN to "not forced"), the PIN
    # for its PIN check, then the PIN again for the first self-signature: scdaemon 2.2's
    # check does not count as a CHV1 verification for signing.
    gpg.card_edit(["admin", "generate"], pins=[PW3, PW1, PW1], answers={
        "cardedit.genkeys.backup_enc": ["n"], "keygen.valid": ["0"],
        "keygen.name": [name], "keygen.email": ["card@vigil.invalid"], "keygen.comment": [""]})
    fields = card_fields(gpg)
    fprs = fields["fpr"][:3]
    assert all(len(f) == 40 for f in fprs), fields
    return fprs


def write(gpg, name, data):
    path = os.path.join(gpg.home, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def sign_and_verify(gpg, card, signer_fpr, pin=PW1):
    """Sign a file with the card and verify it; return the VALIDSIG fields."""
    before = card.state["sig_count"]
    data = write(gpg, "message.txt", b"signed by the card model\n")
    sig = data + ".sig"
    gpg.run("--local-user", signer_fpr + "!", "--output", sig, "--sign", data, pins=[pin])
    assert card.state["sig_count"] == before + 1
    assert int(card_fields(gpg)["sigcount"][0]) == before + 1
    res = gpg.run("--verify", sig)
    assert res.has_status("GOODSIG")
    (validsig,) = [line.split()[2:] for line in res.status if line.startswith("[GNUPG:] VALIDSIG")]
    assert validsig[0] == signer_fpr
    return validsig


def encrypt_and_decrypt(gpg, card, recipient_fpr):
    plaintext = os.urandom(64).hex().encode()
    src = write(gpg, "secret.txt", plaintext)
    gpg.run("--trust-model", "always", "--recipient", recipient_fpr + "!", "--output", src + ".gpg",
            "--encrypt", src)
    out = src + ".out"
    gpg.run("--output", out, "--decrypt", src + ".gpg", pins=[PW1])
    with open(out, "rb") as f:
        assert f.read() == plaintext
    assert any(line.startswith(("card> 002a8086", "card> 102a8086")) for line in card.trace)


def test_card_status_shows_the_model(gpg, card):
    fields = card_fields(gpg)
    # Only the private pcscd has this reader: PCSCLITE_CSOCK_NAME reached scdaemon.
    assert fields["Reader"][0] == "Vigil Test PCD 00 00"
    assert fields["serial"][0] == "%08X" % card.serial
    assert fields["Reader"][2] == card.aid.hex().upper()
    assert fields["version"][0] == "0304"
    assert fields["vendor"][:2] == ["ffff", "test card"]
    assert fields["pinretry"][:3] == ["3", "0", "3"]
    assert fields["forcepin"][0] == "1"          # PW1 status byte 00: PIN for every signature
    assert fields["sigcount"][0] == "0"
    assert fields["fpr"][:3] == ["", "", ""]
    # What gpg shows is the model's live state.
    card.state["pw3_tries"] = 2
    card.state["sig_count"] = 7
    fields = card_fields(gpg)
    assert fields["pinretry"][:3] == ["3", "0", "2"] and fields["sigcount"][0] == "7"


def test_generate_ed25519_sign_and_decrypt(gpg, card):
    set_key_attributes(gpg, "ecc")
    assert [s["attr"] for s in card.state["slots"]] == [ATTR_ED25519.hex(), ATTR_CV25519.hex(),
                                                        ATTR_ED25519.hex()]
    assert [a[:3] for a in gpg.card_status()["keyattr"]] == [
        ["1", "22", "Ed25519"], ["2", "18", "Curve25519"], ["3", "22", "Ed25519"]]
    sig_fpr, enc_fpr, auth_fpr = generate_on_card(gpg)
    assert [s["status"] for s in card.state["slots"]] == [1, 1, 1]      # generated on the card
    assert isinstance(card.keys[0], ed25519.Ed25519PrivateKey)
    assert isinstance(card.keys[1], x25519.X25519PrivateKey)
    # gpg's keys are stubs pointing at this card ("sec>" / "ssb>").
    listing = gpg.run("--list-secret-keys", "--with-colons").stdout
    serials = [line.split(":")[14] for line in listing.splitlines() if line.startswith(("sec", "ssb"))]
    assert serials == [card.aid.hex().upper()] * 3, listing
    validsig = sign_and_verify(gpg, card, sig_fpr)
    assert validsig[6] == "22"                                          # EdDSA
    encrypt_and_decrypt(gpg, card, enc_fpr)


def test_generate_rsa2048_sign_and_decrypt(gpg, card):
    set_key_attributes(gpg, "ecc")       # away from the factory RSA attributes and back
    set_key_attributes(gpg, "rsa2048")
    assert [s["attr"] for s in card.state["slots"]] == [ATTR_RSA2048.hex()] * 3
    sig_fpr, enc_fpr, _ = generate_on_card(gpg)
    assert all(isinstance(k, rsa.RSAPrivateKey) and k.key_size == 2048 for k in card.keys)
    validsig = sign_and_verify(gpg, card, sig_fpr)
    assert validsig[6] == "1"                                           # RSA
    encrypt_and_decrypt(gpg, card, enc_fpr)


def test_passwd_changes_pins_and_counters_block_and_unblock(gpg, card):
    menu = "cardutil.change_pin.menu"
    # 1: change PIN (old, new, new again); 3: change Admin PIN likewise.
    gpg.card_edit(["admin", "passwd"], answers={menu: ["1", "3", "q"]},
                  pins=[PW1, NEW_PW1, NEW_PW1, PW3, NEW_PW3, NEW_PW3])
    assert bytes.fromhex(card.state["pw1"]) == NEW_PW1.encode()
    assert bytes.fromhex(card.state["pw3"]) == NEW_PW3.encode()
    assert pin_retries(gpg) == [3, 0, 3]

    # The old PIN no longer works and costs a try; the new one works and restores the counter.
    assert not verify_pin(gpg, card, PW1)
    assert pin_retries(gpg) == [2, 0, 3]
    assert verify_pin(gpg, card, NEW_PW1)
    assert pin_retries(gpg) == [3, 0, 3]

    # Same for the Admin PIN, through an admin command (setting the cardholder's name).
    name_answers = {"keygen.smartcard.surname": ["Doe"], "keygen.smartcard.givenname": ["John"]}
    res = gpg.card_edit(["admin", "name"], answers=name_answers, pins=[PW3], check=False)
    assert res.returncode != 0 and res.has_status("SC_OP_FAILURE")
    assert pin_retries(gpg) == [3, 0, 2] and card.state["name"] == ""
    res = gpg.card_edit(["admin", "name"], answers=name_answers, pins=[NEW_PW3])
    assert res.has_status("SC_OP_SUCCESS")
    assert card.state["name"] == "Doe<<John" and pin_retries(gpg) == [3, 0, 3]

    # Three wrong PINs block PW1; after that even the right one is refused.
    for left in (2, 1, 0):
        assert not verify_pin(gpg, card, "000000")
        assert pin_retries(gpg)[0] == left
    assert not verify_pin(gpg, card, NEW_PW1)
    assert card.state["pw1_tries"] == 0 and bytes.fromhex(card.state["pw1"]) == NEW_PW1.encode()

    # Unblock with the Admin PIN (passwd, 2: unblock PIN): Admin PIN, new PIN twice.
    gpg.card_edit(["admin", "passwd"], answers={menu: ["2", "q"]}, pins=[NEW_PW3, PW1, PW1])
    assert pin_retries(gpg) == [3, 0, 3]
    assert verify_pin(gpg, card, PW1)


def test_keytocard_then_sign_and_decrypt_with_the_card(gpg, card):
    # A key made in the (tmpfs) GnuPG home, as vigil's OEM wizard would before moving it.
    gpg.run("--batch", "--passphrase", "", "--quick-gen-key", "Vigil Soft <soft@vigil.invalid>",
            "ed25519", "sign", "0")
    fpr = [line.split(":")[9] for line in gpg.run("--list-keys", "--with-colons").stdout.splitlines()
           if line.startswith("fpr")][0]
    gpg.run("--batch", "--passphrase", "", "--quick-add-key", fpr, "cv25519", "encr", "0")
    keys = gpg.run("--list-secret-keys", "--with-colons", "--with-keygrip", fpr).stdout.splitlines()
    fprs = [l.split(":")[9] for l in keys if l.startswith("fpr")]
    grips = [l.split(":")[9] for l in keys if l.startswith("grp")]
    assert len(fprs) == 2 and card.keys == [None, None, None]

    # Primary (signing) key to slot 1, then the encryption subkey to slot 2. gpg first changes
    # the slot's algorithm attributes (RSA to Ed25519 / Curve25519); scdaemon asks for the Admin
    # PIN before the first change and again after each change (a change forgets the PIN).
    gpg.run("--edit-key", fpr, pins=[PW3] * 3, answers={
        "keyedit.prompt": ["keytocard", "key 1", "keytocard", "save"],
        "keyedit.keytocard.use_primary": ["y"],
        "cardedit.genkeys.storekeytype": ["1", "2"]})
    assert [s["status"] for s in card.state["slots"]] == [2, 2, 0]      # imported
    assert isinstance(card.keys[0], ed25519.Ed25519PrivateKey)
    assert isinstance(card.keys[1], x25519.X25519PrivateKey)
    fields = card_fields(gpg)
    assert fields["fpr"][:2] == fprs
    # scdaemon's keygrips come from the public keys it reads off the card: they match gpg's.
    assert fields["grp"][:2] == grips
    listing = gpg.run("--list-secret-keys", "--with-colons").stdout
    assert all(line.split(":")[14] == card.aid.hex().upper()
               for line in listing.splitlines() if line.startswith(("sec", "ssb"))), listing

    sign_and_verify(gpg, card, fpr)
    encrypt_and_decrypt(gpg, card, fprs[1])


def test_factory_reset_returns_the_card_to_defaults(gpg, card):
    set_key_attributes(gpg, "ecc")
    generate_on_card(gpg)
    gpg.card_edit(["admin", "passwd"], answers={"cardutil.change_pin.menu": ["1", "q"]},
                  pins=[PW1, NEW_PW1, NEW_PW1])
    assert card.state != factory_state(card.serial)

    gpg.card_edit(["admin", "factory-reset"], answers={
        "cardedit.factory-reset.proceed": ["y"], "cardedit.factory-reset.really": ["yes"]})
    assert any(line.startswith("card> 00e60000") for line in card.trace)  # TERMINATE DF
    assert card.state == factory_state(card.serial)
    assert card.keys == [None, None, None]
    fields = card_fields(gpg)
    assert fields["pinretry"][:3] == ["3", "0", "3"]
    assert fields["fpr"][:3] == ["", "", ""]
    assert [a[:3] for a in fields["keyattr"]] == [[str(i), "1", "2048"] for i in (1, 2, 3)]
    assert not verify_pin(gpg, card, NEW_PW1)
    assert verify_pin(gpg, card, PW1)                     # the default PIN works again
