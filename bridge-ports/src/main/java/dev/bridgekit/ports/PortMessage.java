package dev.bridgekit.ports;

/**
 * What a port sends its owner, as Erlang's {@code {Port, ...}} messages. A port sends them in
 * this order: data (and stderr) as it arrives, then {@link PortEof} (with the {@code eof} option)
 * and {@link PortExitStatus} (with {@code exit_status}), then the port closes; every message a
 * port sends reaches the owner's mailbox before the exit signal of the port's link does.
 */
public sealed interface PortMessage
    permits PortData, PortLine, PortStderr, PortEof, PortExitStatus, PortClosed, PortConnected {
  /** Returns the port the message comes from. */
  Port port();
}
