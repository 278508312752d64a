/** External programs as supervised child OS processes exchanging framed packets, as Erlang ports. */
module dev.bridgekit.ports {
  requires transitive dev.bridgekit.runtime;
  requires org.slf4j;
  requires zt.exec; // one-shot runs (Command); an automatic module
  exports dev.bridgekit.ports;
}
