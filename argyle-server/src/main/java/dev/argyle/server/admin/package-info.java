/**
 * The admin listener: HTTP on its own small event loop group (so a slow or hostile admin client cannot stall a
 * SOCKS session) serving Prometheus metrics, a JSON API over the live sessions, and the live status page.
 * Depends on observe and metrics; the SOCKS code knows nothing of it.
 */
package dev.argyle.server.admin;
