package dev.bridgekit.ports;

/**
 * A {@code {packet,N}} payload, or a chunk of stream output: {@code {Port, {data, Data}}}.
 *
 * @param port the port
 * @param data the bytes, without the length prefix; the receiver owns the array
 */
public record PortData(Port port, byte[] data) implements PortMessage {}
