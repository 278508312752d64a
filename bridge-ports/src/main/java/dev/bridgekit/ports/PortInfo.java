package dev.bridgekit.ports;

import dev.bridgekit.term.Pid;

/**
 * A snapshot of a port, as {@code erlang:port_info/1}.
 *
 * @param pid the port's process
 * @param owner the process that receives its messages
 * @param osPid the program's OS process id, also its process group id
 * @param bytesIn bytes read from the program's output so far (prefixes included)
 * @param bytesOut bytes written to the program's input so far (prefixes included)
 * @param queueBytes output queued and not yet written
 * @param busy whether senders park because the queue reached the high watermark
 * @param open whether the port is open
 */
public record PortInfo(
    Pid pid, Pid owner, long osPid, long bytesIn, long bytesOut, long queueBytes, boolean busy,
    boolean open) {}
