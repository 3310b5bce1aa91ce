/**
 * Test doubles and real loopback servers for Argyle's tests: echo and transfer targets, an HTTP target for
 * curl and friends, a scripted SOCKS client for raw protocol tests, and a runner for external programs.
 * Everything binds to loopback only, and every wait is bounded.
 */
package dev.argyle.testkit;
