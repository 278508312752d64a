/** A node that speaks the Erlang distribution protocol, so Java processes join BEAM clusters. */
module dev.bridgekit.dist {
  requires transitive dev.bridgekit.runtime;
  requires org.slf4j;
  exports dev.bridgekit.dist;
}
