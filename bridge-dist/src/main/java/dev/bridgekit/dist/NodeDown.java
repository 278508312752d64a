package dev.bridgekit.dist;

import dev.bridgekit.term.Atom;

/**
 * The message a process receives when a node it monitors ({@link Node#monitorNode(Atom)}, {@link
 * Node#monitorNodes(boolean)}) disconnects, or cannot be connected to, as {@code {nodedown,
 * Node}} is in Erlang.
 *
 * @param node the node
 * @param reason why, for people: {@code connection closed by the peer}, {@code net_tick_timeout},
 *     {@code disconnect}, or why connecting failed
 */
public record NodeDown(Atom node, String reason) {}
