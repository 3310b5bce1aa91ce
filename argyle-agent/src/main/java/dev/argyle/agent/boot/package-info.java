/**
 * The one class the agent puts on the bootstrap class path: the hook the instrumented JDK connect methods call.
 * java.base only.
 */
package dev.argyle.agent.boot;
