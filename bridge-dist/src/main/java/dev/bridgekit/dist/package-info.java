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
 * <p>Also as BEAM does: process aliases both ways ({@code ALIAS_SEND}; {@code
 * Processes.alias}), so that a BEAM {@code gen_server:call} reaches a Java {@code GenServer} and
 * a Java {@code GenServer.call} reaches a BEAM gen_server; remote spawn both ways ({@code
 * SPAWN_REQUEST}, {@link dev.bridgekit.dist.Node#spawn}, and functions a node {@link
 * dev.bridgekit.dist.Node#export exports}, which BEAM nodes spawn and call with {@code rpc:call}
 * and {@code erpc:call}); monitors on registered names, both ways.
 *
 * <p>Not supported: TLS distribution.
 */
package dev.bridgekit.dist;
