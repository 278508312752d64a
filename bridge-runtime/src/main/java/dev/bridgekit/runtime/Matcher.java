package dev.bridgekit.runtime;

/**
 * A receive clause: looks at one message and either takes it, returning what the receive returns,
 * or leaves it in the mailbox, returning {@code null}. Written most often as a switch:
 *
 * <pre>{@code
 * String text = Processes.receive(m -> switch (m) {
 *   case String s -> s;
 *   case Down d -> throw new IllegalStateException("gone: " + d.reason());
 *   default -> null;   // not for us: stays in the mailbox, in order
 * });
 * }</pre>
 *
 * <p>It runs on the receiving process's thread, once per message looked at, and must not block or
 * receive. An exception it throws propagates from the receive, and the message stays.
 *
 * @param <T> what the receive returns
 */
@FunctionalInterface
public interface Matcher<T> {
  /** Returns the receive's result for {@code message}, or {@code null} to leave it. */
  T match(Object message);

  /** A matcher that takes any message. */
  static Matcher<Object> any() {
    return m -> m;
  }
}
