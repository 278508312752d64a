/** The process runtime (processes, links, monitors, GenServer, Supervisor) and Erlang terms. */
module dev.bridgekit.runtime {
  requires org.slf4j;
  exports dev.bridgekit.runtime;
  exports dev.bridgekit.term;
  exports dev.bridgekit.runtime.internal to dev.bridgekit.dist;
  exports dev.bridgekit.term.internal to dev.bridgekit.dist;
}
