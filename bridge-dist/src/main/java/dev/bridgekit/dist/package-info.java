/**
 * Makes this JVM a node of an Erlang cluster, speaking Erlang's distribution protocol itself (no
 * jinterface): {@link dev.bridgekit.dist.Node} starts it from {@link
 * dev.bridgekit.dist.NodeOptions}, and from then on every runtime process is reachable from BEAM
 * nodes, C nodes and other Java nodes by its pid, and reaches theirs with the runtime's own calls
 * ({@code Processes.send}, {@code link}, {@code monitor}, {@code exit}).
 *
 * <p>What the node does, as BEAM does it: registers with EPMD (starting one inside the JVM when
 * none listens, so two Java nodes need no Erlang), or runs EPMD-less with the port in its name or
 * one fixed port; the OTP 23 handshake (versions 5 and 6) with the OTP 25 flags, the cookie's MD5
 * challenge compared in constant time, simultaneous connects resolved by name; one connection per
 * peer, set up on the first signal to it, kept alive with ticks and dropped after {@code
 * net_ticktime} of silence; messages of any size in fragments; links and monitors across nodes,
 * broken with {@code noconnection} when a connection is lost; {@code monitor_node}-style {@link
 * dev.bridgekit.dist.NodeDown} and {@link dev.bridgekit.dist.NodeUp} messages; a {@code
 * net_kernel} that answers {@code net_adm:ping/1}.
 *
 * <p>Not supported: remote spawn ({@code DFLAG_SPAWN} is not offered), messages to process
 * aliases (dropped: the runtime has no aliases), monitors on a remote registered name from Java,
 * TLS distribution.
 */
package dev.bridgekit.dist;
