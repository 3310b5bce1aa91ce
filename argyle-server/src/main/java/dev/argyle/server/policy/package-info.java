/**
 * Who may use the proxy, and for what: access rules in two stages, each an ordered list where the first
 * matching rule wins. <b>Client rules</b> are checked when a connection is accepted, before a byte is read
 * ({@link dev.argyle.server.policy.SessionPolicy#admit}); <b>request rules</b> when a request arrives, and again
 * for each address a name resolves to ({@link dev.argyle.server.policy.SessionPolicy#authorize}), so that a name
 * cannot lead where its address could not (no DNS-rebinding bypass).
 *
 * <p>A {@link dev.argyle.server.policy.Rule} is an action and a list of {@link dev.argyle.server.policy.Condition}s
 * built from small matchers ({@link dev.argyle.server.policy.Cidr}, {@link dev.argyle.server.policy.HostPattern},
 * {@link dev.argyle.server.policy.PortRanges}, ...). Conditions answer yes, no or "maybe" ({@link
 * dev.argyle.server.policy.Match}): "maybe" when the answer depends on something not known yet, such as the
 * address of a name before it is resolved. The built-in defaults ({@link dev.argyle.server.policy.DefaultRules})
 * are ordinary rules, so the documentation can show them and a configuration can replace them.
 *
 * <p>The protocol code sees this package through {@link dev.argyle.server.policy.SessionPolicy} and the
 * per-session {@link dev.argyle.server.policy.SessionGate} only. Depends on the JDK, the protocol module
 * ({@code Command}, {@code SocksAddress}), {@code server.observe} (the gate records decisions in the session)
 * and SLF4J (rules with {@code log: true}); nothing here knows about Netty or the config file.
 */
package dev.argyle.server.policy;
