/** C libraries called in-process through FFM, jnr-ffi or JNA; long calls on dirty executors. */
module dev.bridgekit.ffi {
  requires transitive dev.bridgekit.runtime;
  requires dev.bridgekit.ports; // Backend.ISOLATED: the library hosted by a supervised port
  requires org.slf4j;
  requires transitive jdk.jfr; // LongNativeCall is a public jdk.jfr.Event
  requires com.sun.jna;
  requires org.jnrproject.ffi;
  requires org.apache.commons.compress;

  exports dev.bridgekit.ffi;
}
