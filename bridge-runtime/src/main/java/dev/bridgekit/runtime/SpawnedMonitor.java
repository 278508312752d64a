package dev.bridgekit.runtime;

import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;

/**
 * What {@link Processes#spawnMonitor(ProcessBody)} returns: the new process and the monitor on it.
 *
 * @param pid the new process
 * @param ref the monitor's reference; its {@link Down} carries it
 */
public record SpawnedMonitor(Pid pid, Ref ref) {}
