package dev.bridgekit.ports;

/**
 * The program's output ended, with the {@code eof} option ({@code {Port, eof}}); the port stays
 * open until closed.
 *
 * @param port the port
 */
public record PortEof(Port port) implements PortMessage {}
