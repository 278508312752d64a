package dev.bridgekit.ports;

/**
 * The port was closed by {@link Port#close()}: {@code {Port, closed}}. Nothing follows it but the
 * link's exit signal with reason {@code normal}.
 *
 * @param port the port
 */
public record PortClosed(Port port) implements PortMessage {}
