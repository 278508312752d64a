package dev.bridgekit.ports;

/**
 * Sent to the old owner when {@link Port#connect} gave the port a new one: {@code {Port,
 * connected}}. The old owner stays linked to the port until it unlinks.
 *
 * @param port the port
 */
public record PortConnected(Port port) implements PortMessage {}
