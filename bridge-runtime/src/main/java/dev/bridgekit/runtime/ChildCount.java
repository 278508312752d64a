package dev.bridgekit.runtime;

/**
 * Counts a supervisor's children, as Erlang's {@code count_children}.
 *
 * @param specs all children, running or not
 * @param active the children running
 * @param supervisors the children of type supervisor, running or not
 * @param workers the children of type worker, running or not
 */
public record ChildCount(int specs, int active, int supervisors, int workers) {}
