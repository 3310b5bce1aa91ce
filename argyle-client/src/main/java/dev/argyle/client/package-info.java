/**
 * The Argyle client library: SOCKS4/4a/5 proxy chains for plain blocking java.net code.
 *
 * <ul>
 * <li>{@link dev.argyle.protocol.handshake.ProxyUri} (in argyle-protocol): one hop, {@code socks4|socks4a|socks5|socks5h://[user[:password]@]host[:port]}.
 * <li>{@link dev.argyle.client.ProxyChain}: the hops, and what to do through them: {@code connect} (a
 *     {@link java.net.Socket}), {@code bind} ({@link dev.argyle.client.SocksBind}), {@code associate}
 *     ({@link dev.argyle.client.SocksDatagramSocket}).
 * <li>{@link dev.argyle.client.ChainSocketFactory} and {@link dev.argyle.client.ChainProxySelector}: adapters
 *     for code that takes a {@link javax.net.SocketFactory} or consults a {@link java.net.ProxySelector}.
 * <li>{@link dev.argyle.client.SocksException}: every failure names the hop and the reply code in words.
 * </ul>
 *
 * Everything else here is package-private. The handshakes themselves are in
 * {@link dev.argyle.protocol.handshake}, without I/O. Depends on the JDK and {@code argyle-protocol} only.
 */
package dev.argyle.client;
