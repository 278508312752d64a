package dev.bridgekit.ports;

import dev.bridgekit.term.Pid;
import java.time.Duration;

/** Thrown by {@link PortPool#checkout} when no worker came free within the timeout. */
public final class PoolTimeoutException extends RuntimeException {
  PoolTimeoutException(Pid pool, Duration timeout) {
    super("no worker of pool " + pool + " came free within " + timeout);
  }
}
