package dev.bridgekit.ports;

/**
 * A chunk of the program's standard error, with {@link StderrMode#OWNER}.
 *
 * @param port the port
 * @param data the bytes as read; the receiver owns the array
 */
public record PortStderr(Port port, byte[] data) implements PortMessage {}
