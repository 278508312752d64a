package dev.bridgekit.ports;

/**
 * A line, or a piece of a long one, in {@code {line,L}} framing: {@code {Port, {data, {eol,
 * Line}}}} or {@code {Port, {data, {noeol, Piece}}}}.
 *
 * @param port the port
 * @param data the bytes, without the newline; the receiver owns the array
 * @param eol true if a newline ended it; false for a piece cut at the maximum length or by the end
 *     of the output
 */
public record PortLine(Port port, byte[] data, boolean eol) implements PortMessage {}
