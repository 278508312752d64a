/** External programs as supervised child OS processes exchanging framed packets, as Erlang ports. */
module dev.bridgekit.ports {
  requires transitive dev.bridgekit.runtime;
  requires org.slf4j;
  // Exports dev.bridgekit.ports once its issue gives it public types.
}
