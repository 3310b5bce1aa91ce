package dev.argyle.agent;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocketImpl;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * The {@code DatagramSocket} implementation under the agent: every {@code DatagramSocket} fails when it is
 * created, with a message that says why. Agent mode carries TCP only; namespace mode carries DNS.
 */
@SuppressWarnings("deprecation") // DatagramSocketImplFactory is the only hook java.net has for UDP sockets
final class RefusedDatagrams extends DatagramSocketImpl {
    static final String WHY = "argyle agent: UDP (DatagramSocket) is not carried in agent mode and is refused; "
            + "use argyle run without --jvm (namespace mode) for UDP and DNS";

    @Override
    protected void create() throws SocketException {
        throw new SocketException(WHY);
    }

    @Override
    protected void bind(int lport, InetAddress laddr) throws SocketException {
        throw new SocketException(WHY);
    }

    @Override
    protected void send(DatagramPacket p) throws IOException {
        throw new SocketException(WHY);
    }

    @Override
    protected int peek(InetAddress i) throws IOException {
        throw new SocketException(WHY);
    }

    @Override
    protected int peekData(DatagramPacket p) throws IOException {
        throw new SocketException(WHY);
    }

    @Override
    protected void receive(DatagramPacket p) throws IOException {
        throw new SocketException(WHY);
    }

    @Override
    @Deprecated
    protected void setTTL(byte ttl) throws IOException {
        throw new SocketException(WHY);
    }

    @Override
    @Deprecated
    protected byte getTTL() throws IOException {
        throw new SocketException(WHY);
    }

    @Override
    protected void setTimeToLive(int ttl) throws IOException {
        throw new SocketException(WHY);
    }

    @Override
    protected int getTimeToLive() throws IOException {
        throw new SocketException(WHY);
    }

    @Override
    protected void join(InetAddress inetaddr) throws IOException {
        throw new SocketException(WHY);
    }

    @Override
    protected void leave(InetAddress inetaddr) throws IOException {
        throw new SocketException(WHY);
    }

    @Override
    protected void joinGroup(SocketAddress mcastaddr, NetworkInterface netIf) throws IOException {
        throw new SocketException(WHY);
    }

    @Override
    protected void leaveGroup(SocketAddress mcastaddr, NetworkInterface netIf) throws IOException {
        throw new SocketException(WHY);
    }

    @Override
    protected void close() {
        // Nothing was opened.
    }

    @Override
    public void setOption(int optID, Object value) throws SocketException {
        throw new SocketException(WHY);
    }

    @Override
    public Object getOption(int optID) throws SocketException {
        throw new SocketException(WHY);
    }
}
