#!/usr/bin/env python3
"""Checks RFC 1961 framing in a pcap of SOCKS5 GSS-API sessions (used by dante-gssapi-interop.sh).

Usage: rfc1961-pcap-check.py PCAP PROXY_PORT LEVEL...  (one expected level per session, in connection order:
1 integrity, 2 confidentiality). For each session, in both directions: after the SOCKS5 greeting / method
choice (0x01), the stream must be nothing but RFC 1961 section 3 messages (VER 1, MTYP, LEN, token) up to the
last byte: MTYP 1 context tokens, then one MTYP 2 (protection level, section 4), then only MTYP 3 (section 5).
The MTYP 2 token is a Kerberos RFC 4121 wrap token sent with conf_req_flag FALSE, so its one-byte level is
readable after the 16-byte header; both sides must name the expected level. MTYP 3 tokens must be sealed
(RFC 4121 flag 0x02) exactly when the level is confidentiality. Only Ethernet/Linux-cooked IPv4 TCP frames.
"""
import struct
import sys
from collections import OrderedDict

def tcp_payloads(path):
    with open(path, 'rb') as f:
        header = f.read(24)
        link = struct.unpack('<I', header[20:24])[0]
        offset = {1: 14, 113: 16, 276: 20}[link]
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            incl = struct.unpack('<IIII', rec)[2]
            frame = f.read(incl)
            ip = frame[offset:]
            tcp = ip[(ip[0] & 15) * 4:]
            sport, dport, seq = struct.unpack('>HHI', tcp[:8])
            data = tcp[(tcp[12] >> 4) * 4:]
            if data:
                yield sport, dport, seq, data

def reassemble(by_seq):
    # Short sessions: sequence numbers do not wrap; a gap means the capture lost a segment.
    out, expected = b'', None
    for seq in sorted(by_seq):
        if expected is not None and seq != expected:
            raise SystemExit('FAIL capture: gap or overlap at seq %d (expected %d)' % (seq, expected))
        out += by_seq[seq]
        expected = seq + len(by_seq[seq])
    return out

def messages(stream, start):
    i, out = start, []
    while i < len(stream):
        if i + 4 > len(stream) or stream[i] != 1:
            raise ValueError('not an RFC 1961 message at byte %d: %s' % (i, stream[i:i + 8].hex()))
        mtyp, length = stream[i + 1], struct.unpack('>H', stream[i + 2:i + 4])[0]
        if i + 4 + length > len(stream):
            raise ValueError('message at byte %d runs past the end' % i)
        out.append((mtyp, stream[i + 4:i + 4 + length]))
        i += 4 + length
    return out

def main():
    path, proxy, levels = sys.argv[1], int(sys.argv[2]), [int(x) for x in sys.argv[3:]]
    segments = OrderedDict()  # client port -> {'up': {seq: data}, 'down': {seq: data}}; a retransmission overwrites
    for sport, dport, seq, data in tcp_payloads(path):
        if dport == proxy:
            segments.setdefault(sport, {'up': {}, 'down': {}})['up'][seq] = data
        elif sport == proxy:
            segments.setdefault(dport, {'up': {}, 'down': {}})['down'][seq] = data
    sessions = [{k: reassemble(v) for k, v in s.items()} for s in segments.values() if s['up']]  # drop port probes
    if len(sessions) != len(levels):
        print('FAIL framing: %d sessions captured, %d expected' % (len(sessions), len(levels)))
        return 1
    ok = True
    for n, (s, level) in enumerate(zip(sessions, levels), 1):
        up, down = s['up'], s['down']
        if up[0] != 5 or 1 not in up[2:2 + up[1]] or down[:2] != b'\x05\x01':
            print('FAIL session %d: greeting %s / choice %s' % (n, up[:2 + up[1]].hex(), down[:2].hex()))
            ok = False
            continue
        for side, stream, start in (('client', up, 2 + up[1]), ('server', down, 2)):
            try:
                msgs = messages(stream, start)
            except ValueError as e:
                print('FAIL session %d %s: %s' % (n, side, e))
                ok = False
                continue
            kinds = [m for m, _ in msgs]
            first3 = kinds.index(3) if 3 in kinds else len(kinds)
            shape_ok = (kinds[:first3].count(2) == 1 and kinds[first3 - 1] == 2
                        and set(kinds[:first3 - 1]) == {1} and set(kinds[first3:]) <= {3} and first3 < len(kinds))
            level_token = msgs[first3 - 1][1] if shape_ok else b''
            got_level = level_token[16] if len(level_token) > 16 else None
            sealed = {bool(tok[2] & 0x02) for m, tok in msgs if m == 3}
            want_sealed = {level == 2}
            good = shape_ok and got_level == level and sealed == want_sealed
            ok &= good
            print('%s session %d %s: MTYP sequence %s, level %s, MTYP 3 sealed %s' % (
                'PASS' if good else 'FAIL', n, side,
                '1x%d 2x1 3x%d' % (first3 - 1, len(kinds) - first3) if shape_ok else kinds, got_level, sorted(sealed)))
    return 0 if ok else 1

if __name__ == '__main__':
    sys.exit(main())
