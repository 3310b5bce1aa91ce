package dev.argyle.server.gssapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kerby.kerberos.kerb.KrbCodec;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.ap.ApOption;
import org.apache.kerby.kerberos.kerb.type.ap.ApOptions;
import org.apache.kerby.kerberos.kerb.type.ap.ApRep;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.apache.kerby.kerberos.kerb.type.ap.Authenticator;
import org.apache.kerby.kerberos.kerb.type.ap.EncAPRepPart;
import org.apache.kerby.kerberos.kerb.type.base.CheckSum;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.KeyUsage;
import org.apache.kerby.kerberos.kerb.type.base.NameType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.apache.kerby.kerberos.kerb.type.base.TransitedEncoding;
import org.apache.kerby.kerberos.kerb.type.base.TransitedEncodingType;
import org.apache.kerby.kerberos.kerb.type.ticket.EncTicketPart;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlags;

/**
 * A Kerberos GSS-API initial context token built by hand, for tests the JDK initiator cannot drive: the JDK
 * drops an expired ticket before using it, and a token captured while the ticket was valid is refused for its
 * stale authenticator (clock skew) before the acceptor looks at the ticket's end time.
 *
 * <p>So this class does the KDC's part itself: it seals a service ticket (RFC 4120 section 5.3) with the
 * service's own key, read from the server's keytab, with the validity the test chooses, around a session key
 * it makes up. Then it does the initiator's part with a fresh authenticator (section 5.5.1: ctime now, the RFC
 * 4121 section 4.1.1 checksum carrying the GSS flags) sealed with that session key, and frames the AP-REQ as
 * the RFC 1964 section 1.1 / RFC 2743 section 3.1 initial token. The acceptor can then only object to the
 * ticket's times.
 */
final class HandBuiltApReq {
    /** RFC 1964 section 1.1.1: the mechanism OID 1.2.840.113554.1.2.2, DER-encoded with its tag. */
    private static final byte[] KRB5_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12,
            0x01, 0x02, 0x02};
    private static final byte[] TOK_AP_REQ = {0x01, 0x00};
    private static final byte[] TOK_AP_REP = {0x02, 0x00};
    /** RFC 4121 section 4.1.1: the checksum type of the authenticator's GSS checksum. */
    private static final int GSS_CHECKSUM = 0x8003;
    /** RFC 4121 section 4.1.1.1: GSS_C_MUTUAL_FLAG | REPLAY | SEQUENCE | CONF | INTEG. */
    private static final int GSS_FLAGS = 0x02 | 0x04 | 0x08 | 0x10 | 0x20;

    private final byte[] token;
    private final EncryptionKey sessionKey;
    private final KerberosTime ctime;
    private final int cusec;

    private HandBuiltApReq(byte[] token, EncryptionKey sessionKey, KerberosTime ctime, int cusec) {
        this.token = token;
        this.sessionKey = sessionKey;
        this.ctime = ctime;
        this.cusec = cusec;
    }

    /**
     * A token for {@code client} (such as {@code alice}) to {@code service} (such as {@code rcmd/localhost}) in
     * {@code realm}, whose ticket is sealed with the service's AES key from {@code keytab} and is valid from
     * {@code start} to {@code end}; the authenticator says now.
     */
    static HandBuiltApReq build(Path keytab, String realm, String service, String client, Instant start,
            Instant end) throws IOException, KrbException {
        PrincipalName sname = new PrincipalName(List.of(service.split("/")), NameType.NT_SRV_INST);
        PrincipalName cname = new PrincipalName(List.of(client), NameType.NT_PRINCIPAL);
        KeytabEntry serviceKey = aesKey(keytab, service + "@" + realm);
        EncryptionKey sessionKey = EncryptionHandler.random2Key(EncryptionType.AES128_CTS_HMAC_SHA1_96);

        EncTicketPart part = new EncTicketPart();
        part.setFlags(new TicketFlags(0));
        part.setKey(sessionKey);
        part.setCrealm(realm);
        part.setCname(cname);
        TransitedEncoding transited = new TransitedEncoding();
        transited.setTrType(TransitedEncodingType.DOMAIN_X500_COMPRESS);
        transited.setContents(new byte[0]);
        part.setTransited(transited);
        part.setAuthTime(seconds(start));
        part.setStartTime(seconds(start));
        part.setEndTime(seconds(end));
        EncryptedData sealedPart = EncryptionHandler.encrypt(KrbCodec.encode(part), serviceKey.getKey(),
                KeyUsage.KDC_REP_TICKET);
        sealedPart.setKvno(serviceKey.getKvno());
        Ticket ticket = new Ticket();
        ticket.setTktKvno(5);
        ticket.setRealm(realm);
        ticket.setSname(sname);
        ticket.setEncryptedEncPart(sealedPart);

        long nowMillis = System.currentTimeMillis();
        KerberosTime ctime = new KerberosTime(nowMillis / 1000 * 1000);
        int cusec = (int) (nowMillis % 1000) * 1000;
        Authenticator authenticator = new Authenticator();
        authenticator.setAuthenticatorVno(5);
        authenticator.setCrealm(realm);
        authenticator.setCname(cname);
        authenticator.setCksum(new CheckSum(GSS_CHECKSUM, gssChecksum()));
        authenticator.setCtime(ctime);
        authenticator.setCusec(cusec);
        authenticator.setSeqNumber(1961);

        ApReq apReq = new ApReq();
        ApOptions options = new ApOptions();
        options.setFlag(ApOption.MUTUAL_REQUIRED);
        apReq.setApOptions(options);
        apReq.setTicket(ticket);
        apReq.setEncryptedAuthenticator(
                EncryptionHandler.encrypt(KrbCodec.encode(authenticator), sessionKey, KeyUsage.AP_REQ_AUTH));
        return new HandBuiltApReq(frame(TOK_AP_REQ, KrbCodec.encode(apReq)), sessionKey, ctime, cusec);
    }

    /** The initial context token, for an RFC 1961 MTYP 1 message. */
    byte[] token() {
        return token.clone();
    }

    /**
     * Opens the acceptor's reply token (the AP-REP, RFC 4120 section 5.5.2) with the session key and checks it
     * echoes this authenticator's time: only an acceptor that decrypted the ticket and the authenticator can
     * produce it. Returns the reply's time.
     */
    Instant openReply(byte[] replyToken) throws KrbException {
        byte[] body = unframe(TOK_AP_REP, replyToken);
        ApRep rep = KrbCodec.decode(body, ApRep.class);
        byte[] plain = EncryptionHandler.decrypt(rep.getEncryptedEncPart(), sessionKey, KeyUsage.AP_REP_ENCPART);
        EncAPRepPart part = KrbCodec.decode(plain, EncAPRepPart.class);
        if (part.getCtime().getTime() != ctime.getTime() || part.getCusec() != cusec) {
            throw new IllegalStateException("AP-REP time " + part.getCtime() + "." + part.getCusec()
                    + " is not the authenticator's " + ctime + "." + cusec);
        }
        return Instant.ofEpochMilli(part.getCtime().getTime());
    }

    /** The service's AES key (the JDK acceptor accepts both AES types; the test KDC writes both or one). */
    private static KeytabEntry aesKey(Path keytab, String principal) throws IOException {
        Keytab kt = Keytab.loadKeytab(keytab.toFile());
        List<KeytabEntry> entries = kt.getKeytabEntries(new PrincipalName(principal));
        return entries.stream()
                .filter(e -> e.getKey().getKeyType() == EncryptionType.AES256_CTS_HMAC_SHA1_96
                        || e.getKey().getKeyType() == EncryptionType.AES128_CTS_HMAC_SHA1_96)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no AES key for " + principal + " in " + keytab));
    }

    /** RFC 4121 section 4.1.1: Lgth = 16 (little-endian), no channel bindings, the context flags. */
    private static byte[] gssChecksum() {
        byte[] c = new byte[24];
        c[0] = 16;
        c[20] = (byte) GSS_FLAGS;
        return c;
    }

    private static KerberosTime seconds(Instant t) {
        return new KerberosTime(t.getEpochSecond() * 1000);
    }

    /** RFC 2743 section 3.1: [APPLICATION 0] { mechanism OID, TOK_ID, inner token }. */
    private static byte[] frame(byte[] tokId, byte[] inner) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(KRB5_OID);
        body.writeBytes(tokId);
        body.writeBytes(inner);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x60);
        int n = body.size();
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] unframe(byte[] tokId, byte[] token) {
        if (token.length < 2 || token[0] != 0x60) {
            throw new IllegalStateException("not a GSS-API token: " + hex(token));
        }
        int i = 1;
        int len = token[i++] & 0xFF;
        if (len >= 0x80) {
            int octets = len & 0x7F;
            len = 0;
            for (int k = 0; k < octets; k++) {
                len = (len << 8) | (token[i++] & 0xFF);
            }
        }
        if (i + len != token.length) {
            throw new IllegalStateException("GSS-API token length " + len + " does not fit " + token.length);
        }
        byte[] oid = Arrays.copyOfRange(token, i, i + KRB5_OID.length);
        byte[] id = Arrays.copyOfRange(token, i + KRB5_OID.length, i + KRB5_OID.length + 2);
        if (!Arrays.equals(oid, KRB5_OID) || !Arrays.equals(id, tokId)) {
            throw new IllegalStateException("not a Kerberos token " + hex(tokId) + ": " + hex(token));
        }
        return Arrays.copyOfRange(token, i + KRB5_OID.length + 2, token.length);
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 32); i++) {
            s.append(String.format("%02x", b[i]));
        }
        return s.toString();
    }
}
