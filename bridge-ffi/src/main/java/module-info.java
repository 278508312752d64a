/** C libraries called in-process through FFM, jnr-ffi or JNA; long calls on dirty executors. */
module dev.bridgekit.ffi {
  requires transitive dev.bridgekit.runtime;
  requires org.slf4j;
  // Exports dev.bridgekit.ffi once its issue gives it public types.
}
