package dev.bridgekit.ports;

/**
 * The program exited, with the {@code exit_status} option: {@code {Port, {exit_status, Status}}}.
 * Sent after the program's output has ended and all of it was delivered.
 *
 * @param port the port
 * @param status the exit code, or 128 + the signal number when a signal killed it
 */
public record PortExitStatus(Port port, int status) implements PortMessage {}
