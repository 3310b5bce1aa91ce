/**
 * The HAProxy PROXY protocol (v1 text, v2 binary) on a listener behind a load balancer: who may send the header,
 * reading it with Netty's decoder, and {@link dev.argyle.server.proxyheader.ClientAddress}, the one place that says
 * which client a session serves.
 */
package dev.argyle.server.proxyheader;
