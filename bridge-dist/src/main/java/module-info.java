/** A node that speaks the Erlang distribution protocol, so Java processes join BEAM clusters. */
module dev.bridgekit.dist {
  requires transitive dev.bridgekit.runtime;
  requires org.slf4j;
  // Exports dev.bridgekit.dist once its issue gives it public types.
}
