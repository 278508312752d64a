package dev.bridgekit.dist;

import dev.bridgekit.term.Atom;

/**
 * The message a process that called {@link Node#monitorNodes(boolean)} receives when a connection
 * to a node comes up, as {@code {nodeup, Node}} is in Erlang.
 *
 * @param node the node now connected
 */
public record NodeUp(Atom node) {}
