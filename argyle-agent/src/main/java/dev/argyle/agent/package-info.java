/**
 * The Java agent of {@code argyle run --jvm}: installs the client library's {@code ChainProxySelector} and hooks
 * the JDK's TCP connect methods so that {@code Socket}, {@code URLConnection}, NIO {@code SocketChannel} and
 * {@code java.net.http.HttpClient} all go through the chain (docs/run.md). JDK, argyle-client and ASM only.
 */
package dev.argyle.agent;
