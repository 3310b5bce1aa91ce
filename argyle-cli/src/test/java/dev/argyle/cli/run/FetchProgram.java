package dev.argyle.cli.run;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A Java program for {@code argyle run} tests, started as its own JVM: {@code FetchProgram MODE HOST PORT PATH}
 * fetches http://HOST:PORT/PATH with one of the JDK's three TCP clients and prints the body; any failure prints
 * the exception and exits 3.
 */
public final class FetchProgram {
    private FetchProgram() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        String path = args[3];
        try {
            String body = switch (mode) {
                case "urlconnection" -> urlConnection(host, port, path);
                case "httpclient" -> httpClient(host, port, path);
                case "socketchannel" -> socketChannel(host, port, path);
                case "noproxy" -> noProxySocket(host, port, path);
                case "datagram" -> datagram(host, port);
                default -> throw new IllegalArgumentException("mode: urlconnection, httpclient or socketchannel");
            };
            System.out.print(body);
        } catch (Exception e) {
            System.out.println("failed: " + e);
            System.exit(3);
        }
    }

    private static String urlConnection(String host, int port, String path) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL("http://" + host + ":" + port + path).openConnection();
        c.setConnectTimeout(20_000);
        c.setReadTimeout(20_000);
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String httpClient(String host, int port, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    /** HTTP/1.0 by hand over {@code new Socket(Proxy.NO_PROXY)}, which no ProxySelector is asked about. */
    private static String noProxySocket(String host, int port, String path) throws Exception {
        try (java.net.Socket s = new java.net.Socket(java.net.Proxy.NO_PROXY)) {
            s.connect(new InetSocketAddress(host, port), 20_000);
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int body = response.indexOf("\r\n\r\n");
            return body < 0 ? response : response.substring(body + 4);
        }
    }

    /** Sends one datagram and prints the answer (an echo): under the agent this must fail loudly. */
    private static String datagram(String host, int port) throws Exception {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
            s.setSoTimeout(20_000);
            byte[] hello = "datagram through the chain".getBytes(StandardCharsets.US_ASCII);
            s.send(new java.net.DatagramPacket(hello, hello.length, new InetSocketAddress(host, port)));
            java.net.DatagramPacket back = new java.net.DatagramPacket(new byte[2048], 2048);
            s.receive(back);
            return new String(back.getData(), 0, back.getLength(), StandardCharsets.US_ASCII) + " from "
                    + ((InetSocketAddress) back.getSocketAddress()).getAddress().getHostAddress();
        }
    }

    /** HTTP/1.0 by hand over a blocking SocketChannel; the name is left unresolved for whoever connects. */
    private static String socketChannel(String host, int port, String path) throws Exception {
        try (SocketChannel ch = SocketChannel.open()) {
            ch.connect(new InetSocketAddress(host, port));
            ch.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                all.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            String response = all.toString(StandardCharsets.UTF_8);
            int body = response.indexOf("\r\n\r\n");
            return body < 0 ? response : response.substring(body + 4);
        }
    }
}
