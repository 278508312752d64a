package dev.bridgekit.bench;

import java.util.Map;

/**
 * Holds the anchor node's answer to one command ({@code @@ ok key=value ...}) and the CPU time
 * the node spent from the moment the command was sent until the answer was read.
 *
 * @param command the command line sent
 * @param fields the answer's key-value pairs
 * @param cpuNanos the node's CPU time over the command (all schedulers, busy-waiting included)
 */
public record ErlReply(String command, Map<String, String> fields, long cpuNanos) {
  public ErlReply {
    fields = Map.copyOf(fields);
  }

  /** Returns the value of {@code key} as a long. */
  public long number(String key) {
    return Long.parseLong(text(key));
  }

  /** Returns the value of {@code key}. */
  public String text(String key) {
    String value = fields.get(key);
    if (value == null) {
      throw new IllegalStateException(
          "erl's answer to '" + command + "' has no " + key + ": " + fields);
    }
    return value;
  }

  /** Returns the timed window the answer reports: its {@code ops}, its {@code ns}, and the CPU. */
  public OpsWindow window() {
    return new OpsWindow(number("ops"), number("ns"), cpuNanos);
  }
}
