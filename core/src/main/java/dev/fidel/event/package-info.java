/**
 * How the core talks to its host: {@link dev.fidel.event.EventSink} (log lines and progress) that the Mojos map onto Maven's log.
 */
package dev.fidel.event;
